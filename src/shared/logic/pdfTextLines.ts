// Runs everywhere (shared, pure). PDF text items -> visual lines for the prompter, using the PDF's own layout:
// baselines, glyph sizes and fonts tell list markers, footnote marks, exponents and table cells from text.
import { findDiagramLabels } from './pdfDiagramLabels';
import { findTables } from './pdfTables';

/** One pdf.js text item, reduced to what the layout needs (page space, y grows upwards, baseline). */
export interface PdfTextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in points (vertical scale of the text matrix). */
  size: number;
  /** pdf.js says a line ends after this item. */
  hasEOL: boolean;
  /** Upright horizontal text; rotated text (margin dates, vertical labels) is left out of the prompt. */
  horizontal: boolean;
  /** The PDF font's name without its subset tag ("MSAM7", "LMSans10-Regular"), when the worker knows it. */
  fontName?: string;
}

/** A run of text on one baseline, cut at wide gaps (a header title and its page counter are two lines). */
export interface TextLine {
  text: string;
  x: number;
  y: number;
  size: number;
  /** Right edge of the run's last glyph, in points (absent on lines not made from items). */
  right?: number;
  /** A list marker opened this line and was dropped: the line is an item of its own, never a continuation. */
  listItem?: boolean;
}

/** A table left out of the prompter: its cells are too short to be read as sentences (codes, figures). */
export interface OmittedTable {
  rows: number;
  columns: number;
}

export interface PageTextLayout {
  lines: TextLine[];
  omittedTables: OmittedTable[];
  /** Diagram labels left out of `lines` (short texts placed around a drawing). */
  omittedLabels: number;
}

/** Bullet glyphs as they come out of slide exports (OpenSymbol ●, beamer •, Wingdings in the private use area). */
export const BULLET_CHARS = '•●○◦▪▫■□▸▹►▻▶▷‣⁃∙·◆◇♦❖➢➤➔→✓✔⚫⬤\uE000-\uF8FF';
const BULLET = new RegExp(`^[${BULLET_CHARS}]$`, 'u');
/**
 * Fonts whose glyphs are symbols, whatever character code they are extracted as: TeX's AMS and maths symbol
 * fonts (beamer's ▶ is msam's glyph 0x49, extracted as "I" when the font has no ToUnicode), Zapf Dingbats,
 * Symbol, Wingdings and Webdings, OpenSymbol/StarSymbol (LibreOffice), Font Awesome.
 */
const SYMBOL_FONT = /(?:^|[+-])(?:MSAM|MSBM|CMSY|LMSY|Symbol|Dingbats|ZapfDingbats|Wingdings|Webdings|OpenSymbol|StarSymbol|Marlett|FontAwesome)/iu;

/** A gap wider than this many font sizes separates two lines that happen to share a baseline. */
const SPLIT_GAP = 1.5;
/** A gap wider than this many font sizes separates two table cells (a word space is about 0.33). */
const CELL_GAP = 1.0;
/** A gap wider than this many font sizes between glyph runs is a word space pdf.js did not emit. */
const SPACE_GAP = 0.15;
/** A superscript is at most this share of the line's size, and raised by at least `RAISE` of it. */
const SUPERSCRIPT_SIZE = 0.8;
const RAISE = 0.2;

/** TeX's and OpenType maths fonts: a raised figure after one of their letters is an exponent (x³), not a footnote. */
const MATH_FONT = /(?:^|[+-])(?:CMMI|CMR\d|CMEX|LMMath|LMRoman\d+-Math|EUFM|EURM|STIX|Cambria ?Math|Asana|XITS)|Math/iu;

export function isSymbolFont(fontName: string | undefined): boolean {
  return fontName !== undefined && SYMBOL_FONT.test(fontName);
}

/** Groups text items (in content-stream order, which is reading order for slide exports) into visual lines. */
export function textItemsToLines(items: readonly PdfTextItem[]): TextLine[] {
  return layoutPageText(items).lines;
}

/**
 * Items -> rows (one baseline each) -> cells (runs split at gaps wider than a word space) -> lines.
 * Tables (rows of aligned cells) whose cells are all short are left out and reported; other tables give
 * one line per row. List markers, footnote marks and exponents are decided per row (see `cellText`).
 */
export function layoutPageText(items: readonly PdfTextItem[]): PageTextLayout {
  const rows = groupRows(items).map(splitCells);
  const tables = findTables(rows.map((row) => ({ y: row.y, size: row.size, cells: row.cells.map((cell) => ({ x: cell.x, right: cell.right, text: cell.text })) })));
  const lines: TextLine[] = [];
  const omittedTables: OmittedTable[] = [];
  const tableOfRow = new Map<number, { omit: boolean }>();
  for (const table of tables) {
    // Cells of codes and figures ("NUL", "€ PAD", "0x41") are not sentences: such a table is left out.
    const cells = table.rows.flatMap((index) => rows[index]!.cells);
    const omit = cells.filter((cell) => wordCount(cell.text) <= 3).length >= 0.8 * cells.length;
    if (omit) omittedTables.push({ rows: table.rows.length, columns: table.columns });
    for (const index of table.rows) tableOfRow.set(index, { omit });
  }
  rows.forEach((row, index) => {
    const table = tableOfRow.get(index);
    if (table?.omit) return;
    const cells = row.cells.filter((cell) => cell.text !== '');
    if (cells.length === 0) return;
    if (table) {
      // A table row of real phrases: read across, one line per row.
      const last = cells[cells.length - 1]!;
      lines.push({ text: cells.map((cell) => cell.text).join(' – '), x: cells[0]!.x, y: row.y, size: row.size, right: last.right });
      return;
    }
    let current: Cell | null = null;
    const flush = (): void => {
      if (current && current.text) {
        lines.push({ text: current.text, x: current.x, y: current.y, size: current.size, right: current.right, ...(current.listItem ? { listItem: true } : {}) });
      }
      current = null;
    };
    for (const cell of cells) {
      if (current && !cell.hardBreak) {
        const merged: Cell = current;
        merged.text = collapseSpaces(`${merged.text} ${cell.text}`);
        merged.right = cell.right;
        if (cell.size > merged.size) {
          merged.size = cell.size;
          merged.y = cell.y;
        }
      } else {
        flush();
        current = { ...cell };
      }
    }
    flush();
  });
  // A text drawn twice at one place (a shadow, a copied shape) is read once.
  const unique = lines.filter(
    (line, index) => !lines.slice(0, index).some((other) => other.text === line.text && Math.abs(other.x - line.x) < 1 && Math.abs(other.y - line.y) < 1),
  );
  // Labels around a drawing ("Tête", "Element 0", "Queue - Sommet") are not sentences either.
  const labels = new Set(findDiagramLabels(unique));
  return { lines: unique.filter((_, index) => !labels.has(index)), omittedTables, omittedLabels: labels.size };
}

interface Row {
  items: PdfTextItem[];
  /** Baseline and size of the row's largest text. */
  y: number;
  size: number;
}

function groupRows(items: readonly PdfTextItem[]): Row[] {
  const rows: Row[] = [];
  let row: Row | null = null;
  let breakBefore = true;
  for (const item of items) {
    if (!item.horizontal) {
      breakBefore = true;
      continue;
    }
    const blank = item.str.trim() === '';
    const size: number = item.size > 0 ? item.size : row?.size || 1;
    if (!breakBefore && row && Math.abs(item.y - row.y) > 0.5 * Math.max(size, row.size)) breakBefore = true;
    if (breakBefore || !row) {
      if (blank && item.str === '') {
        // pdf.js's empty end-of-line markers carry no text: they only say a line ends.
        breakBefore = true;
        continue;
      }
      row = { items: [], y: item.y, size: blank ? 0 : size };
      rows.push(row);
    }
    breakBefore = item.hasEOL;
    row.items.push(item);
    if (!blank && size > row.size) {
      row.size = size;
      row.y = item.y;
    }
  }
  return rows.filter((r) => r.items.some((i) => i.str.trim() !== ''));
}

interface Cell {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** Separated from the cell before it by a gap wide enough to make two lines. */
  hardBreak: boolean;
  listItem: boolean;
}

interface RowCells {
  y: number;
  size: number;
  cells: Cell[];
}

function splitCells(row: Row): RowCells {
  const cells: Cell[] = [];
  let runs: PdfTextItem[] = [];
  let spaceBefore: boolean[] = [];
  let end = Number.NaN;
  let pendingGap = 0;
  let pendingSpace = false;
  let hardBreak = true;
  let firstInRow = true;
  const flush = (): void => {
    if (runs.length > 0) {
      const cell = buildCell(runs, spaceBefore, row, firstInRow, hardBreak);
      if (cell) {
        cells.push(cell);
        firstInRow = false;
      }
    }
    runs = [];
    spaceBefore = [];
  };
  for (const item of row.items) {
    if (item.str.trim() === '') {
      if (Number.isNaN(end)) continue;
      pendingGap = Math.max(pendingGap, item.width);
      if (item.str.length > 0) pendingSpace = true;
      continue;
    }
    const gap = Number.isNaN(end) ? 0 : Math.max(item.x - end, pendingGap);
    // Text that jumps back to the left on the same baseline is another text placed there (a diagram label).
    const backwards = !Number.isNaN(end) && item.x < end - 0.5 * row.size;
    if (backwards || (!Number.isNaN(end) && gap > CELL_GAP * row.size)) {
      flush();
      hardBreak = backwards || gap > SPLIT_GAP * row.size;
    } else if (runs.length === 0) {
      hardBreak = true;
    }
    spaceBefore.push(runs.length > 0 && (pendingSpace || gap > SPACE_GAP * row.size));
    runs.push(item);
    end = item.x + item.width;
    pendingGap = 0;
    pendingSpace = false;
  }
  flush();
  return { y: row.y, size: row.size, cells };
}

/**
 * The text of one cell. Rules, each from the page's own geometry and fonts:
 * - a one-glyph item opening a cell, followed by text after a gap, is a list marker and is dropped when it
 *   comes from a symbol font, is a bullet character, or is smaller than the text after it;
 * - a smaller item on a raised baseline is a superscript: at the start of a row it numbers a footnote and is
 *   dropped; after a letter or punctuation it is a footnote mark and is dropped; after a digit or ")" it is an
 *   exponent and is written with superscript characters ("2¹⁶"); letters after a number are an ordinal
 *   ("128e") and are joined as they are.
 */
function buildCell(items: PdfTextItem[], spaceBefore: boolean[], row: Row, firstInRow: boolean, hardBreak: boolean): Cell | null {
  let start = 0;
  const first = items[0]!;
  const next = items[1];
  if (next && [...first.str.trim()].length === 1 && !isSuperscript(next, row)) {
    const gap = next.x - (first.x + first.width);
    const symbolic = isSymbolFont(first.fontName) || BULLET.test(first.str.trim());
    if ((symbolic && (gap > 0.05 * row.size || spaceBefore[1])) || next.size > 1.15 * first.size) start = 1;
  }
  let text = '';
  let x = items[start]!.x;
  let size = 0;
  let y = row.y;
  for (let i = start; i < items.length; i++) {
    const item = items[i]!;
    if (isSuperscript(item, row)) {
      const mark = item.str.trim();
      const before = text.trimEnd();
      if (before === '') {
        // A footnote's own number at the start of its line.
        if (i === start && firstInRow) continue;
      }
      const previous = before.slice(-1);
      // After a maths font or a one-letter variable ("x³"), a raised figure is a power, not a footnote mark.
      const afterMaths = MATH_FONT.test(items[i - 1]?.fontName ?? '') || /(?:^|[^\p{L}])\p{L}$/u.test(before);
      if (!afterMaths && /^[\d*†‡§¶,]+$/u.test(mark) && (/\p{L}/u.test(previous) || /[.,;:!?»”’"]/u.test(previous))) continue;
      if (/[\d)]/u.test(previous) || afterMaths) {
        text = before + (/^\p{L}{1,3}$/u.test(mark) ? mark : toSuperscript(mark));
        continue;
      }
      text = (before === '' ? '' : spaceBefore[i] ? `${before} ` : before) + mark;
      continue;
    }
    if (i > start && spaceBefore[i] && !/\s$/u.test(text) && !/^\s/u.test(item.str)) text += ' ';
    if (text === '') x = item.x;
    text += item.str;
    if (item.size > size) {
      size = item.size;
      y = item.y;
    }
  }
  const clean = collapseSpaces(text);
  if (clean === '') return null;
  const last = items[items.length - 1]!;
  return { text: clean, x, right: last.x + last.width, y, size: size || row.size, hardBreak, listItem: start === 1 };
}

function isSuperscript(item: PdfTextItem, row: Row): boolean {
  const raise = item.y - row.y;
  return item.size <= SUPERSCRIPT_SIZE * row.size && raise >= RAISE * row.size && raise <= row.size;
}

const SUPERSCRIPTS: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '−': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', n: 'ⁿ', i: 'ⁱ',
};

/** "16" -> "¹⁶"; anything without superscript characters keeps a caret: "^{x+y}" reads as "to the power". */
export function toSuperscript(text: string): string {
  const chars = [...text];
  if (chars.every((c) => SUPERSCRIPTS[c] !== undefined)) return chars.map((c) => SUPERSCRIPTS[c]).join('');
  return chars.length === 1 ? `^${text}` : `^(${text})`;
}

function wordCount(text: string): number {
  return text.split(/\s+/u).filter((w) => w !== '').length;
}

export function collapseSpaces(text: string): string {
  return text.replace(/[\s\u00a0]+/gu, ' ').trim();
}
