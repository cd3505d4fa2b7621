// Runs in Electron's main process (pure, no Electron import, so it is unit-tested). The words of the
// native screen-or-window choice, in the system's language: French or English, as the interface.

export interface DisplayMediaTexts {
  message: string;
  cancel: string;
}

/** `locale` is Electron's `app.getLocale()` ("fr", "fr-CA", "en-US"…); anything not French is English. */
export function displayMediaTexts(locale: string): DisplayMediaTexts {
  if (/^fr\b/i.test(locale.trim())) return { message: 'Enregistrer quel écran ou quelle fenêtre\u00a0?', cancel: 'Annuler' };
  return { message: 'Record which screen or window?', cancel: 'Cancel' };
}
