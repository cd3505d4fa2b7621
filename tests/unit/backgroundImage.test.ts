// Runs in Node (unit tests). The image mode of the virtual background (issue #15): the "cover" scaling
// that fills the picture with the teacher's image without stretching it, and the small label stored with
// a take in place of the image (a built-in backdrop's id or a file's name, never a path or pixels).
import { describe, expect, it } from 'vitest';
import { coverRect } from '../../src/renderer/features/background/coverRect';
import { BUILT_IN_BACKDROPS, builtInBackdropOf, DEFAULT_BACKDROP_LABEL, fileBackdropLabel, MAX_BACKDROP_LABEL } from '../../src/shared/domain/background';
import { recordingMethods } from '../../src/shared/api/recording';

describe('coverRect', () => {
  it('keeps the whole image when it has the picture’s shape, at any size', () => {
    expect(coverRect(1920, 1080, 1280, 720)).toEqual({ sx: 0, sy: 0, sw: 1920, sh: 1080 });
    expect(coverRect(320, 180, 1280, 720)).toEqual({ sx: 0, sy: 0, sw: 320, sh: 180 });
  });

  it('crops the sides of a wider image, evenly, to the picture’s shape', () => {
    // 2:1 onto 16:9: the full height at scale 3.6, so 640 / 3.6 = 177.78 of the 200 columns, 11.11 cropped each side.
    const rect = coverRect(200, 100, 640, 360);
    expect(rect.sy).toBe(0);
    expect(rect.sh).toBe(100);
    expect(rect.sw).toBeCloseTo(177.778, 3);
    expect(rect.sx).toBeCloseTo(11.111, 3);
    expect(rect.sw / rect.sh).toBeCloseTo(640 / 360, 9);
  });

  it('crops the top and bottom of a taller image (a portrait photo, a square)', () => {
    const square = coverRect(100, 100, 640, 360);
    expect(square).toMatchObject({ sx: 0, sw: 100 });
    expect(square.sh).toBeCloseTo(56.25, 9);
    expect(square.sy).toBeCloseTo(21.875, 9);
    const portrait = coverRect(1080, 1920, 1280, 720);
    expect(portrait.sw).toBe(1080);
    expect(portrait.sh).toBeCloseTo(607.5, 9);
    expect(portrait.sy + portrait.sh / 2).toBeCloseTo(960, 9);
  });

  it('always stays inside the image and fills the picture at one scale', () => {
    for (const [iw, ih, w, h] of [
      [3, 7, 640, 360],
      [4000, 10, 1280, 720],
      [641, 359, 640, 360],
      [1, 1, 1920, 1080],
    ] as const) {
      const rect = coverRect(iw, ih, w, h);
      expect(rect.sx).toBeGreaterThanOrEqual(0);
      expect(rect.sy).toBeGreaterThanOrEqual(0);
      expect(rect.sx + rect.sw).toBeLessThanOrEqual(iw + 1e-9);
      expect(rect.sy + rect.sh).toBeLessThanOrEqual(ih + 1e-9);
      expect(w / rect.sw).toBeCloseTo(h / rect.sh, 6);
    }
  });

  it('does not divide by zero on an empty image or picture', () => {
    expect(coverRect(0, 0, 640, 360)).toEqual({ sx: 0, sy: 0, sw: 0, sh: 0 });
    expect(coverRect(200, 100, 0, 360)).toEqual({ sx: 0, sy: 0, sw: 200, sh: 100 });
  });
});

describe('backdrop labels', () => {
  it('names a built-in backdrop by its id and rejects unknown ones', () => {
    expect(builtInBackdropOf(DEFAULT_BACKDROP_LABEL)).toBe(BUILT_IN_BACKDROPS[0]);
    expect(builtInBackdropOf('builtin:slate')).toBe('slate');
    expect(builtInBackdropOf('builtin:nope')).toBeNull();
    expect(builtInBackdropOf('file:slate')).toBeNull();
    expect(builtInBackdropOf(undefined)).toBeNull();
  });

  it('keeps only a picked file’s name, never a folder, within the size limit', () => {
    expect(fileBackdropLabel('bureau.jpg')).toBe('file:bureau.jpg');
    expect(fileBackdropLabel('C:\\Users\\prof\\Images\\amphi.png')).toBe('file:amphi.png');
    expect(fileBackdropLabel('/home/prof/amphi.png')).toBe('file:amphi.png');
    expect(fileBackdropLabel(`${'x'.repeat(500)}.png`)).toHaveLength(MAX_BACKDROP_LABEL);
  });
});

describe('beginProcessedTake validation', () => {
  const effectOf = (effect: unknown) => recordingMethods.beginProcessedTake.validateArgs(['capsule-1', 'grain-1', 'video/webm', 'video/webm', effect, null])[4];

  it('accepts the image mode with its label, and the older effects without one', () => {
    expect(effectOf({ mode: 'image', blurPx: 12, colour: '#1f3a5f', image: 'file:amphi.png' })).toEqual({ mode: 'image', blurPx: 12, colour: '#1f3a5f', image: 'file:amphi.png' });
    expect(effectOf({ mode: 'colour', blurPx: 12, colour: '#ff00ff' })).toEqual({ mode: 'colour', blurPx: 12, colour: '#ff00ff' });
  });

  it('rejects an unknown mode and an image given as pixels instead of a label', () => {
    expect(() => effectOf({ mode: 'video', blurPx: 12, colour: '#000000' })).toThrow(/mode/);
    expect(() => effectOf({ mode: 'image', blurPx: 12, colour: '#000000', image: `data:image/png;base64,${'A'.repeat(5000)}` })).toThrow(/image/);
  });
});
