// Runs everywhere (shared, pure). Suggested grains from a PDF's outline: one grain per section (beamer's
// \section, a bookmark), the pages before the first section in a grain of their own.

export interface PdfSection {
  title: string;
  /** First physical page of the section, from 1. */
  pageNumber: number;
}

export interface SuggestedGrain {
  /** Empty when the section has no meaningful name. */
  title: string;
  /** Physical page numbers of the slides in this grain, in order. */
  pageNumbers: number[];
}

/** Bookmark names a tool makes up ("Diapo 3", "Slide 3", "Folie 3", "Page 3"): no name for a grain. */
const GENERATED_NAME = /^(?:diapo(?:sitive)?|slide|folie|page|seite)\s*\d+$/iu;

/**
 * Groups the slides (their physical page numbers, in order) by the outline's top-level sections. With fewer
 * than two usable sections, or an outline that points outside the slides, each slide is its own grain.
 */
export function suggestGrains(slidePages: readonly number[], sections: readonly PdfSection[]): SuggestedGrain[] {
  const starts = [...sections]
    .filter((section) => Number.isInteger(section.pageNumber) && section.pageNumber >= 1)
    .sort((a, b) => a.pageNumber - b.pageNumber)
    // Two sections starting on one page (an empty section): the later one names the page.
    .filter((section, index, all) => all[index + 1]?.pageNumber !== section.pageNumber);
  const lastPage = Math.max(0, ...slidePages);
  const usable = starts.filter((section) => section.pageNumber <= lastPage);
  if (usable.length < 2) return slidePages.map((pageNumber) => ({ title: '', pageNumbers: [pageNumber] }));
  const grains: SuggestedGrain[] = [];
  let current: SuggestedGrain | null = null;
  let next = 0;
  for (const pageNumber of slidePages) {
    let opened = false;
    while (next < usable.length && usable[next]!.pageNumber <= pageNumber) {
      const title = usable[next]!.title.trim();
      current = { title: GENERATED_NAME.test(title) ? '' : title, pageNumbers: [] };
      next += 1;
      opened = true;
    }
    if (opened) grains.push(current!);
    if (!current) {
      // Slides before the first section: the title page and the plan.
      current = { title: '', pageNumbers: [] };
      grains.push(current);
    }
    current.pageNumbers.push(pageNumber);
  }
  return grains.filter((grain) => grain.pageNumbers.length > 0);
}
