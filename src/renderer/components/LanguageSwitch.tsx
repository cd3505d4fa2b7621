// Runs in the renderer. The language menu: follows the OS/browser by default, the choice is saved.
import { LANGUAGES, isLanguage } from '../i18n';
import { useT } from '../i18n/useT';
import { useUiStore } from '../stores/uiStore';

export function LanguageSwitch() {
  const t = useT();
  const setLanguage = useUiStore((state) => state.setLanguage);
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('app.language')}</span>
      <select
        value={t.language}
        aria-label={t('app.language')}
        onChange={(event) => {
          const value = event.target.value;
          if (isLanguage(value)) void setLanguage(value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language}>
            {t(`language.${language}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
