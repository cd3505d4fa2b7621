// Runs in Node (test, real FFmpeg). Renders generated recordings whose only annotations are text boxes
// (pre-2.6 shapes.svg, tldraw v1 of BBB 2.6/2.7, tldraw v2 of BBB 3.0), measures the ink of each text
// in the output frame (FFmpeg crop + gray, then a bounding box) and compares it with the box the
// players' layout rules give: position and height within a few pixels at 720p.
import { createCanvas } from '@napi-rs/canvas';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPresentation } from '../../src/main/bbb/presentation/renderPresentation';
import { generateRecording } from '../support/bbbFixture/generateRecording';
import { textFixtureSpec, type FixtureLayout, type FixtureText } from '../support/bbbFixture/fixtureSpec';
import { grayCropAt, inkBoundingBox, type InkBox } from '../support/bbbFixture/videoProbe';

const FIXTURE_TIMEOUT_MS = 600_000;
// No webcams, no chat: the 1600×1200 slide, shown whole, is fitted into the 1280×720 frame as 960×720 from x=160.
const SCALE = 0.6;
const OFFSET_X = 160;
const OFFSET_Y = 0;
const TOLERANCE_PX = 3;

interface TextRule {
  fontSize: number;
  /** Multiple of the font size; null = CSS `normal` (the font's ascent + descent). */
  lineHeight: number | null;
  padding: number;
}

/**
 * The players' rules, restated here from their sources:
 * - before 2.6, BBB writes `font-size:<n>px` (slide units) in the shape's <g> style and bbb-playback
 *   renders the foreignObject's paragraph with no margin, no padding, `line-height: normal`
 *   (https://github.com/bigbluebutton/bigbluebutton/blob/d3dae5828a363cc670ed2b13d1906acab7607b3d/record-and-playback/presentation/scripts/publish/presentation.rb,
 *   https://github.com/bigbluebutton/bbb-playback/blob/00a0f7610d01d34fd9e09803a364d35ab80b0a91/src/utils/builder.js);
 * - tldraw v1: small 28 / medium 48 / large 96 × scale, line height 1, 4 px padding
 *   (https://github.com/tldraw/tldraw/blob/d0fd712e5ec81123c2d97edc143e3f997b9ab1fd/packages/tldraw/src/state/shapes/shared/shape-styles.ts,
 *   https://github.com/tldraw/tldraw/blob/7fb38014e768b25587edf154ab42cdce92292266/packages/tldraw/src/state/shapes/TextUtil/TextUtil.tsx);
 * - tldraw v2: s 18 / m 24 / l 36 / xl 44 × scale, line height 1.35, no padding
 *   (https://github.com/tldraw/tldraw/blob/main/packages/tldraw/src/lib/shapes/shared/default-shape-constants.ts).
 */
function ruleFor(layout: FixtureLayout, version: 1 | 2, text: FixtureText): TextRule {
  if (layout === 'svg') return { fontSize: text.fontSize ?? 48, lineHeight: null, padding: 0 };
  const scale = text.scale ?? 1;
  if (version === 1) return { fontSize: ({ small: 28, medium: 48, large: 96 } as Record<string, number>)[text.size ?? 'large']! * scale, lineHeight: 1, padding: 4 };
  return { fontSize: ({ s: 18, m: 24, l: 36, xl: 44 } as Record<string, number>)[text.size ?? 'xl']! * scale, lineHeight: 1.35, padding: 0 };
}

/** Where the ink of the text must be in the frame: line boxes per the rule, glyphs centred in them (CSS half-leading). */
function expectedInk(text: FixtureText, rule: TextRule): InkBox {
  const ctx = createCanvas(8, 8).getContext('2d');
  ctx.font = `${rule.fontSize * SCALE}px sans-serif`;
  const font = ctx.measureText('Hg');
  const ascent = font.fontBoundingBoxAscent;
  const descent = font.fontBoundingBoxDescent;
  const pitch = rule.lineHeight === null ? ascent + descent : rule.lineHeight * rule.fontSize * SCALE;
  const lines = text.text.split('\n');
  const boxLeft = OFFSET_X + (text.x + rule.padding) * SCALE;
  const boxTop = OFFSET_Y + (text.y + rule.padding) * SCALE;
  const baseline = (index: number) => boxTop + index * pitch + (pitch - ascent - descent) / 2 + ascent;
  const glyphs = lines.map((line) => ctx.measureText(line));
  return {
    left: boxLeft - Math.max(...glyphs.map((g) => g.actualBoundingBoxLeft)),
    right: boxLeft + Math.max(...glyphs.map((g) => g.actualBoundingBoxRight)),
    top: baseline(0) - glyphs[0]!.actualBoundingBoxAscent,
    bottom: baseline(lines.length - 1) + glyphs[lines.length - 1]!.actualBoundingBoxDescent,
  };
}

const cases: { name: string; layout: FixtureLayout; version: 1 | 2 }[] = [
  { name: 'shapes.svg (before 2.6)', layout: 'svg', version: 2 },
  { name: 'tldraw v1 (2.6/2.7)', layout: 'tldraw', version: 1 },
  { name: 'tldraw v2 (3.0)', layout: 'tldraw', version: 2 },
];

describe.each(cases)('text annotations of $name', ({ layout, version }) => {
  const spec = textFixtureSpec(layout, version);
  const work = mkdtempSync(path.join(os.tmpdir(), `bbb-text-${layout}${version}-`));
  const output = path.join(work, 'out.mp4');

  beforeAll(async () => {
    const fixture = await generateRecording(spec);
    await renderPresentation(fixture.presentationDir, output, { fps: 15 });
  }, FIXTURE_TIMEOUT_MS);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const texts = spec.annotations.filter((a): a is FixtureText => a.kind === 'text');
  it.each(texts.map((text, index) => ({ text, index })))('draws text $index at its box, at its size', async ({ text }) => {
    const expected = expectedInk(text, ruleFor(layout, version, text));
    const margin = 30;
    const region = {
      x: Math.floor(expected.left) - margin,
      y: Math.floor(expected.top) - margin,
      width: Math.ceil(expected.right - expected.left) + margin * 2,
      height: Math.ceil(expected.bottom - expected.top) + margin * 2,
    };
    // The text (near black) on the red slide: the gray midpoint separates them, antialiased edges included.
    const gray = await grayCropAt(output, 2, region);
    const ink = inkBoundingBox(gray, region.width, region.height, 70);
    expect(ink, 'no text ink where the text should be').not.toBeNull();
    const measured = { left: region.x + ink!.left, top: region.y + ink!.top, bottom: region.y + ink!.bottom + 1 };
    expect(Math.abs(measured.left - expected.left)).toBeLessThanOrEqual(TOLERANCE_PX);
    expect(Math.abs(measured.top - expected.top)).toBeLessThanOrEqual(TOLERANCE_PX);
    expect(Math.abs(measured.bottom - measured.top - (expected.bottom - expected.top))).toBeLessThanOrEqual(TOLERANCE_PX);
    // Before the annotation's time the same place has no ink.
    const before = await grayCropAt(output, 0.5, region);
    expect(inkBoundingBox(before, region.width, region.height, 70)).toBeNull();
  });
});
