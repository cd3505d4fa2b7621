// Runs everywhere (shared, pure). Visual lines of PDF text -> prompter lines: footers dropped, wrapped lines joined, one sentence a line.
import { BULLET_CHARS, collapseSpaces, textItemsToLines, type PdfTextItem, type TextLine } from './pdfTextLines';

export { layoutPageText, textItemsToLines, type OmittedTable, type PageTextLayout, type PdfTextItem, type TextLine } from './pdfTextLines';

const LONE_BULLETS = new RegExp(`^[${BULLET_CHARS}\\-–—*\\s]*$`, 'u');
const LEADING_BULLET = new RegExp(`^(?:[${BULLET_CHARS}]\\s*|[-–—]\\s+)+`, 'u');
/** "3", "3/30", "3 / 30", "Page 3", "Seite 3 von 30", "3 sur 30": page counters from slide footers. */
const PAGE_COUNTER = /^(?:(?:page|p\.|seite|folie|diapo(?:sitive)?|slide)\s*)?\d{1,4}(?:\s*(?:\/|of|sur|von|de)\s*\d{1,4})?$/iu;

/**
 * Removes footers, headers and navigation that repeat at the same place on at least half of the pages.
 * `groups` (one key per page) makes pages count once per group: the steps of one beamer overlay repeat
 * their title and bullets, which is content, not a footer.
 */
export function stripRepeatedLines(pages: readonly (readonly TextLine[])[], minShare = 0.5, groups?: readonly (string | number)[]): TextLine[][] {
  const groupOf = (index: number): string | number => groups?.[index] ?? index;
  const groupCount = new Set(pages.map((_, index) => groupOf(index))).size;
  if (groupCount < 4) return pages.map((lines) => [...lines]);
  const key = (line: TextLine): string => `${line.text}|${Math.round(line.y)}|${Math.round(line.size)}`;
  const seenIn = new Map<string, Set<string | number>>();
  pages.forEach((lines, index) => {
    for (const line of lines) {
      const k = key(line);
      const set = seenIn.get(k) ?? new Set<string | number>();
      set.add(groupOf(index));
      seenIn.set(k, set);
    }
  });
  const threshold = Math.max(3, Math.ceil(groupCount * minShare));
  return pages.map((lines) => lines.filter((line) => (seenIn.get(key(line))?.size ?? 0) < threshold));
}

/**
 * True for lines that must not reach the prompter: lone bullets, page counters ("3/30", "Seite 3 von 30"),
 * single characters, and anything without a letter (chart axes "−0.5", table figures, formula debris).
 */
export function isNoiseLine(text: string): boolean {
  const t = text.trim();
  return [...t].length <= 1 || !/\p{L}/u.test(t) || LONE_BULLETS.test(t) || PAGE_COUNTER.test(t);
}

export function stripLeadingBullet(text: string): string {
  return text.replace(LEADING_BULLET, '').trim();
}

/**
 * Visual lines -> prompter lines, one sentence a line. A line is continued by the next one when the text
 * obviously runs on (same size, next baseline, no closing punctuation) and either the next starts in lower
 * case, or the page's geometry shows a wrapped line: the next line's first word would not have fitted at the
 * end of this one ("… s’appelle LATIN CAPITAL" / "LETTER A …"). Otherwise each line (a bullet item, a
 * title) stands alone. Characters are kept as they are: accents, typographic quotes and mojibake
 * ("gÃ©nial") reach the prompter unchanged.
 */
export function linesToSentences(lines: readonly TextLine[]): string[] {
  const columnRight = (size: number): number =>
    Math.max(...lines.filter((l) => l.right !== undefined && Math.abs(l.size - size) <= 0.15 * Math.max(l.size, size)).map((l) => l.right!), -Infinity);
  const units: { text: string; last: TextLine }[] = [];
  for (const raw of lines) {
    if (isNoiseLine(raw.text)) continue;
    const text = stripLeadingBullet(raw.text);
    if (isNoiseLine(text)) continue;
    const line = { ...raw, text };
    const previous = units[units.length - 1];
    if (previous && continuesLine(previous.last, line, raw.text !== text, columnRight)) {
      previous.text = joinContinuation(previous.text, text);
      previous.last = line;
    } else {
      units.push({ text, last: line });
    }
  }
  return units.flatMap((unit) => splitSentences(unit.text));
}

function continuesLine(a: TextLine, b: TextLine, bStartsWithBullet: boolean, columnRight: (size: number) => number): boolean {
  if (bStartsWithBullet || b.listItem) return false;
  const sameSize = Math.abs(a.size - b.size) <= 0.15 * Math.max(a.size, b.size);
  const drop = a.y - b.y;
  if (!sameSize || drop <= 0 || drop > 1.8 * Math.max(a.size, b.size)) return false;
  if (/[.!?…:;]["'»”’)\]]*$/u.test(a.text)) return false;
  if (/[,\-‐]$/u.test(a.text)) return true;
  const firstLetter = /^[("'«“‘[\s]*(\p{L})/u.exec(b.text)?.[1];
  if (firstLetter !== undefined && firstLetter !== firstLetter.toUpperCase()) return true;
  // A line cannot end on an article or a preposition: "Caractéristiques d’un" / "Pokemon" (a centred title).
  if (DANGLING_WORD.test(a.text) && drop <= 1.5 * Math.max(a.size, b.size)) return true;
  return wrapped(a, b, columnRight(a.size));
}

/** Words that never end a line of their own (French, English, German articles, prepositions, conjunctions). */
const DANGLING_WORD =
  /(?:^|\s)(?:[dl]’(?:un|une)|[dl]'(?:un|une)|un|une|le|la|les|des|du|de|d’|d'|l’|l'|à|au|aux|et|ou|en|par|pour|sur|avec|dans|the|a|an|of|to|in|and|or|for|with|on|der|die|das|den|dem|des|ein|eine|und|oder|von|zu|mit|für)$/iu;

/** A column narrower than this many font sizes is not wrapped prose (slide text runs 25–30 em wide). */
const MIN_WRAPPED_COLUMN = 20;

/**
 * True when `a` was broken by the line-breaker rather than by the author: `b` starts at the same left edge,
 * `a` fills most of the column, and `b`'s first word (with a space) would have run past the column's right
 * edge (the rightmost line of this size on the page).
 */
function wrapped(a: TextLine, b: TextLine, right: number): boolean {
  if (a.right === undefined || b.right === undefined || !Number.isFinite(right)) return false;
  if (Math.abs(a.x - b.x) > 0.2 * a.size) return false;
  // Lists of short lines are not wrapped prose: a wrapped column is wide.
  if (right - a.x < MIN_WRAPPED_COLUMN * a.size || a.right - a.x < 0.6 * (right - a.x)) return false;
  const firstWord = /^\S+/u.exec(b.text)?.[0] ?? '';
  const perChar = (b.right - b.x) / Math.max(1, [...b.text].length);
  return a.right + perChar * ([...firstWord].length + 1) > right + 0.5;
}

function joinContinuation(a: string, b: string): string {
  // A line broken after a hyphen keeps the hyphen and loses the space: "quasi-" + "instantanément".
  return /\p{L}[-‐]$/u.test(a) ? a + b : `${a} ${b}`;
}

/** Words whose final period does not end a sentence (lower-cased, without the final period). */
const ABBREVIATIONS = new Set([
  'e.g', 'i.e', 'etc', 'cf', 'vs', 'dr', 'prof', 'mr', 'mrs', 'ms', 'st', 'fig', 'no', 'nr', 'vol', 'ch', 'p', 'pp',
  'z.b', 'd.h', 'u.a', 'bzw', 'vgl', 'ca', 'bspw', 'ggf', 'inkl', 'evtl', 'usw',
  'm', 'mme', 'mlle', 'mm', 'env', 'ex', 'n°',
]);

/** Splits running text into sentences at . ! ? … followed by a capital, a digit or an opening quote. */
export function splitSentences(text: string): string[] {
  const t = collapseSpaces(text);
  if (!t) return [];
  const sentences: string[] = [];
  // Closing quotes include German „…“ and ‚…‘, which close with the English opening marks.
  const boundary = /([.!?…]+["'»”’“‘)\]]*)\s+(?=["«“‘„‚([¿¡]?\s*[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (let match = boundary.exec(t); match; match = boundary.exec(t)) {
    const punctuation = match[1] ?? '';
    const end = match.index + punctuation.length;
    if (punctuation === '.' && isAbbreviation(t.slice(start, match.index), t.slice(match.index + match[0].length))) continue;
    sentences.push(t.slice(start, end).trim());
    start = match.index + match[0].length;
  }
  sentences.push(t.slice(start).trim());
  return sentences.filter((s) => s.length > 0);
}

/** A day number before a month is a German date ("28. Januar 2015"), not the end of a sentence. */
const MONTH_AFTER_DAY = /^(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)(?!\p{L})/u;

function isAbbreviation(before: string, after: string): boolean {
  const word = /(\S+)$/u.exec(before)?.[1] ?? '';
  if (word === '') return false;
  const bare = word.replace(/^[("'«“‘[]+/u, '');
  if (/^\p{L}$/u.test(bare)) return true; // an initial: "S. Aicardi"
  if (/^\d{1,3}$/u.test(bare)) return before.trim() === bare || (bare.length <= 2 && MONTH_AFTER_DAY.test(after)); // "1. Einführung", "28. Januar"
  if (/\p{L}\.\p{L}/u.test(bare)) return true; // "z.B", "e.g", "U.S"
  return ABBREVIATIONS.has(bare.toLowerCase());
}

/** Prompter text for a page: sentences one a line. */
export function pageTextToPrompt(items: readonly PdfTextItem[]): string {
  return linesToSentences(textItemsToLines(items)).join('\n');
}
