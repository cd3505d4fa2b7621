// Runs in Node (main side; pure). Where BBB's players put the lines of a text annotation: the box,
// the font size, the line height and the padding, for pre-2.6 `shapes.svg` text (an HTML paragraph in
// a foreignObject) and for tldraw text shapes (v1 in BBB 2.6/2.7, v2 in 3.0), so the drawing code
// only measures glyphs and paints.

/**
 * A text annotation laid out like a browser lays out the player's HTML: a box whose top-left corner
 * is (x, y) in slide units, an inner padding, lines `lineHeight × fontSize` apart (null: CSS
 * `line-height: normal`, the font's own ascent + descent), each glyph run centred vertically in its
 * line box (CSS half-leading).
 */
export interface TextBlock {
  x: number;
  y: number;
  /** Content width lines wrap at (slide units), or null when lines only break at newlines. */
  wrapWidth: number | null;
  padding: number;
  fontSize: number;
  /** Multiple of fontSize; null = `normal`. */
  lineHeight: number | null;
  align: 'start' | 'middle' | 'end';
  color: string;
  text: string;
}

export interface FontMetrics {
  /** Font (not glyph) ascent and descent at the block's font size, positive numbers. */
  ascent: number;
  descent: number;
}

/** Distance between two consecutive baselines. */
export function linePitch(block: TextBlock, metrics: FontMetrics): number {
  return block.lineHeight === null ? metrics.ascent + metrics.descent : block.lineHeight * block.fontSize;
}

/**
 * Baseline of line `index`: CSS puts the font's ascent + descent in the middle of each line box
 * (half-leading above and below), the first line box starting at the top padding.
 */
export function baselineOf(block: TextBlock, metrics: FontMetrics, index: number): number {
  const pitch = linePitch(block, metrics);
  const halfLeading = (pitch - (metrics.ascent + metrics.descent)) / 2;
  return block.y + block.padding + index * pitch + halfLeading + metrics.ascent;
}

/** Left edge of a line of `lineWidth` inside a box whose widest line is `boxContentWidth`. */
export function lineLeft(block: TextBlock, lineWidth: number, boxContentWidth: number): number {
  const free = Math.max(0, boxContentWidth - lineWidth);
  const shift = block.align === 'middle' ? free / 2 : block.align === 'end' ? free : 0;
  return block.x + block.padding + shift;
}

/**
 * Pre-2.6 text. BBB's publish script writes `<g style="color:#…;word-wrap:break-word;font-family:Arial;
 * font-size:<n>px">` around `<switch><foreignObject x y width height><p style="margin:0;padding:0">`
 * with `<br/>` between lines, every number already in slide pixels (svg_render_shape_text in
 * https://github.com/bigbluebutton/bigbluebutton/blob/d3dae5828a363cc670ed2b13d1906acab7607b3d/record-and-playback/presentation/scripts/publish/presentation.rb).
 * bbb-playback hands that `<g>` style to the foreignObject and renders the text in a plain div (default
 * `line-height: normal`, no padding), wrapping at the foreignObject's width
 * (buildStyle/parseText in https://github.com/bigbluebutton/bbb-playback/blob/00a0f7610d01d34fd9e09803a364d35ab80b0a91/src/utils/builder.js,
 * https://github.com/bigbluebutton/bbb-playback/blob/7cbefb79164e21043eb0f258e2a24000155ab855/src/components/presentation/canvas/text.js).
 */
export function svgTextBlock(text: { x: number; y: number; width: number; text: string; fontSize: number; color: string }): TextBlock {
  return {
    x: text.x,
    y: text.y,
    wrapWidth: text.width > 0 ? text.width : null,
    padding: 0,
    fontSize: text.fontSize,
    lineHeight: null,
    align: 'start',
    color: text.color,
    text: text.text,
  };
}

/**
 * tldraw v1 (BBB 2.6/2.7): font sizes small 28, medium 48, large 96, times the style's scale, written
 * as the CSS font `<size>px/1` (line height 1)
 * (https://github.com/tldraw/tldraw/blob/d0fd712e5ec81123c2d97edc143e3f997b9ab1fd/packages/tldraw/src/state/shapes/shared/shape-styles.ts);
 * the text sits in a 4 px padded wrapper at the shape's point, white-space pre-wrap in an auto-sized box
 * (InnerWrapper in https://github.com/tldraw/tldraw/blob/7fb38014e768b25587edf154ab42cdce92292266/packages/tldraw/src/state/shapes/TextUtil/TextUtil.tsx).
 */
export const TLDRAW_V1_FONT_SIZES: Record<string, number> = { small: 28, medium: 48, large: 96 };
export const TLDRAW_V1_LINE_HEIGHT = 1;
export const TLDRAW_V1_PADDING = 4;

/**
 * tldraw v2 (BBB 3.0): FONT_SIZES s 18, m 24, l 36, xl 44 and TEXT_PROPS lineHeight 1.35, padding 0
 * (https://github.com/tldraw/tldraw/blob/main/packages/tldraw/src/lib/shapes/shared/default-shape-constants.ts);
 * the shape's x, y is the top-left of the text box; `autoSize` boxes grow with the text, others wrap at w.
 */
export const TLDRAW_V2_FONT_SIZES: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 };
export const TLDRAW_V2_LINE_HEIGHT = 1.35;
export const TLDRAW_V2_PADDING = 0;

type Rec = Record<string, unknown>;
const finite = (value: unknown, fallback: number) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
/** A recording's text field as text: strings and numbers as written, anything else (absent, an object) as the fallback. */
const textOf = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : fallback);

/** tldraw's text shapes default to centred lines (defaultTextStyle in v1, the `align` prop in v2). */
function alignOf(value: unknown): TextBlock['align'] {
  const name = textOf(value, 'middle');
  if (name === 'middle' || name === 'center') return 'middle';
  if (name === 'end' || name === 'right') return 'end';
  return 'start';
}

/** A tldraw text record (v1: point/style; v2: x/y/props) as a TextBlock; `color` is resolved by the caller. */
export function tldrawTextBlock(record: Rec, color: string): TextBlock {
  if (record.props !== undefined) {
    const props = record.props as Rec;
    const scale = finite(props.scale, 1);
    const autoSize = props.autoSize !== false;
    const w = finite(props.w, 0);
    return {
      x: finite(record.x, 0),
      y: finite(record.y, 0),
      wrapWidth: autoSize || w <= 0 ? null : w,
      padding: TLDRAW_V2_PADDING * scale,
      fontSize: (TLDRAW_V2_FONT_SIZES[textOf(props.size, 'm')] ?? TLDRAW_V2_FONT_SIZES.m!) * scale,
      lineHeight: TLDRAW_V2_LINE_HEIGHT,
      align: alignOf(props.align ?? props.textAlign),
      color,
      text: textOf(props.text, ''),
    };
  }
  const style = (record.style ?? {}) as Rec;
  const point = Array.isArray(record.point) ? (record.point as unknown[]) : [];
  const scale = finite(style.scale, 1);
  return {
    x: finite(point[0], 0),
    y: finite(point[1], 0),
    wrapWidth: null,
    // The padding is CSS pixels inside the scaled shape: it does not grow with the style's scale.
    padding: TLDRAW_V1_PADDING,
    fontSize: (TLDRAW_V1_FONT_SIZES[textOf(style.size, 'medium')] ?? TLDRAW_V1_FONT_SIZES.medium!) * scale,
    lineHeight: TLDRAW_V1_LINE_HEIGHT,
    align: alignOf(style.textAlign),
    color,
    text: textOf(record.text, ''),
  };
}
