// Runs in Node (test). Page text -> prompter lines, on text item layouts copied from the fixture decks (pdf.js 5.6 output).
import { describe, expect, it } from 'vitest';
import {
  isNoiseLine,
  linesToSentences,
  pageTextToPrompt,
  splitSentences,
  stripLeadingBullet,
  stripRepeatedLines,
  textItemsToLines,
  type PdfTextItem,
  type TextLine,
} from '../../src/shared/logic/sentences';

/** A horizontal text item; `w` defaults to a plausible advance width. */
function item(str: string, x: number, y: number, size: number, opts: { w?: number; eol?: boolean; horizontal?: boolean } = {}): PdfTextItem {
  return { str, x, y, size, width: opts.w ?? str.length * size * 0.5, hasEOL: opts.eol ?? false, horizontal: opts.horizontal ?? true };
}
const eol = (x: number, y: number, size: number): PdfTextItem => item('', x, y, size, { w: 0, eol: true });
const line = (text: string, y: number, size = 10, x = 28): TextLine => ({ text, x, y, size });

describe('textItemsToLines', () => {
  it('puts a beamer header title and its page counter on two lines, and drops the counter as noise', () => {
    // beamer-16x9-de page 2: "1. Inhaltsverzeichnis", a 300 pt space item, "2/30" two points higher.
    const items = [item('1. Inhaltsverzeichnis', 12, 240.4, 12, { w: 102.8 }), item(' ', 114.8, 240.4, 12, { w: 300.3 }), item('2/30', 415.1, 242.4, 12, { w: 20.5 })];
    const lines = textItemsToLines(items);
    expect(lines.map((l) => l.text)).toEqual(['1. Inhaltsverzeichnis', '2/30']);
    expect(linesToSentences(lines)).toEqual(['1. Inhaltsverzeichnis']);
  });

  it('treats an OpenSymbol bullet (smaller, higher baseline) as part of its item and removes it', () => {
    // impress-export-fr page 2: "●" at 8 pt, y 329.3, then "Nom :" at 18 pt, y 325.
    const items = [
      eol(277.8, 329.3, 8),
      item('●', 277.8, 329.3, 8, { w: 6.3 }),
      item(' ', 284.1, 329.3, 8, { w: 3.9 }),
      item('Nom :', 288, 325, 18, { w: 45.6 }),
      eol(277.8, 299.1, 8),
      item('●', 277.8, 299.1, 8, { w: 6.3 }),
      item(' ', 284.1, 299.1, 8, { w: 3.9 }),
      item('Points de vie :', 288, 294.8, 18, { w: 102.7 }),
    ];
    const lines = textItemsToLines(items);
    expect(lines).toEqual([
      { text: 'Nom :', x: 288, y: 325, size: 18, right: 333.6, listItem: true },
      { text: 'Points de vie :', x: 288, y: 294.8, size: 18, right: 390.7, listItem: true },
    ]);
  });

  it('drops a beamer triangle that a font without ToUnicode maps to "I"', () => {
    // beamer-4x3-fr page 4: "I" at 8 pt, then the item text at 10.9 pt.
    const items = [eol(38.1, 78.9, 8), item('I', 38.1, 78.9, 8, { w: 6.6 }), item(' ', 44.7, 78.9, 8, { w: 5.5 }), item('des caractères de contrôles.', 50.2, 77.7, 10.9, { w: 244 })];
    expect(textItemsToLines(items).map((l) => l.text)).toEqual(['des caractères de contrôles.']);
  });

  it('keeps a one-letter word that is not smaller than the text after it', () => {
    const items = [item('I', 10, 100, 12, { w: 4 }), item(' ', 14, 100, 12, { w: 3 }), item('think so.', 17, 100, 12, { w: 50 })];
    expect(textItemsToLines(items).map((l) => l.text)).toEqual(['I think so.']);
  });

  it('glues glyph runs that touch and spaces runs that are apart, keeping mojibake as it is', () => {
    // beamer-4x3-fr page 3: "Mathrice, c’est gÃ" + "©" + "nial" in two fonts, touching.
    const items = [item('Mathrice, c’est gÃ', 126.9, 41, 10.9, { w: 84.3 }), item('©', 211.2, 41, 10.9, { w: 7.6 }), item('nial', 218.8, 41, 10.9, { w: 16.1 })];
    expect(textItemsToLines(items).map((l) => l.text)).toEqual(['Mathrice, c’est gÃ©nial']);
    const apart = [item('formal', 10, 50, 10, { w: 30 }), item('system', 43, 50, 10, { w: 30 })];
    expect(textItemsToLines(apart).map((l) => l.text)).toEqual(['formal system']);
  });

  it('starts a new line on pdf.js end-of-line marks and on a baseline jump, and skips rotated text', () => {
    const items = [
      item('First line', 10, 200, 10, { eol: true }),
      item('Second line', 10, 186, 10),
      item('2017-03-01', 22.7, 209.5, 9, { horizontal: false }),
      item('Third line', 10, 150, 10),
    ];
    expect(textItemsToLines(items).map((l) => l.text)).toEqual(['First line', 'Second line', 'Third line']);
  });
});

describe('linesToSentences', () => {
  it('joins a paragraph broken over lines and splits it into sentences (French, beamer-4x3-fr page 4)', () => {
    const lines = [
      line('Au début était l’ASCII', 221.4, 14.3, 8.5),
      line('La norme ASCII est publiée pour la première fois en 1963 et à peu', 200.4, 10.9),
      line('près stabilisée dans sa version actuelle en 1967.', 186.8, 10.9),
      line('Le codage ASCII est dérivé des codages utilisé en télégraphie. À', 161.3, 10.9),
      line('cette époque, la bande passante est faible, la qualité de', 147.8, 10.9),
      line('transmission est aléatoire.', 134.2, 10.9),
    ];
    expect(linesToSentences(lines)).toEqual([
      'Au début était l’ASCII',
      'La norme ASCII est publiée pour la première fois en 1963 et à peu près stabilisée dans sa version actuelle en 1967.',
      'Le codage ASCII est dérivé des codages utilisé en télégraphie.',
      'À cette époque, la bande passante est faible, la qualité de transmission est aléatoire.',
    ]);
  });

  it('keeps list items apart when each starts with a capital, and keeps hyphens at line breaks', () => {
    const lines = [line('Attaquer', 141.3, 20), line('Subir des dégâts', 107.7, 20), line('un mail peut être quasi-', 60, 10), line('instantanément envoyé', 46, 10)];
    expect(linesToSentences(lines)).toEqual(['Attaquer', 'Subir des dégâts', 'un mail peut être quasi-instantanément envoyé']);
  });

  it('does not join across a size change or a large vertical gap', () => {
    expect(linesToSentences([line('Titre de la diapositive', 250, 20), line('sous-titre en minuscules', 220, 12)])).toEqual([
      'Titre de la diapositive',
      'sous-titre en minuscules',
    ]);
    expect(linesToSentences([line('premier bloc', 250, 10), line('second bloc', 200, 10)])).toEqual(['premier bloc', 'second bloc']);
  });

  it('drops lone bullets, page counters, single characters and letterless debris but keeps real short lines', () => {
    const lines = [line('●', 300), line('3/30', 290), line('Seite 3 von 30', 280), line('12', 270), line('}', 260), line('OK', 250), line('• Bullet two', 240), line('¬ ∃ → ∧', 230), line('−0.5', 220), line('x = 2', 210)];
    expect(linesToSentences(lines)).toEqual(['OK', 'Bullet two', 'x = 2']);
  });
});

describe('splitSentences', () => {
  it('splits at . ! ? … before a capital, including French spacing before ? and !', () => {
    expect(splitSentences('Que fait un Pokemon ? Il attaque ! Puis… Il se défend.')).toEqual(['Que fait un Pokemon ?', 'Il attaque !', 'Puis…', 'Il se défend.']);
  });

  it('does not split after abbreviations, initials, ordinals or German dates', () => {
    expect(splitSentences('Zeichenketten sind indizierbar (z.B. durch Gödelisierung).')).toHaveLength(1);
    expect(splitSentences('Vortrag von S. Aicardi. Danach Fragen.')).toEqual(['Vortrag von S. Aicardi.', 'Danach Fragen.']);
    expect(splitSentences('Leipzig / 28. Januar 2015')).toEqual(['Leipzig / 28. Januar 2015']);
    expect(splitSentences('1. Einführung')).toEqual(['1. Einführung']);
    expect(splitSentences('Voir M. Dupont, etc. Fin')).toEqual(['Voir M. Dupont, etc. Fin']);
    expect(splitSentences('Es sind 32. Danach kommt mehr.')).toEqual(['Es sind 32.', 'Danach kommt mehr.']);
  });

  it('keeps closing quotes with their sentence and leaves lower-case continuations alone', () => {
    expect(splitSentences('Er sagte „Hallo.“ Dann ging er. e.g. this stays.')).toEqual(['Er sagte „Hallo.“', 'Dann ging er. e.g. this stays.']);
  });

  it('collapses whitespace and returns nothing for blank text', () => {
    expect(splitSentences('  a\u00a0 b \n c ')).toEqual(['a b c']);
    expect(splitSentences(' \n ')).toEqual([]);
  });
});

describe('stripRepeatedLines', () => {
  it('removes a footer repeated at the same place on most pages, and keeps the same words elsewhere', () => {
    const footer = line('S. Aicardi Codages de caractères', 3, 6, 146);
    const pages = [
      [line('Codages de caractères', 200, 20)],
      [line('Introduction', 192, 12), footer],
      [line('Problèmes de codages', 221, 14), footer],
      [line('Au début était l’ASCII', 221, 14), footer],
      [line('ISO 8859-1', 221, 14), footer, line('Introduction', 266, 6)],
    ];
    const stripped = stripRepeatedLines(pages);
    expect(stripped.flat().some((l) => l === footer)).toBe(false);
    expect(stripped[1]!.map((l) => l.text)).toEqual(['Introduction']);
    expect(stripped[4]!.map((l) => l.text)).toEqual(['ISO 8859-1', 'Introduction']);
  });

  it('leaves decks of fewer than four pages alone', () => {
    const same = [line('Titre', 200, 20)];
    expect(stripRepeatedLines([same, same, same])).toEqual([same, same, same]);
  });
});

describe('small helpers', () => {
  it('recognises noise and strips bullets', () => {
    expect(isNoiseLine('▪')).toBe(true);
    expect(isNoiseLine('• – •')).toBe(true);
    expect(isNoiseLine('Page 4')).toBe(true);
    expect(isNoiseLine('4 sur 19')).toBe(true);
    expect(isNoiseLine('2017')).toBe(true);
    expect(isNoiseLine('Bonjour')).toBe(false);
    expect(stripLeadingBullet('● Attaquer')).toBe('Attaquer');
    expect(stripLeadingBullet('- Liste')).toBe('Liste');
    expect(stripLeadingBullet('-1 est négatif')).toBe('-1 est négatif');
    expect(stripLeadingBullet('\uF0B7 Wingdings')).toBe('Wingdings');
  });

  it('turns a page of items into prompt text, one sentence a line', () => {
    const items = [item('Slide one: Introduction', 10, 200, 20, { eol: true }), item('Welcome to the course. It is short.', 10, 170, 12)];
    expect(pageTextToPrompt(items)).toBe('Slide one: Introduction\nWelcome to the course.\nIt is short.');
  });
});
