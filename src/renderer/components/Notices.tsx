// Runs in the renderer. Short notices (import done, cancelled, errors) announced to screen readers.
import { describeError, translate, type Language } from '../i18n';
import { useT } from '../i18n/useT';
import { useUiStore, type Notice } from '../stores/uiStore';

/** A message with an error gets the error's sentence as its {reason}, translated now (not when it was raised). */
function noticeText(notice: Notice, language: Language): string {
  if (notice.message) {
    const params = notice.error ? { ...notice.message.params, reason: describeError(notice.error, language) } : notice.message.params;
    return translate(language, notice.message.key, params);
  }
  return notice.error ? describeError(notice.error, language) : '';
}

export function Notices() {
  const t = useT();
  const notices = useUiStore((state) => state.notices);
  const dismiss = useUiStore((state) => state.dismissNotice);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`} role={notice.tone === 'error' ? 'alert' : undefined}>
          <span>{noticeText(notice, t.language)}</span>
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
