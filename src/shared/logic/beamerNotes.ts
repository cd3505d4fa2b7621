// Runs everywhere (shared, pure). Recognises LaTeX beamer speaker-note pages and keeps only their note text.
import type { PdfTextItem } from './sentences';

/**
 * A beamer note page (`\setbeameroption{show notes}` / `classoption=notes`) follows its slide and shows a
 * reduced copy of that slide in a corner, a header (date, short title, frame title) and the note text below.
 * The copy is what gives it away: the previous page's words appear again, scaled down by one factor and
 * shifted by one offset. Everything drawn below the copy's bottom edge is the note.
 *
 * Page labels back this up when the PDF has them: beamer labels slides with their frame number (/P prefix
 * labels) but note pages with the plain physical page number (/S /D), so a note page's label is its own
 * page number. pdf.js gives labels as strings only, hence "label === String(pageNumber)".
 */
export interface NotePageMatch {
  /** Scale of the slide copy relative to the slide (beamer uses about 1/4). */
  scale: number;
  /** Baseline of the copy's bottom edge, in page points: note text sits below it. */
  copyBottom: number;
  /** The note's own text items, in stream order. */
  noteItems: PdfTextItem[];
}

const MIN_SCALE = 0.1;
const MAX_SCALE = 0.6;

export function detectBeamerNotePage(
  previous: readonly PdfTextItem[],
  current: readonly PdfTextItem[],
  labels?: { previous: string | null; current: string | null; pageNumber: number },
): NotePageMatch | null {
  if (labels?.current != null && labels.current !== String(labels.pageNumber)) return null;
  const slideWords = previous.filter((item) => item.horizontal && item.str.trim().length >= 3 && item.size > 0);
  if (slideWords.length === 0) return null;

  // Pair each slide item with the same string on this page in a smaller size; keep the pairs that agree.
  const candidates: { scale: number; offsetX: number; offsetY: number; item: PdfTextItem }[] = [];
  for (const slideItem of slideWords) {
    for (const item of current) {
      if (!item.horizontal || item.str !== slideItem.str || item.size <= 0) continue;
      const scale = item.size / slideItem.size;
      if (scale < MIN_SCALE || scale > MAX_SCALE) continue;
      candidates.push({ scale, offsetX: item.x - scale * slideItem.x, offsetY: item.y - scale * slideItem.y, item });
    }
  }
  // Two words at one scale and one offset: a single repeated title (a section page followed by a slide of
  // that section) proves nothing, so a slide with a single text run cannot be recognised from its note page.
  const needed = 2;
  for (const reference of candidates) {
    const agreeing = candidates.filter(
      (c) =>
        Math.abs(c.scale - reference.scale) <= 0.03 * reference.scale &&
        Math.abs(c.offsetX - reference.offsetX) <= 2 &&
        Math.abs(c.offsetY - reference.offsetY) <= 2,
    );
    if (agreeing.length < needed) continue;
    const copyItems = new Set(agreeing.map((c) => c.item));
    const copyBottom = reference.offsetY;
    const noteItems = current.filter((item) => !copyItems.has(item) && item.y < copyBottom - 0.5);
    return { scale: reference.scale, copyBottom, noteItems };
  }
  return null;
}
