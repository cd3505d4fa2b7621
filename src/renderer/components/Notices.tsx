// Runs in the renderer. Short notices (import done, cancelled, errors) announced to screen readers.
import { describeError } from '../i18n';
import { useT } from '../i18n/useT';
import { useUiStore } from '../stores/uiStore';

export function Notices() {
  const t = useT();
  const notices = useUiStore((state) => state.notices);
  const dismiss = useUiStore((state) => state.dismissNotice);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : undefined}>
          <span>{notice.error ? describeError(notice.error, t.language) : notice.message ? t(notice.message.key, notice.message.params) : ''}</span>
          <button type="button" className="icon-button" aria-label={t('app.dismiss')} onClick={() => dismiss(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

/** An inline error with a dismiss button, for a store's `error`. */
export function ErrorBanner({ error, onDismiss }: { error: unknown; onDismiss(): void }) {
  const t = useT();
  return (
    <div className="error-banner" role="alert">
      <span>{t.error(error)}</span>
      <button type="button" className="icon-button" aria-label={t('app.dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
