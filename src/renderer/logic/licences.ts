// Runs in the renderer (pure, unit-tested in Node). Creative Commons licence codes as Pod stores them
// ("by-nc-sa") turned into the names people read ("CC BY-NC-SA — Attribution, NonCommercial,
// ShareAlike"), in English and French, for every view that shows a licence.
// Names follow https://creativecommons.org/licenses/ and its French pages (…/deed.fr).
import type { Language } from '../i18n';

const ELEMENTS: Record<string, Record<Language, string>> = {
  by: { en: 'Attribution', fr: 'Attribution' },
  nc: { en: 'NonCommercial', fr: 'pas d’utilisation commerciale' },
  nd: { en: 'NoDerivatives', fr: 'pas de modification' },
  sa: { en: 'ShareAlike', fr: 'partage dans les mêmes conditions' },
};

const OTHERS: Record<string, Record<Language, string>> = {
  copyright: { en: 'All rights reserved', fr: 'Tous droits réservés' },
  cc0: { en: 'CC0 — Public domain dedication', fr: 'CC0 — Dévouement au domaine public' },
  'public-domain': { en: 'Public domain', fr: 'Domaine public' },
};

/** The readable name of a licence code; an unknown code is shown as the server's label, else as it is. */
export function licenceName(code: string, language: Language, serverLabel?: string): string {
  const normalised = code.trim().toLowerCase().replace(/^cc[-_ ]/, '').replace(/_/g, '-');
  const other = OTHERS[normalised];
  if (other) return other[language];
  const parts = normalised.split('-');
  if (parts[0] === 'by' && parts.every((part) => ELEMENTS[part]) && new Set(parts).size === parts.length) {
    const words = parts.map((part) => ELEMENTS[part]![language]);
    return `CC ${parts.join('-').toUpperCase()} — ${words.join(', ')}`;
  }
  return serverLabel && serverLabel.trim() !== '' && serverLabel.trim().toLowerCase() !== normalised ? serverLabel : code;
}
