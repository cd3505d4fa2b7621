// Runs in Node (main side; pure). Which page a render worker takes next.

/**
 * Workers go through runs of consecutive pages, so that each page's predecessor (needed to recognise beamer
 * note pages) is usually the page the worker has just done and still holds. A worker continues after its last
 * page while that page is free; otherwise it takes the middle of the longest run of free pages, which splits
 * the remaining work in two (the first worker starts at page 1, the second in the middle of the deck).
 * `claimed[n]` says whether page n (from 1) is taken; returns null when every page is.
 */
export function nextPage(claimed: readonly boolean[], lastPage: number | null): number | null {
  const pageCount = claimed.length - 1;
  if (lastPage !== null && lastPage + 1 <= pageCount && !claimed[lastPage + 1]) return lastPage + 1;
  let bestStart = 0;
  let bestLength = 0;
  let runStart = 0;
  for (let page = 1; page <= pageCount + 1; page++) {
    const free = page <= pageCount && !claimed[page];
    if (free && runStart === 0) runStart = page;
    if (!free && runStart !== 0) {
      const length = page - runStart;
      if (length > bestLength) {
        bestStart = runStart;
        bestLength = length;
      }
      runStart = 0;
    }
  }
  if (bestLength === 0) return null;
  // A run at the very start of an untouched deck begins at its first page; any other run is split in two.
  return bestStart === 1 && bestLength === pageCount ? 1 : bestStart + Math.floor(bestLength / 2);
}
