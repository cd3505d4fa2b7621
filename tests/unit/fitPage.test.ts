// Runs in Node (test). Page-to-frame placement for the page sizes of the fixture decks.
import { describe, expect, it } from 'vitest';
import { barRects, fitPage, thumbnailSize } from '../../src/shared/logic/fitPage';
import { StudioError } from '../../src/shared/errors';

describe('fitPage', () => {
  it('fills 1920x1080 exactly with a 16:9 beamer page (no 1079/1081 rounding)', () => {
    const p = fitPage(453.54, 255.12);
    expect(p).toMatchObject({ x: 0, y: 0, width: 1920, height: 1080 });
    expect(p.scaleY * 255.12).toBeCloseTo(1080, 9);
    expect(p.scaleX * 453.54).toBeCloseTo(1920, 9);
    expect(Math.abs(p.scaleX / p.scaleY - 1)).toBeLessThan(0.001);
    expect(barRects(p)).toEqual([]);
  });

  it('pillarboxes a 4:3 page to 1440x1080 with 240 px bars', () => {
    const p = fitPage(362.83, 272.13);
    expect(p).toMatchObject({ x: 240, y: 0, width: 1440, height: 1080 });
    expect(barRects(p)).toEqual([
      { x: 0, y: 0, width: 240, height: 1080 },
      { x: 1680, y: 0, width: 240, height: 1080 },
    ]);
  });

  it('centres an A4 landscape page on whole pixels', () => {
    const p = fitPage(841.89, 595.276);
    expect(p.height).toBe(1080);
    expect(p.width).toBe(1527); // 1527.4 rounded
    expect(p.x).toBe(196);
    const [left, right] = barRects(p);
    expect(left).toEqual({ x: 0, y: 0, width: 196, height: 1080 });
    expect(right).toEqual({ x: 1723, y: 0, width: 197, height: 1080 });
  });

  it('letterboxes a portrait page and a very wide page', () => {
    const portrait = fitPage(595.276, 841.89);
    expect(portrait.height).toBe(1080);
    expect(portrait.width).toBe(764);
    const wide = fitPage(1000, 100);
    expect(wide).toMatchObject({ x: 0, width: 1920, height: 192, y: 444 });
    expect(barRects(wide).map((r) => r.height)).toEqual([444, 444]);
  });

  it('honours another frame size', () => {
    expect(fitPage(362.83, 272.13, 1280, 720)).toMatchObject({ x: 160, width: 960, height: 720 });
  });

  it('rejects a page without a size as a corrupt PDF, and a fractional frame as bad arguments', () => {
    expect(() => fitPage(0, 100)).toThrowError(StudioError);
    expect(() => fitPage(Number.NaN, 100)).toThrow(/invalid size/);
    try {
      fitPage(100, 100, 1920.5, 1080);
      expect.unreachable();
    } catch (error) {
      expect((error as StudioError).code).toBe('BAD_ARGS');
    }
  });
});

describe('thumbnailSize', () => {
  it('keeps the frame proportions', () => {
    expect(thumbnailSize(1920, 1080)).toEqual({ width: 320, height: 180 });
    expect(thumbnailSize(1920, 1080, 240)).toEqual({ width: 240, height: 135 });
    expect(thumbnailSize(1024, 768, 320)).toEqual({ width: 320, height: 240 });
  });
});
