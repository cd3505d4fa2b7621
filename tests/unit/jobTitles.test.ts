// Runs in Node (unit tests). Job titles hold names and numbers only, so they read the same in French and English.
import { describe, expect, it } from 'vitest';
import { grainJobTitle } from '../../src/shared/logic/jobTitles';

describe('grain and take job titles', () => {
  it('numbers the grain from 1 and the take by its attempt', () => {
    expect(grainJobTitle('Les ondes', 0)).toBe('Les ondes — 1');
    expect(grainJobTitle('Les ondes', 3, 2)).toBe('Les ondes — 4 · #2');
  });

  it('has no word of either language in it', () => {
    expect(grainJobTitle('X', 1, 1)).not.toMatch(/grain|take|prise/i);
  });
});
