// Runs in Node (test). Render workers take runs of consecutive pages and split what is left between them.
import { describe, expect, it } from 'vitest';
import { nextPage } from '../../src/main/pdf/pageScheduler';

function claimedOf(pageCount: number, taken: number[]): boolean[] {
  const claimed = new Array<boolean>(pageCount + 1).fill(false);
  for (const page of taken) claimed[page] = true;
  return claimed;
}

describe('nextPage', () => {
  it('starts the first worker at page 1 and the second in the middle of what is left', () => {
    expect(nextPage(claimedOf(100, []), null)).toBe(1);
    expect(nextPage(claimedOf(100, [1]), null)).toBe(51);
  });

  it('continues after a worker’s last page while it is free', () => {
    expect(nextPage(claimedOf(100, [1, 51]), 1)).toBe(2);
    expect(nextPage(claimedOf(100, [1, 2, 51]), 51)).toBe(52);
  });

  it('splits the longest free run when the next page is taken', () => {
    // Worker A reached 50; worker B holds 51..80; 81..100 are free.
    const taken = [...Array.from({ length: 80 }, (_, i) => i + 1)];
    expect(nextPage(claimedOf(100, taken), 50)).toBe(91);
  });

  it('hands out every page exactly once, with any interleaving', () => {
    const claimed = claimedOf(37, []);
    const last: (number | null)[] = [null, null, null];
    const order: number[] = [];
    for (let turn = 0; ; turn++) {
      const worker = (turn * 7) % 3;
      const page = nextPage(claimed, last[worker]!);
      if (page === null) break;
      claimed[page] = true;
      last[worker] = page;
      order.push(page);
    }
    expect(order.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    expect(nextPage(claimedOf(0, []), null)).toBeNull();
  });
});
