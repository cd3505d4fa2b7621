// Runs in Node (unit tests). Where the camera goes when it must not cover the slide: the side bars
// of a 4:3 deck letterboxed into 16:9 (the slide moves aside, the camera takes the freed strip),
// else the corner with the least content; measured from grey pictures built here like the
// importer's slides (a page centred on white bars).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, mergeLayout, type Corner, type LayoutSettings } from '../../src/shared/domain/layout';
import { ANALYSIS_SIZE, analyseSlidePixels, greyOf, inkIn, leastInkCorner, mergeSlideContents, type SlideContent } from '../../src/shared/logic/cameraPlacement';
import { computeLayoutGeometry, placeSlide, type Rect } from '../../src/shared/logic/layoutGeometry';
import { placeOnFrame } from '../../src/main/montage/videoSegmentArgs';

const HD = { width: 1920, height: 1080 };
const CAM = { width: 1280, height: 720 };
const { width: W, height: H } = ANALYSIS_SIZE;

/** A grey picture at the analysis size: `page` background, with dark blocks of "text" (fractions of the picture). */
function picture(options: { bars?: number; barGrey?: number; pageGrey?: number; blocks?: Rect[] }): Uint8Array {
  const pixels = new Uint8Array(W * H);
  const bar = Math.round((options.bars ?? 0) * W);
  for (let y = 0; y < H; y += 1) {
    for (let x = 0; x < W; x += 1) pixels[y * W + x] = x < bar || x >= W - bar ? (options.barGrey ?? 255) : (options.pageGrey ?? 255);
  }
  for (const block of options.blocks ?? []) {
    for (let y = Math.round(block.y * H); y < Math.round((block.y + block.height) * H); y += 1) {
      for (let x = Math.round(block.x * W); x < Math.round((block.x + block.width) * W); x += 1) pixels[y * W + x] = 20;
    }
  }
  return pixels;
}

const layout = (patch: Partial<LayoutSettings['pip']> = {}, background = '#ffffff') => mergeLayout(DEFAULT_LAYOUT, { pip: { ...DEFAULT_LAYOUT.pip, ...patch }, background });

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

// The beamer page of the issue: a 4:3 page (bars of 12.5 % each side) whose text reaches its
// bottom-right corner ("obsolètes."), like beamer-4x3-fr_codage-des-caracteres.pdf.
const beamer43 = analyseSlidePixels(
  picture({
    bars: 0.125,
    blocks: [
      { x: 0.16, y: 0.08, width: 0.5, height: 0.08 }, // title
      { x: 0.16, y: 0.25, width: 0.68, height: 0.5 }, // body
      { x: 0.7, y: 0.86, width: 0.16, height: 0.06 }, // "obsolètes." at the bottom right of the page
    ],
  }),
  W,
  H,
);

describe('measuring a slide picture', () => {
  it('finds the plain sides of a 4:3 page (its white bars and margins up to the text) and its ink', () => {
    expect(beamer43.sides.grey).toBe(255);
    // The bars (12.5 %) and the page's own margin up to its first ink (16 %).
    expect(beamer43.sides.left).toBeCloseTo(0.16, 2);
    expect(beamer43.sides.right).toBeCloseTo(0.14, 2);
    expect(inkIn(beamer43, { x: 0, y: 0, width: 0.12, height: 1 })).toBe(0);
    expect(inkIn(beamer43, { x: 0.7, y: 0.86, width: 0.16, height: 0.06 })).toBeGreaterThan(0.6);
    expect(inkIn(beamer43, { x: 1.2, y: 0, width: 0.5, height: 1 })).toBe(0);
  });

  it('takes the background from the picture’s edges, so a dense page keeps its empty corner free', () => {
    const dense = analyseSlidePixels(picture({ blocks: [{ x: 0.02, y: 0.02, width: 0.96, height: 0.6 }, { x: 0.4, y: 0.6, width: 0.58, height: 0.38 }] }), W, H);
    expect(inkIn(dense, { x: 0.02, y: 0.7, width: 0.3, height: 0.25 })).toBe(0);
    expect(inkIn(dense, { x: 0.1, y: 0.1, width: 0.3, height: 0.3 })).toBeCloseTo(1, 6);
  });

  it('merges a grain: a cell is as inky as its inkiest slide, bars as narrow as the narrowest', () => {
    const a = analyseSlidePixels(picture({ bars: 0.125, blocks: [{ x: 0.2, y: 0.2, width: 0.1, height: 0.1 }] }), W, H);
    const b = analyseSlidePixels(picture({ bars: 0.125, blocks: [{ x: 0.14, y: 0.8, width: 0.3, height: 0.1 }] }), W, H);
    const blank = analyseSlidePixels(picture({}), W, H);
    const merged = mergeSlideContents([a, b, blank])!;
    expect(inkIn(merged, { x: 0.2, y: 0.2, width: 0.1, height: 0.1 })).toBeGreaterThan(0.6);
    expect(inkIn(merged, { x: 0.14, y: 0.8, width: 0.3, height: 0.1 })).toBeGreaterThan(0.6);
    // The blank slide has nothing to keep free: it restricts nothing.
    expect(blank.sides).toEqual({ left: 0.5, right: 0.5, grey: 255 });
    expect(merged.sides.left).toBeCloseTo(0.14, 2);
    expect(merged.sides.right).toBeCloseTo(0.56, 2);
    expect(mergeSlideContents([])).toBeNull();
    // Bars of different greys are not bars the frame can extend.
    const grey = analyseSlidePixels(picture({ bars: 0.125, barGrey: 128, blocks: [{ x: 0.3, y: 0.3, width: 0.1, height: 0.1 }] }), W, H);
    expect(mergeSlideContents([a, grey])!.sides.grey).toBeNull();
  });

  it('tells a colour’s grey level', () => {
    expect(greyOf('#ffffff')).toBe(255);
    expect(greyOf('000000')).toBe(0);
    expect(greyOf('not a colour')).toBeNull();
  });
});

describe('the camera of a 4:3 deck in a 16:9 video', () => {
  it('goes into the pillarbox margin, never over the page', () => {
    const g = computeLayoutGeometry(layout(), HD, CAM, HD, beamer43);
    expect(g.cameraPlacement).toBe('margin');
    // The page moves left, its text keeping the 38 px margin (2 %) at the frame's edge; the bars and
    // plain sides make one strip on the right, where the camera sits at the bottom (bottom_right).
    const contentLeft = Math.round(0.16 * 1920);
    expect(Math.abs(g.slideShift + (contentLeft - 38))).toBeLessThanOrEqual(8);
    expect(g.slide).toEqual({ x: g.slideShift, y: 0, width: 1920, height: 1080 });
    const content: Rect = { x: contentLeft + g.slideShift, y: 0, width: Math.round(0.68 * 1920), height: 1080 };
    expect(overlaps(g.camera!, content)).toBe(false);
    expect(g.camera!.x).toBeGreaterThanOrEqual(content.x + content.width + 38);
    expect(g.camera!.x + g.camera!.width).toBeLessThanOrEqual(1920 - 38);
    // Nearly medium (25 % = 480 px): as wide as the strip allows; 16:9 kept; bottom margin kept.
    expect(g.camera!.width).toBeGreaterThanOrEqual(440);
    expect(g.camera!.width).toBeLessThanOrEqual(480);
    expect(Math.abs(g.camera!.height - (g.camera!.width * 9) / 16)).toBeLessThanOrEqual(2);
    expect(g.camera!.y).toBe(1080 - g.camera!.height - 38);
    // Every slide of the grain moves the same way (what the encoder draws).
    expect(placeSlide(g, HD)).toEqual(g.slide);
  });

  it('follows the corner for the side and the height, and fits the strip at 720p', () => {
    const g = computeLayoutGeometry(layout({ corner: 'top_left', size: 'small' }), { width: 1280, height: 720 }, CAM, HD, beamer43);
    expect(g.slideShift).toBeGreaterThan(0);
    const contentLeft = Math.round((1 - 0.14) * 1280 - 0.68 * 1280) + g.slideShift;
    expect(g.camera!.x + g.camera!.width).toBeLessThanOrEqual(contentLeft);
    expect(g.camera!.x).toBeGreaterThanOrEqual(26);
    expect(g.camera!.y).toBe(26);
    expect(g.camera!.width).toBe(192); // small = 15 % of 1280
  });

  it('shrinks the camera to the strip rather than cover the page', () => {
    const wide = analyseSlidePixels(picture({ bars: 0.125, blocks: [{ x: 0.13, y: 0.1, width: 0.74, height: 0.8 }] }), W, H);
    const g = computeLayoutGeometry(layout({ size: 'large' }), HD, CAM, HD, wide);
    expect(g.cameraPlacement).toBe('margin');
    expect(g.camera!.width).toBeLessThan(768);
    expect(g.camera!.width).toBeGreaterThanOrEqual(192);
    expect(g.camera!.x).toBeGreaterThanOrEqual(Math.round(0.74 * 1920) + 38);
  });

  it('keeps the teacher’s corner with manual placement', () => {
    const g = computeLayoutGeometry(layout({ placement: 'manual' }), HD, CAM, HD, beamer43);
    expect(g.cameraPlacement).toBe('setting');
    expect(g.slideShift).toBe(0);
    expect(g.camera).toEqual({ x: 1920 - 480 - 38, y: 1080 - 270 - 38, width: 480, height: 270 });
  });

  it('does not move the slide over bars that differ from the frame’s background', () => {
    const g = computeLayoutGeometry(layout({}, '#000000'), HD, CAM, HD, beamer43);
    expect(g.cameraPlacement).not.toBe('margin');
    expect(g.slideShift).toBe(0);
  });
});

describe('the camera of a 16:9 deck', () => {
  const corners = (content: SlideContent, preferred: Corner = 'bottom_right') => computeLayoutGeometry(layout({ corner: preferred }), HD, CAM, HD, content);

  it('leaves a corner with content for the emptiest one', () => {
    // Text everywhere but the bottom-left corner, reaching both sides (no free strip).
    const content = analyseSlidePixels(
      picture({ blocks: [{ x: 0.02, y: 0.02, width: 0.96, height: 0.6 }, { x: 0.4, y: 0.6, width: 0.58, height: 0.38 }] }),
      W,
      H,
    );
    const g = corners(content);
    expect(g.cameraPlacement).toBe('least_ink');
    expect(g.cameraCorner).toBe('bottom_left');
    expect(g.slideShift).toBe(0);
    expect(inkIn(content, { x: g.camera!.x / 1920, y: g.camera!.y / 1080, width: g.camera!.width / 1920, height: g.camera!.height / 1080 })).toBe(0);
  });

  it('keeps the teacher’s corner when it is as free as the others, and without a measure', () => {
    const blank = analyseSlidePixels(picture({ blocks: [{ x: 0.3, y: 0.3, width: 0.4, height: 0.3 }] }), W, H);
    expect(corners(blank, 'top_left').cameraCorner).toBe('top_left');
    expect(computeLayoutGeometry(layout(), HD, CAM, HD, null).cameraCorner).toBe('bottom_right');
    expect(leastInkCorner([{ corner: 'a', ink: 0.3 }, { corner: 'b', ink: 0.299 }], 'a')).toBe('a');
    expect(leastInkCorner([{ corner: 'a', ink: 0.3 }, { corner: 'b', ink: 0.1 }], 'a')).toBe('b');
  });

  it('short table labels in a corner ("BS", "HT", "LF") are content too', () => {
    // A title across the top, a table whose short labels run along the bottom edge to edge.
    const table = analyseSlidePixels(
      picture({
        blocks: [0.03, 0.2, 0.4, 0.6, 0.8, 0.95]
          .map((x) => ({ x, y: 0.86, width: 0.02, height: 0.04 }))
          .concat([{ x: 0.03, y: 0.05, width: 0.5, height: 0.1 }]),
      }),
      W,
      H,
    );
    const g = corners(table);
    expect(g.cameraCorner).toBe('top_right');
    expect(g.cameraPlacement).toBe('least_ink');
  });
});

describe('drawing a slide moved partly out of the frame', () => {
  it('crops the part past the edge before padding (FFmpeg pad needs a picture inside the frame)', () => {
    expect(placeOnFrame({ x: -240, y: 0, width: 1920, height: 1080 }, { width: 1920, height: 1080, fps: 25 }, '#ffffff')).toBe(
      'scale=1920:1080:flags=bicubic,setsar=1,crop=1680:1080:240:0,pad=1920:1080:0:0:color=0xffffff,format=yuv420p',
    );
    expect(placeOnFrame({ x: 240, y: 0, width: 1440, height: 1080 }, { width: 1920, height: 1080, fps: 25 }, '#000000')).toBe(
      'scale=1440:1080:flags=bicubic,setsar=1,pad=1920:1080:240:0:color=0x000000,format=yuv420p',
    );
  });
});
