// Runs in Node (tests). The renderer's i18n: dictionaries in step, plurals, interpolation, feature
// messages, language detection, and error codes translated without ever showing a stack.
import { afterEach, describe, expect, test } from 'vitest';
import { StudioError } from '../../src/shared/errors';
import { en } from '../../src/renderer/i18n/en';
import { fr } from '../../src/renderer/i18n/fr';
import { defineMessages, describeError, detectLanguage, registerMessages, setCurrentLanguage, t, translate } from '../../src/renderer/i18n';
import { formatDuration, formatPercent, frenchTypography, interpolate } from '../../src/renderer/i18n/format';

afterEach(() => setCurrentLanguage('en'));

describe('dictionaries', () => {
  test('French has exactly the English keys, none empty', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of [...Object.entries(en), ...Object.entries(fr)]) expect(value.trim(), key).not.toBe('');
  });

  test('the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect(placeholders(fr[key]), key).toEqual(placeholders(en[key]));
  });

  test('every stable error code the UI meets has a translation', () => {
    const codes = ['PDF_ENCRYPTED', 'PDF_BAD_PASSWORD', 'PDF_CORRUPT', 'PDF_NOT_PDF', 'PDF_EMPTY', 'PDF_TOO_MANY_PAGES', 'CANCELLED', 'DISK_FULL', 'FFMPEG_NOT_FOUND', 'NOT_FOUND', 'BAD_ARGS', 'INTERNAL', 'BRIDGE_DISCONNECTED'];
    for (const code of codes) {
      expect(translate('en', `errors.${code}`), code).not.toBe(`errors.${code}`);
      expect(translate('fr', `errors.${code}`), code).not.toBe(translate('en', `errors.${code}`));
    }
  });
});

describe('translate', () => {
  test('plurals follow each language’s rules (French 0 and 1 are singular)', () => {
    expect(translate('en', 'library.slides', { count: 1 })).toBe('1 slide');
    expect(translate('en', 'library.slides', { count: 0 })).toBe('0 slides');
    expect(translate('fr', 'library.slides', { count: 0 })).toBe('0 diapositive');
    expect(translate('fr', 'library.slides', { count: 12 })).toBe('12 diapositives');
  });

  test('params are interpolated and t() follows the current language', () => {
    expect(t('import.title', { name: 'cours.pdf' })).toBe('Importing “cours.pdf”');
    setCurrentLanguage('fr');
    expect(t('import.title', { name: 'cours.pdf' })).toBe('Import de «\u202fcours.pdf\u202f»');
  });

  test('an unknown key shows as itself, so a missing string is visible, not blank', () => {
    expect(t('nowhere.to.be.found')).toBe('nowhere.to.be.found');
  });

  test('feature messages merge under their namespace, with both languages checked by the type', () => {
    const messages = defineMessages({ en: { start: 'Start', takes_one: '{count} take', takes_other: '{count} takes' }, fr: { start: 'Démarrer', takes_one: '{count} prise', takes_other: '{count} prises' } });
    registerMessages('testfeature', messages);
    expect(translate('en', 'testfeature.start')).toBe('Start');
    expect(translate('fr', 'testfeature.takes', { count: 3 })).toBe('3 prises');
    expect(translate('fr', 'testfeature.takes', { count: 1 })).toBe('1 prise');
  });
});

describe('detectLanguage', () => {
  test('the first supported preference wins, English otherwise', () => {
    expect(detectLanguage(['fr-FR', 'en-US'])).toBe('fr');
    expect(detectLanguage(['de-DE', 'fr-CA'])).toBe('fr');
    expect(detectLanguage(['en-GB'])).toBe('en');
    expect(detectLanguage(['de', 'es'])).toBe('en');
    expect(detectLanguage([])).toBe('en');
  });
});

describe('describeError', () => {
  test('known codes are translated', () => {
    const error = new StudioError('PDF_ENCRYPTED', 'The PDF is encrypted.');
    expect(describeError(error, 'en')).toBe('This PDF is protected by a password.');
    expect(describeError(error, 'fr')).toBe('Ce PDF est protégé par un mot de passe.');
  });

  test('details fill the detailed variant when they carry every value, else the plain one', () => {
    expect(describeError(new StudioError('PDF_TOO_MANY_PAGES', 'x', { pageCount: 812, limit: 500 }), 'fr')).toBe('Ce PDF a 812 pages\u202f; la limite est de 500.');
    expect(describeError(new StudioError('PDF_TOO_MANY_PAGES', 'x', { pageCount: 812 }), 'en')).toBe('This PDF has more pages than the configured limit.');
  });

  test('an unknown code falls back to the plain message, first line only', () => {
    expect(describeError({ code: 'POD_QUOTA', message: 'Your Pod quota is exhausted.\nsecond line' }, 'en')).toBe('Your Pod quota is exhausted.');
  });

  test('never a stack: plain Errors show their message, empty ones the INTERNAL text', () => {
    const error = new Error('socket hang up');
    expect(error.stack).toContain('at ');
    const text = describeError(error, 'en');
    expect(text).toBe('socket hang up');
    expect(text).not.toContain(' at ');
    expect(describeError(new Error(''), 'en')).toBe('An unexpected error happened in the studio.');
    expect(describeError(undefined, 'fr')).toBe('Une erreur inattendue s’est produite dans le studio.');
  });
});

describe('formats', () => {
  test('durations read the same in both languages and never show 0 s while work remains', () => {
    expect(formatDuration(0.2)).toBe('1 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(65)).toBe('1 min 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatDuration(-3)).toBe('0 s');
  });

  test('percentages and interpolation', () => {
    expect(formatPercent(0.426, 'en')).toBe('43%');
    expect(formatPercent(1.7, 'en')).toBe('100%');
    expect(formatPercent(0.5, 'fr').replace(/\s/g, ' ')).toBe('50 %');
    expect(interpolate('{a} and {b}', { a: 1 }, 'en')).toBe('1 and {b}');
    expect(interpolate('{x}', { x: 2.25 }, 'fr')).toBe('2,3');
  });
});

describe('French typography', () => {
  test('a non-breaking space before ":" and a narrow one before ";?!" and inside « », whatever the dictionary wrote', () => {
    expect(frenchTypography('Participants : {count}')).toBe('Participants\u00a0: {count}');
    expect(frenchTypography('{label}: {value}')).toBe('{label}\u00a0: {value}');
    expect(frenchTypography('Vraiment?')).toBe('Vraiment\u202f?');
    expect(frenchTypography('Import de «{name}»')).toBe('Import de «\u202f{name}\u202f»');
  });

  test('addresses, times, a lone "?" and "(?)" are left alone', () => {
    for (const text of ['https://pod.example.fr', '10:30', '?', 'Raccourcis clavier (?)']) expect(frenchTypography(text)).toBe(text);
  });

  test('every French message comes out with its spaces (no ordinary space before : ; ? !)', () => {
    for (const key of Object.keys(fr)) {
      expect(translate('fr', key), key).not.toMatch(/ [:;?!](\s|$)/);
    }
    expect(translate('fr', 'app.labelValue', { label: 'Participants', value: 3 })).toBe('Participants\u00a0: 3');
    expect(translate('en', 'app.labelValue', { label: 'Participants', value: 3 })).toBe('Participants: 3');
  });
});

describe('download failures name the file and the reason', () => {
  test('BBB_DOWNLOAD_FAILED with its details', async () => {
    const { errorMessages } = await import('../../src/renderer/features/bbb/messages');
    registerMessages('errors', errorMessages);
    const error = new StudioError('BBB_DOWNLOAD_FAILED', 'x', { file: 'webcams.webm', reason: 'HTTP 503', status: 503, retryable: true });
    expect(describeError(error, 'en')).toBe('The recording file “webcams.webm” could not be downloaded: HTTP 503.');
    expect(describeError(error, 'fr')).toBe('Le fichier «\u202fwebcams.webm\u202f» de l’enregistrement n’a pas pu être téléchargé\u00a0: HTTP 503.');
  });
});
