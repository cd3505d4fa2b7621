// Runs everywhere (shared, pure). Whole-deck prompter text: footers removed, overlays, speaker notes, sticky notes.
import { linesToSentences, splitSentences, stripRepeatedLines, type TextLine } from './sentences';

/** What to do with beamer speaker-note pages: fold their text into the slide before them, or keep them as slides. */
export type NotesPageMode = 'attach' | 'slides';

export interface PageText {
  pageNumber: number;
  /** The page label from the PDF (/PageLabels), or null when the PDF has none. */
  label: string | null;
  /** Visual lines of the page; for a note page, only the note body (see beamerNotes.ts). */
  lines: TextLine[];
  /** Contents of the page's sticky-note (/Text) annotations, in page order. */
  stickyNotes: string[];
  isNotesPage: boolean;
}

export interface SlidePrompt {
  pageNumber: number;
  /** One sentence a line. */
  prompt: string;
  isNotesPage: boolean;
  /** Note pages whose text was appended to this slide's prompt. */
  attachedNotePages: number[];
}

/**
 * Decides the prompter text of every slide of a deck:
 * - text repeated at the same place on most pages (footers, beamer navigation) is dropped;
 * - beamer overlay steps (consecutive pages with one label) are slides of their own, and each step's
 *   prompt keeps only the sentences the previous step did not already have, so nothing is read twice;
 * - sticky notes, when a page has any, replace that page's text (the author wrote them for the prompter);
 * - in 'attach' mode a note page is not a slide: its text is appended to the previous slide's prompt.
 */
export function buildSlidePrompts(pages: readonly PageText[], notesMode: NotesPageMode = 'attach'): SlidePrompt[] {
  const slidePages = pages.filter((page) => !page.isNotesPage);
  // Consecutive pages with one label are the steps of one overlay: they count once when spotting footers.
  const groups: (string | number)[] = [];
  slidePages.forEach((page, index) => {
    const previous = slidePages[index - 1];
    const sameOverlay = previous !== undefined && page.label !== null && page.label === previous.label;
    groups.push(sameOverlay ? (groups[index - 1] ?? index) : index);
  });
  const strippedLines = stripRepeatedLines(
    slidePages.map((page) => page.lines),
    0.5,
    groups,
  );
  const pageSentences = new Map<number, string[]>();
  slidePages.forEach((page, index) => pageSentences.set(page.pageNumber, linesToSentences(strippedLines[index] ?? [])));

  const slides: SlidePrompt[] = [];
  const sentencesBySlide = new Map<SlidePrompt, string[]>();
  let previousSlidePage: PageText | null = null;
  for (const page of pages) {
    const lastSlide = slides[slides.length - 1];
    if (page.isNotesPage && notesMode === 'attach' && lastSlide) {
      const noteSentences = linesToSentences(page.lines);
      sentencesBySlide.get(lastSlide)?.push(...noteSentences);
      lastSlide.attachedNotePages.push(page.pageNumber);
      continue;
    }
    let sentences: string[];
    if (page.stickyNotes.some((note) => note.trim() !== '')) {
      sentences = page.stickyNotes.flatMap((note) => note.split(/\r\n|\r|\n/u)).flatMap((line) => splitSentences(line));
    } else if (page.isNotesPage) {
      sentences = linesToSentences(page.lines);
    } else {
      sentences = pageSentences.get(page.pageNumber) ?? [];
      if (previousSlidePage && page.label !== null && page.label === previousSlidePage.label) {
        const alreadyRead = new Set(pageSentences.get(previousSlidePage.pageNumber) ?? []);
        sentences = sentences.filter((sentence) => !alreadyRead.has(sentence));
      }
    }
    const slide: SlidePrompt = { pageNumber: page.pageNumber, prompt: '', isNotesPage: page.isNotesPage, attachedNotePages: [] };
    slides.push(slide);
    sentencesBySlide.set(slide, sentences);
    if (!page.isNotesPage) previousSlidePage = page;
  }
  for (const slide of slides) slide.prompt = (sentencesBySlide.get(slide) ?? []).join('\n');
  return slides;
}
