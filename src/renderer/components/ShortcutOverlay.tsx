// Runs in the renderer. The `?` overview of every shortcut, straight from the one table.
import { Fragment } from 'react';
import { hasMessage } from '../i18n';
import { useT } from '../i18n/useT';
import { IS_MAC } from '../hooks/useShortcuts';
import { SHORTCUT_SCOPES, keyLabel, shortcutsOf } from '../shortcuts';
import { useUiStore } from '../stores/uiStore';
import { Dialog } from './Dialog';

export function ShortcutOverlay() {
  const t = useT();
  const open = useUiStore((state) => state.shortcutsOpen);
  const toggle = useUiStore((state) => state.toggleShortcuts);
  return (
    <Dialog open={open} title={t('shortcuts.title')} onClose={() => toggle(false)} className="shortcuts-dialog">
      <div className="shortcut-groups">
        {SHORTCUT_SCOPES.map((scope) => (
          <section key={scope} className="shortcut-group" aria-labelledby={`shortcut-scope-${scope}`}>
            <h3 id={`shortcut-scope-${scope}`}>{t(`shortcuts.scope.${scope}`)}</h3>
            <dl>
              {shortcutsOf(scope).map((shortcut) => (
                <Fragment key={shortcut.id}>
                  <dt>
                    {shortcut.keys.map((binding, index) => (
                      <Fragment key={binding}>
                        {index > 0 && <span className="muted"> {t('shortcuts.or')} </span>}
                        {keyLabel(binding, IS_MAC).map((part, partIndex) => (
                          <Fragment key={partIndex}>
                            {partIndex > 0 && '+'}
                            <kbd>{hasMessage(`shortcuts.key.${part}`) ? t(`shortcuts.key.${part}`) : part}</kbd>
                          </Fragment>
                        ))}
                      </Fragment>
                    ))}
                  </dt>
                  <dd>{t(shortcut.description)}</dd>
                </Fragment>
              ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={() => toggle(false)}>
          {t('app.close')}
        </button>
      </div>
    </Dialog>
  );
}
