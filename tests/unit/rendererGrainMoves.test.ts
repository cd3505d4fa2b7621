// Runs in Node (tests). Where drags and keyboard moves send slides and grains, in the library's terms
// (final index after taking the item out of its list).
import { describe, expect, test } from 'vitest';
import type { CapsuleDetail, Grain, Slide } from '../../src/shared/domain/capsule';
import { DEFAULT_LAYOUT } from '../../src/shared/domain/layout';
import { canSplitAt, flatSlides, grainDropTarget, grainStepTarget, locateSlide, neighbourSlide, slideDropTarget, slideStepTarget } from '../../src/renderer/logic/grainMoves';
import { promptSentences } from '../../src/renderer/logic/prompt';

function slide(id: string, grainId: string, position: number): Slide {
  return { id, grainId, position, pageNumber: 1, pageLabel: null, prompt: '', image: `slide/${id}`, thumbnail: `thumb/${id}`, width: 1920, height: 1080, imagePath: `/x/${id}.png`, extraVideoPath: null };
}

/** Grains given as lists of slide ids: [['a','b'], ['c']]. */
function capsule(layout: string[][]): CapsuleDetail {
  const grains: Grain[] = layout.map((ids, index) => ({ id: `g${index}`, position: index, title: '', activeTakeId: null, layout: null, slides: ids.map((id, position) => slide(id, `g${index}`, position)) }));
  return { id: 'c', title: 'C', kind: 'capsule', createdAt: '', updatedAt: '', thumbnail: null, layout: DEFAULT_LAYOUT, grains, directory: '/x' };
}

const deck = capsule([['a', 'b', 'c'], ['d'], ['e', 'f']]);

describe('slides', () => {
  test('locate and flatten in recording order', () => {
    expect(flatSlides(deck).map((s) => s.id)).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(locateSlide(deck, 'e')).toMatchObject({ grainIndex: 2, slideIndex: 0, flatIndex: 4 });
    expect(locateSlide(deck, 'zz')).toBeNull();
    expect(neighbourSlide(deck, 'c', 1)?.id).toBe('d');
    expect(neighbourSlide(deck, 'a', -1)).toBeNull();
  });

  test('a keyboard step swaps inside a grain and crosses into the next/previous grain at its edge', () => {
    expect(slideStepTarget(deck, 'a', 1)).toEqual({ grainId: 'g0', position: 1 });
    expect(slideStepTarget(deck, 'b', -1)).toEqual({ grainId: 'g0', position: 0 });
    expect(slideStepTarget(deck, 'c', 1)).toEqual({ grainId: 'g1', position: 0 });
    expect(slideStepTarget(deck, 'd', -1)).toEqual({ grainId: 'g0', position: 3 });
    expect(slideStepTarget(deck, 'a', -1)).toBeNull();
    expect(slideStepTarget(deck, 'f', 1)).toBeNull();
  });

  test('a drop in front of a slide of the same grain accounts for the slide leaving its place', () => {
    expect(slideDropTarget(deck, 'a', 'g0', 3)).toEqual({ grainId: 'g0', position: 2 });
    expect(slideDropTarget(deck, 'c', 'g0', 0)).toEqual({ grainId: 'g0', position: 0 });
    expect(slideDropTarget(deck, 'a', 'g0', 0)).toBeNull();
    expect(slideDropTarget(deck, 'a', 'g0', 1)).toBeNull();
  });

  test('a drop into another grain lands exactly there, clamped to its length', () => {
    expect(slideDropTarget(deck, 'a', 'g2', 1)).toEqual({ grainId: 'g2', position: 1 });
    expect(slideDropTarget(deck, 'a', 'g1', 99)).toEqual({ grainId: 'g1', position: 1 });
    expect(slideDropTarget(deck, 'a', 'nope', 0)).toBeNull();
  });

  test('only a slide that is not first in its grain can start a new grain', () => {
    expect(canSplitAt(deck, 'b')).toBe(true);
    expect(canSplitAt(deck, 'a')).toBe(false);
    expect(canSplitAt(deck, 'd')).toBe(false);
  });
});

describe('grains', () => {
  test('keyboard steps stop at both ends', () => {
    expect(grainStepTarget(deck, 'g0', 1)).toBe(1);
    expect(grainStepTarget(deck, 'g2', -1)).toBe(1);
    expect(grainStepTarget(deck, 'g0', -1)).toBeNull();
    expect(grainStepTarget(deck, 'g2', 1)).toBeNull();
  });

  test('drops in front of a grain give its final position', () => {
    expect(grainDropTarget(deck, 'g0', 3)).toBe(2);
    expect(grainDropTarget(deck, 'g2', 0)).toBe(0);
    expect(grainDropTarget(deck, 'g1', 1)).toBeNull();
    expect(grainDropTarget(deck, 'g1', 2)).toBeNull();
  });
});

test('prompt sentences: one a line, blank lines ignored', () => {
  expect(promptSentences('First.\n\n  Second one.  \n')).toEqual(['First.', 'Second one.']);
  expect(promptSentences('')).toEqual([]);
});
