// Runs in Node (test). The prompter cleanup rules that read the PDF's own layout (fonts, raised baselines,
// line geometry, aligned cells), on item layouts taken from the fixture decks (pdf.js 5.6 output) and from
// the generated beamer-like deck (tests/support/beamerLikePdf.ts).
import { describe, expect, it } from 'vitest';
import { layoutPageText, toSuperscript, type PdfTextItem } from '../../src/shared/logic/pdfTextLines';
import { findDiagramLabels } from '../../src/shared/logic/pdfDiagramLabels';
import { findTables } from '../../src/shared/logic/pdfTables';
import { linesToSentences } from '../../src/shared/logic/sentences';

function item(str: string, x: number, y: number, size: number, opts: { w?: number; font?: string; eol?: boolean } = {}): PdfTextItem {
  return {
    str,
    x,
    y,
    size,
    width: opts.w ?? str.length * size * 0.5,
    hasEOL: opts.eol ?? false,
    horizontal: true,
    ...(opts.font ? { fontName: opts.font } : {}),
  };
}
const eol = (x: number, y: number, size: number): PdfTextItem => item('', x, y, size, { w: 0, eol: true });
const prompt = (items: PdfTextItem[]): string[] => linesToSentences(layoutPageText(items).lines);

describe('list markers from symbol fonts', () => {
  it('drops beamer’s ▶ (AMS symbol font, extracted as "I") even when it is nearly the text’s size (beamer-like page 6)', () => {
    const items = [
      eol(38.1, 173.2, 8),
      item('I', 38.1, 173.2, 8, { w: 6.2, font: 'MSAM10' }),
      item(' ', 44.3, 173.2, 8, { w: 5.9, font: 'MSAM10' }),
      item('NUL : termine une chaîne dans bien des langages.', 50.2, 172, 9, { w: 230, font: 'LMSans10-Regular' }),
      eol(38.1, 158.2, 8),
      item('I', 38.1, 158.2, 8, { w: 6.2, font: 'MSAM10' }),
      item(' ', 44.3, 158.2, 8, { w: 5.9, font: 'MSAM10' }),
      item('BEL ou ^G : fait sonner le terminal !', 50.2, 157, 9, { w: 170, font: 'LMSans10-Regular' }),
    ];
    const { lines } = layoutPageText(items);
    expect(lines.map((l) => [l.text, l.listItem])).toEqual([
      ['NUL : termine une chaîne dans bien des langages.', true],
      ['BEL ou ^G : fait sonner le terminal !', true],
    ]);
  });

  it('keeps a capital I that is a word, in a text font, at the text’s size', () => {
    const items = [item('I', 10, 100, 9, { w: 3, font: 'LMSans10-Regular' }), item(' ', 13, 100, 9, { w: 3 }), item('think so.', 16, 100, 9, { w: 40, font: 'LMSans10-Regular' })];
    expect(prompt(items)).toEqual(['I think so.']);
  });

  it('does not join bullet items into one sentence though their column is wide (impress A4 page 8, OpenSymbol ●)', () => {
    const bullet = (text: string, y: number, w: number): PdfTextItem[] => [
      eol(463.5, y + 4.5, 8.1),
      item('●', 463.5, y + 4.5, 8.1, { w: 6.4, font: 'OpenSymbol' }),
      item(' ', 469.9, y + 4.5, 8.1, { w: 10.6, font: 'OpenSymbol' }),
      item(text, 480.5, y, 18, { w, font: 'LiberationSans' }),
    ];
    const items = [...bullet('Pile d’appel des algorithmes récursifs', 156, 297.1), ...bullet('Mémorisation des pages web visitées', 135.9, 298.2), ...bullet('Annulation de la frappe', 115.7, 184.5)];
    expect(prompt(items)).toEqual(['Pile d’appel des algorithmes récursifs', 'Mémorisation des pages web visitées', 'Annulation de la frappe']);
  });
});

describe('superscripts', () => {
  it('drops a footnote mark glued to a word, and the footnote’s own number (beamer-like page 9)', () => {
    const items = [
      item('Oui', 28.3, 183.2, 10.9, { w: 16.4 }),
      item('1', 44.7, 187.2, 8, { w: 4.4 }),
      eol(28.3, 157.7, 10.9),
      item('Tout de suite, si le parc de fichiers est petit.', 28.3, 157.7, 10.9, { w: 227.8 }),
      eol(41.3, 17.8, 6),
      item('1', 41.3, 17.8, 6, { w: 3.3 }),
      item('Un avis qui reste à mettre en pratique !', 44.9, 13.9, 9, { w: 180 }),
    ];
    expect(prompt(items)).toEqual(['Oui', 'Tout de suite, si le parc de fichiers est petit.', 'Un avis qui reste à mettre en pratique !']);
  });

  it('writes an exponent after a figure with superscript digits: 2^16 reads "2¹⁶", not "216" (beamer-like page 8)', () => {
    const items = [
      item('Unicode est divisé en 17 plans de 2', 28.3, 194.9, 10.9, { w: 181.2 }),
      item('16', 209.5, 198.8, 8, { w: 8.9 }),
      item(' ', 218.4, 198.8, 8, { w: 2.7 }),
      item('caractères.', 221, 194.9, 10.9, { w: 60.6 }),
    ];
    expect(prompt(items)).toEqual(['Unicode est divisé en 17 plans de 2¹⁶ caractères.']);
  });

  it('reads a raised figure after a one-letter variable as a power (beamer-16x9-de page 8 footnote: "x³")', () => {
    const items = [
      item('Summe', 20, 4, 10, { w: 22, font: 'LinBiolinum' }),
      item('x', 46.3, 4, 10, { w: 4.5, font: 'LinBiolinumI' }),
      item('3', 50.8, 7.6, 7, { w: 4, font: 'CMR7' }),
      item(',', 55.3, 4, 10, { w: 2.8, font: 'CMMI10' }),
    ];
    expect(layoutPageText(items).lines.map((l) => l.text)).toEqual(['Summe x³,']);
  });

  it('joins an ordinal’s raised letters to their number ("128e")', () => {
    const items = [item('à partir du 128', 28.3, 209.2, 8, { w: 60 }), item('e', 88.4, 212, 6, { w: 2.8 }), item('.', 91.2, 209.2, 8, { w: 2 })];
    expect(layoutPageText(items).lines.map((l) => l.text)).toEqual(['à partir du 128e.']);
  });

  it('uses superscript characters where they exist and a caret otherwise', () => {
    expect(toSuperscript('16')).toBe('¹⁶');
    expect(toSuperscript('-1')).toBe('⁻¹');
    expect(toSuperscript('k')).toBe('^k');
    expect(toSuperscript('x+y')).toBe('^(x+y)');
  });
});

describe('lines wrapped before a capital', () => {
  it('joins a line whose next word would not have fitted, though the next line starts with a capital (beamer-like page 7)', () => {
    const items = [
      item('Par exemple, le caractère U+0041 s’appelle LATIN CAPITAL', 28.3, 180, 10.9, { w: 296.5, eol: true }),
      item('LETTER A et se dessine A, comme U+0391 qui s’appelle', 28.3, 166.5, 10.9, { w: 281.2, eol: true }),
      item('GREEK CAPITAL LETTER ALPHA.', 28.3, 153, 10.9, { w: 170.6, eol: true }),
      item('Deux caractères, un seul dessin.', 28.3, 127.5, 10.9, { w: 160 }),
    ];
    expect(prompt(items)).toEqual([
      'Par exemple, le caractère U+0041 s’appelle LATIN CAPITAL LETTER A et se dessine A, comme U+0391 qui s’appelle GREEK CAPITAL LETTER ALPHA.',
      'Deux caractères, un seul dessin.',
    ]);
  });

  it('keeps short lines apart: a list without markers is not wrapped prose (metropolis page 7, "Monospace Italic / Monospace Bold")', () => {
    const items = [
      item('Monospace Regular', 28.3, 150, 10.9, { w: 99, eol: true }),
      item('Monospace Italic', 28.3, 136.5, 10.9, { w: 94, eol: true }),
      item('Monospace Bold', 28.3, 123, 10.9, { w: 82, eol: true }),
    ];
    expect(prompt(items)).toEqual(['Monospace Regular', 'Monospace Italic', 'Monospace Bold']);
  });

  it('keeps a line apart when the next line’s first word would have fitted after it', () => {
    const items = [
      item('Une longue phrase qui occupe toute la largeur de la colonne du texte.', 28.3, 194, 10.9, { w: 306, eol: true }),
      item('Une phrase moyenne écrite sans point final', 28.3, 180.5, 10.9, { w: 250, eol: true }),
      item('Mise en situation', 28.3, 167, 10.9, { w: 90 }),
    ];
    // "Mise" (about 21 pt and a space) fits in the 56 pt left after the second line: the author broke it.
    expect(prompt(items)).toEqual(['Une longue phrase qui occupe toute la largeur de la colonne du texte.', 'Une phrase moyenne écrite sans point final', 'Mise en situation']);
  });
});

describe('tables', () => {
  const codes = [
    ['NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL'],
    ['BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI'],
    ['DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB'],
    ['CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US'],
  ];

  it('leaves a table of short cells out of the prompt and reports it (beamer-like page 5: 46 cells were 46 sentences)', () => {
    const items = [
      item('Table des caractères de contrôle', 8.5, 221.4, 14.3, { w: 200, eol: true }),
      ...codes.flatMap((row, r) => row.map((code, c) => item(code, 75.5 + 30 * c - code.length * 2.5, 198.8 - 11.4 * r, 9, { w: code.length * 5, eol: c === row.length - 1 }))),
      item('Les 32 premiers codes ne s’affichent pas.', 28.3, 130, 10.9, { w: 200 }),
    ];
    const layout = layoutPageText(items);
    expect(layout.omittedTables).toEqual([{ rows: 4, columns: 8 }]);
    expect(linesToSentences(layout.lines)).toEqual(['Table des caractères de contrôle', 'Les 32 premiers codes ne s’affichent pas.']);
  });

  it('reads a table of phrases one row a line', () => {
    const rows = [
      ['Pile', 'le dernier entré sort en premier', 'LIFO'],
      ['File', 'le premier entré sort en premier', 'FIFO'],
      ['Liste', 'on accède à tout élément par sa place', 'aucun ordre imposé'],
    ];
    const items = rows.flatMap((row, r) => row.map((cell, c) => item(cell, [30, 90, 300][c]!, 180 - 14 * r, 10, { w: cell.length * 4.5, eol: c === 2 })));
    const layout = layoutPageText(items);
    expect(layout.omittedTables).toEqual([]);
    expect(layout.lines.map((l) => l.text)).toEqual([
      'Pile – le dernier entré sort en premier – LIFO',
      'File – le premier entré sort en premier – FIFO',
      'Liste – on accède à tout élément par sa place – aucun ordre imposé',
    ]);
  });

  it('needs three aligned rows of three cells: a header and its page counter, or two rows, are no table', () => {
    const cells = (xs: number[]) => xs.map((x) => ({ x, right: x + 20, text: 'abc' }));
    expect(findTables([{ y: 200, size: 10, cells: cells([10, 60, 110]) }, { y: 188, size: 10, cells: cells([10, 60, 110]) }])).toEqual([]);
    expect(findTables([0, 1, 2].map((r) => ({ y: 200 - 12 * r, size: 10, cells: cells([10, 60, 110]) })))).toEqual([{ rows: [0, 1, 2], columns: 3 }]);
    // Same cell counts, but the columns do not line up: scattered diagram labels.
    expect(findTables([0, 1, 2].map((r) => ({ y: 200 - 12 * r, size: 10, cells: cells([10 + 37 * r, 90 + 23 * r, 170 + 41 * r]) })))).toEqual([]);
  });
});

describe('diagram labels', () => {
  it('leaves out the labels around a drawing, given in drawing order up and down the page (impress A4 page 8)', () => {
    const items = [
      item('Tête', 290.6, 138.9, 18, { w: 37, eol: true }),
      item('Queue - Sommet', 290.6, 291.9, 18, { w: 142.9, eol: true }),
      item('Tête - Fond', 290.6, 138.9, 18, { w: 97 }),
      item('Element 0', 202.7, 139.6, 14, { w: 66.2, eol: true }),
      item('Element 1', 202.7, 168, 14, { w: 66.2, eol: true }),
      item('Element 5', 202.7, 292.7, 14, { w: 66.2, eol: true }),
      item('LIFO : Last In First Out', 60.9, 432.3, 32, { w: 380, eol: true }),
      item('Les piles', 38.3, 534.3, 32, { w: 136.7 }),
    ];
    const layout = layoutPageText(items);
    // "Tête - Fond" then "Element 0" to its left on the same baseline: two labels, not "Tête - FondElement 0".
    expect(layout.lines.map((l) => l.text)).toEqual(['LIFO : Last In First Out', 'Les piles']);
    expect(layout.omittedLabels).toBe(6);
  });

  it('keeps short lines written top to bottom, even in two columns', () => {
    const column = (x: number, texts: string[]) => texts.map((text, i) => ({ text, x, y: 300 - 20 * i, size: 18 }));
    expect(findDiagramLabels([...column(40, ['Empiler', 'Dépiler', 'Sommet']), ...column(400, ['Enfiler', 'Défiler', 'Tête'])])).toEqual([]);
    expect(findDiagramLabels([{ text: 'A', x: 10, y: 100, size: 10 }, { text: 'B', x: 50, y: 200, size: 10 }, { text: 'C', x: 90, y: 150, size: 10 }, { text: 'D', x: 120, y: 250, size: 10 }])).toEqual([0, 1, 2, 3]);
  });
});

describe('boxes of a diagram and text drawn twice (impress-export-fr pages 4 and 11)', () => {
  it('leaves out labels set side by side in boxes, keeps the heading above them and the text below', () => {
    const items = [
      item('Programmation procédurale', 51, 413.4, 20, { w: 224.5, eol: true }),
      item('Variables globales', 581.8, 305.4, 13, { w: 104.6, eol: true }),
      item('fonction1', 518, 242.1, 13, { w: 52.6 }),
      item('fonction2', 667, 242.1, 13, { w: 52.6, eol: true }),
      item('Variables locales', 506.4, 213.5, 10.1, { w: 75.5 }),
      item('Variables locales', 655.3, 213.5, 10.1, { w: 75.6, eol: true }),
      item('La programmation procédurale consiste à définir des procédures.', 52.4, 180, 16, { w: 420 }),
    ];
    const layout = layoutPageText(items);
    expect(layout.lines.map((l) => l.text)).toEqual(['Programmation procédurale', 'La programmation procédurale consiste à définir des procédures.']);
    expect(layout.omittedLabels).toBe(5);
  });

  it('reads a text drawn twice at one place once', () => {
    const items = [item('Une phrase dessinée deux fois.', 40, 300, 16, { w: 200, eol: true }), item('Une phrase dessinée deux fois.', 40, 300, 16, { w: 200 })];
    expect(layoutPageText(items).lines.map((l) => l.text)).toEqual(['Une phrase dessinée deux fois.']);
  });
});

describe('a line ending on an article or a preposition', () => {
  it('runs on into the next line, even centred and capitalised ("Caractéristiques d’un" / "Pokemon", impress-export-fr page 2)', () => {
    const items = [item('Caractéristiques d’un', 304.6, 375.1, 18, { w: 167.4, eol: true }), item('Pokemon', 352.3, 355.2, 18, { w: 72.1 })];
    expect(prompt(items)).toEqual(['Caractéristiques d’un Pokemon']);
    // A title ending on a noun stays apart from the next line.
    expect(prompt([item('Mise en situation', 28, 300, 18, { w: 150, eol: true }), item('Simulation de combats', 28, 280, 18, { w: 180 })])).toEqual(['Mise en situation', 'Simulation de combats']);
  });
});
