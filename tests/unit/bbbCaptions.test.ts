// Runs in Node (unit tests). The one reader of BBB's captions.json: the locales it lists, safe for file
// names, and nothing (never a failed import) from a damaged file.
import { describe, expect, it } from 'vitest';
import { captionLocales } from '../../src/shared/logic/bbbCaptions';

describe('captions.json', () => {
  it('lists the locales in order, once each', () => {
    const json = JSON.stringify([
      { locale: 'fr-FR', localeName: 'Français' },
      { locale: 'en', localeName: 'English' },
      { locale: 'fr-FR', localeName: 'Français' },
      { locale: 'pt_BR' },
    ]);
    expect(captionLocales(json)).toEqual(['fr-FR', 'en', 'pt_BR']);
  });

  it('drops locales that are not safe in a file name, and entries without one', () => {
    expect(captionLocales(JSON.stringify([{ locale: '../../etc/passwd' }, { locale: 'fr/../x' }, { locale: 42 }, null, 'fr', { locale: 'de' }]))).toEqual(['de']);
  });

  it('reads nothing from a damaged or unexpected file', () => {
    expect(captionLocales('{"locale": "fr"')).toEqual([]);
    expect(captionLocales('{"locale": "fr"}')).toEqual([]);
    expect(captionLocales('')).toEqual([]);
  });
});
