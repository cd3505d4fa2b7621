// Runs everywhere (shared, pure). PDF page text -> prompter lines: text items -> visual lines -> sentences, one a line.

/** One pdf.js text item, reduced to what the layout needs (PDF user space: y grows upwards, baseline). */
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
}

/** A run of text on one baseline, cut at wide gaps (a header title and its page counter are two lines). */
export interface TextLine {
  text: string;
  x: number;
  y: number;
  size: number;
}

/** Bullet glyphs as they come out of slide exports (OpenSymbol ●, beamer •, Wingdings in the private use area). */
const BULLET_CHARS = '•●○◦▪▫■□▸▹►▻▶▷‣⁃∙·◆◇♦❖➢➤➔→✓✔⚫⬤\uE000-\uF8FF';
const LONE_BULLETS = new RegExp(`^[${BULLET_CHARS}\\-–—*\\s]*$`, 'u');
const LEADING_BULLET = new RegExp(`^(?:[${BULLET_CHARS}]\\s*|[-–—]\\s+)+`, 'u');
/** "3", "3/30", "3 / 30", "Page 3", "Seite 3 von 30", "3 sur 30": page counters from slide footers. */
const PAGE_COUNTER = /^(?:(?:page|p\.|seite|folie|diapo(?:sitive)?|slide)\s*)?\d{1,4}(?:\s*(?:\/|of|sur|von|de)\s*\d{1,4})?$/iu;

/** A gap wider than this many font sizes separates two lines that happen to share a baseline. */
const SPLIT_GAP = 1.5;
/** A gap wider than this many font sizes between glyph runs is a word space pdf.js did not emit. */
const SPACE_GAP = 0.15;

/** Groups text items (in content-stream order, which is reading order for slide exports) into visual lines. */
export function textItemsToLines(items: readonly PdfTextItem[]): TextLine[] {
  const lines: TextLine[] = [];
  let segment: { parts: string[]; x: number; y: number; size: number; end: number; markerSize: number } | null = null;
  let lineY = 0;
  let lineSize = 0;
  let breakBefore = true;
  let pendingSplit = false;

  const flush = (): void => {
    if (segment) {
      const text = collapseSpaces(segment.parts.join(''));
      if (text) lines.push({ text, x: segment.x, y: segment.y, size: segment.size });
    }
    segment = null;
  };

  for (const item of items) {
    if (!item.horizontal) {
      flush();
      breakBefore = true;
      continue;
    }
    const blank = item.str.trim() === '';
    const size = item.size > 0 ? item.size : lineSize || 1;
    if (!breakBefore && segment && Math.abs(item.y - lineY) > 0.5 * Math.max(size, lineSize)) breakBefore = true;
    if (breakBefore) {
      flush();
      pendingSplit = false;
      lineY = item.y;
      lineSize = blank ? 0 : size;
    }
    breakBefore = false;
    if (blank) {
      // A space item: a normal word space, or a wide jump (header text ... page counter) that separates two lines.
      if (segment && item.width > SPLIT_GAP * Math.max(size, lineSize)) pendingSplit = true;
      else if (segment && item.str.length > 0) segment.parts.push(' ');
      if (item.hasEOL) breakBefore = true;
      continue;
    }
    if (size > lineSize) {
      // The line's baseline and size are those of its largest text (bullets are smaller and sit higher).
      lineSize = size;
      lineY = item.y;
      if (segment) {
        segment.y = item.y;
        segment.size = size;
      }
    }
    if (segment && segment.markerSize > 0 && size > 1.15 * segment.markerSize) {
      // A one-glyph item in a smaller font opening the line is a list marker, whatever its glyph maps to
      // (beamer's triangle comes out as "I" from a font without ToUnicode, Impress's as "●").
      segment.parts = [];
      segment.x = item.x;
      segment.end = item.x;
      segment.markerSize = 0;
    }
    if (segment) {
      const gap = item.x - segment.end;
      if (pendingSplit || gap > SPLIT_GAP * lineSize) {
        flush();
      } else if (gap > SPACE_GAP * lineSize && !/\s$/u.test(segment.parts[segment.parts.length - 1] ?? '') && !/^\s/u.test(item.str)) {
        segment.parts.push(' ');
      }
    }
    pendingSplit = false;
    if (!segment) segment = { parts: [], x: item.x, y: lineY, size: lineSize, end: item.x, markerSize: [...item.str.trim()].length === 1 ? size : 0 };
    else segment.markerSize = 0;
    segment.parts.push(item.str);
    segment.end = item.x + item.width;
    if (item.hasEOL) breakBefore = true;
  }
  flush();
  return lines;
}

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
 * obviously runs on (same size, next baseline, no closing punctuation, next starts in lower case);
 * otherwise each line (a bullet item, a title) stands alone. Characters are kept as they are:
 * accents, typographic quotes and mojibake ("gÃ©nial") reach the prompter unchanged.
 */
export function linesToSentences(lines: readonly TextLine[]): string[] {
  const units: { text: string; last: TextLine }[] = [];
  for (const raw of lines) {
    if (isNoiseLine(raw.text)) continue;
    const text = stripLeadingBullet(raw.text);
    if (isNoiseLine(text)) continue;
    const line = { ...raw, text };
    const previous = units[units.length - 1];
    if (previous && continuesLine(previous.last, line, raw.text !== text)) {
      previous.text = joinContinuation(previous.text, text);
      previous.last = line;
    } else {
      units.push({ text, last: line });
    }
  }
  return units.flatMap((unit) => splitSentences(unit.text));
}

function continuesLine(a: TextLine, b: TextLine, bStartsWithBullet: boolean): boolean {
  if (bStartsWithBullet) return false;
  const sameSize = Math.abs(a.size - b.size) <= 0.15 * Math.max(a.size, b.size);
  const drop = a.y - b.y;
  if (!sameSize || drop <= 0 || drop > 1.8 * Math.max(a.size, b.size)) return false;
  if (/[.!?…:;]["'»”’)\]]*$/u.test(a.text)) return false;
  if (/[,\-‐]$/u.test(a.text)) return true;
  const firstLetter = /^[("'«“‘[\s]*(\p{L})/u.exec(b.text)?.[1];
  return firstLetter !== undefined && firstLetter !== firstLetter.toUpperCase();
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

function collapseSpaces(text: string): string {
  return text.replace(/[\s\u00a0]+/gu, ' ').trim();
}

/** Prompter text for a page: sentences one a line. */
export function pageTextToPrompt(items: readonly PdfTextItem[]): string {
  return linesToSentences(textItemsToLines(items)).join('\n');
}
