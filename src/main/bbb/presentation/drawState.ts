// Runs in Node (main side). Draws one visual state into a canvas with @napi-rs/canvas: the slide
// (PNG or SVG) through its viewBox, pre-2.6 SVG drawings or tldraw shapes, the cursor and the chat panel.
import { Path2D, loadImage, type Image, type SKRSContext2D } from '@napi-rs/canvas';
import type { PresentationRecording, SvgDrawingVersion, SvgPrimitive, TldrawShapeVersion } from './presentationModel';
import { scalarText } from '../../../shared/logic/scalarText';
import type { VisualState } from './stateTimeline';
import { toFrame, viewBoxTransform, type FrameLayout, type SlideTransform } from './frameLayout';
import { baselineOf, lineLeft, svgTextBlock, tldrawTextBlock, type TextBlock } from './textLayout';

export const BACKGROUND = '#1f2329';
const SLIDE_AREA_BACKGROUND = '#2b3038';
const CHAT_BACKGROUND = '#f4f5f7';

/** tldraw's named colours (default theme), used for both tldraw v1 and v2 records. */
export const TLDRAW_COLORS: Record<string, string> = {
  black: '#1d1d1d',
  grey: '#9fa8b2',
  gray: '#9fa8b2',
  'light-violet': '#e085f4',
  violet: '#ae3ec9',
  blue: '#4465e9',
  'light-blue': '#4ba1f1',
  yellow: '#f1ac4b',
  orange: '#e16919',
  green: '#099268',
  'light-green': '#4cb05e',
  'light-red': '#f87777',
  red: '#e03131',
  white: '#ffffff',
};

const TLDRAW_STROKE: Record<string, number> = { s: 2, m: 3.5, l: 5, xl: 10, small: 2, medium: 3.5, large: 5 };
const TLDRAW_FONT: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44, small: 18, medium: 24, large: 36 };

/** Decoded slide images, a few at a time: a 3-hour recording may reference hundreds of slides. */
export class ImageCache {
  private readonly entries = new Map<string, Promise<Image>>();

  constructor(
    private readonly load: (href: string) => Promise<Buffer>,
    private readonly capacity = 6,
  ) {}

  get(href: string): Promise<Image> {
    const existing = this.entries.get(href);
    if (existing) {
      this.entries.delete(href);
      this.entries.set(href, existing);
      return existing;
    }
    const loading = this.load(href).then((bytes) => loadImage(bytes));
    this.entries.set(href, loading);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return loading;
  }
}

function withTransform(ctx: SKRSContext2D, transform: SlideTransform, draw: () => void): void {
  ctx.save();
  ctx.setTransform(transform.scale, 0, 0, transform.scale, transform.offsetX, transform.offsetY);
  draw();
  ctx.restore();
}

function primitivePath(primitive: Exclude<SvgPrimitive, { kind: 'text' }>): Path2D {
  const path = new Path2D();
  switch (primitive.kind) {
    case 'path':
      path.addPath(new Path2D(primitive.d));
      break;
    case 'line':
      path.moveTo(primitive.x1, primitive.y1);
      path.lineTo(primitive.x2, primitive.y2);
      break;
    case 'rect':
      path.rect(primitive.x, primitive.y, primitive.width, primitive.height);
      break;
    case 'circle':
      path.ellipse(primitive.cx, primitive.cy, primitive.r, primitive.r, 0, 0, Math.PI * 2);
      break;
    case 'ellipse':
      path.ellipse(primitive.cx, primitive.cy, primitive.rx, primitive.ry, 0, 0, Math.PI * 2);
      break;
    case 'polyline':
      for (let i = 0; i + 1 < primitive.points.length; i += 2) {
        if (i === 0) path.moveTo(primitive.points[0]!, primitive.points[1]!);
        else path.lineTo(primitive.points[i]!, primitive.points[i + 1]!);
      }
      if (primitive.closed) path.closePath();
      break;
  }
  return path;
}

function wrapLines(ctx: SKRSContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && maxWidth > 0 && ctx.measureText(candidate).width > maxWidth) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

/** Paints a text annotation where the player's HTML layout puts it (textLayout.ts holds the rules). */
export function drawTextBlock(ctx: SKRSContext2D, block: TextBlock): void {
  if (!block.text) return;
  ctx.save();
  ctx.font = `${block.fontSize}px sans-serif`;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  ctx.fillStyle = block.color;
  const probe = ctx.measureText('Hg');
  const metrics = { ascent: probe.fontBoundingBoxAscent, descent: probe.fontBoundingBoxDescent };
  const lines = wrapLines(ctx, block.text, block.wrapWidth ?? 0);
  const widths = lines.map((line) => ctx.measureText(line).width);
  const contentWidth = block.wrapWidth ?? Math.max(0, ...widths);
  lines.forEach((line, index) => ctx.fillText(line, lineLeft(block, widths[index]!, contentWidth), baselineOf(block, metrics, index)));
  ctx.restore();
}

function drawSvgDrawing(ctx: SKRSContext2D, drawing: SvgDrawingVersion): void {
  const { style } = drawing;
  ctx.globalAlpha = Math.max(0, Math.min(1, style.opacity));
  ctx.lineCap = style.lineCap;
  ctx.lineJoin = 'round';
  for (const primitive of drawing.primitives) {
    if (primitive.kind === 'text') {
      drawTextBlock(ctx, svgTextBlock(primitive));
      continue;
    }
    const path = primitivePath(primitive);
    if (style.fill && primitive.kind !== 'path' && primitive.kind !== 'line') {
      ctx.fillStyle = style.fill;
      ctx.fill(path);
    } else if (style.fill && primitive.kind === 'path' && style.fill !== 'none' && !style.stroke) {
      ctx.fillStyle = style.fill;
      ctx.fill(path);
    }
    if (style.stroke) {
      ctx.strokeStyle = style.stroke;
      ctx.lineWidth = style.strokeWidth;
      ctx.stroke(path);
    }
    // A single-point pencil is a circle with a fill and no stroke in shapes.svg.
    if (!style.stroke && !style.fill && primitive.kind === 'circle') {
      ctx.fillStyle = '#000000';
      ctx.fill(path);
    }
  }
  ctx.globalAlpha = 1;
}

type Rec = Record<string, unknown>;
const asNum = (value: unknown, fallback = 0) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const pointXY = (value: unknown): [number, number] => {
  if (Array.isArray(value)) return [asNum(value[0]), asNum(value[1])];
  if (value && typeof value === 'object') return [asNum((value as Rec).x), asNum((value as Rec).y)];
  return [0, 0];
};

/** Normalises a tldraw v1 or v2 record into what is drawn. */
export function describeTldrawShape(record: Rec): {
  type: string;
  x: number;
  y: number;
  rotation: number;
  opacity: number;
  color: string;
  strokeWidth: number;
  fill: 'none' | 'semi' | 'solid';
  w: number;
  h: number;
  geo: string;
  text: string;
  fontSize: number;
  strokes: [number, number][][];
} {
  const props = (record.props ?? {}) as Rec;
  const style = (record.style ?? {}) as Rec;
  const isV2 = record.props !== undefined;
  const [x, y] = isV2 ? [asNum(record.x), asNum(record.y)] : pointXY(record.point);
  const colorName = scalarText(props.color ?? style.color, 'black');
  const sizeName = scalarText(props.size ?? style.size, 'm');
  let type = scalarText(record.type, 'draw');
  let geo = scalarText(props.geo);
  if (!isV2 && ['rectangle', 'ellipse', 'triangle'].includes(type)) {
    geo = type;
    type = 'geo';
  }
  if (type === 'highlighter') type = 'highlight';
  const [w, h] = isV2 ? [asNum(props.w, 100), asNum(props.h, 100)] : pointXY(record.size);
  const strokes: [number, number][][] = [];
  if (Array.isArray(props.segments)) {
    for (const segment of props.segments as Rec[]) {
      const points = Array.isArray(segment.points) ? (segment.points as unknown[]).map(pointXY) : [];
      if (points.length) strokes.push(points);
    }
  } else if (Array.isArray(record.points)) {
    strokes.push((record.points as unknown[]).map(pointXY));
  }
  if (type === 'arrow' || type === 'line') {
    const handles = (record.handles ?? props.handles) as Rec | undefined;
    const points = props.points as Rec | unknown[] | undefined;
    if (props.start !== undefined && props.end !== undefined) strokes.push([pointXY(props.start), pointXY(props.end)]);
    else if (Array.isArray(points)) strokes.push(points.map(pointXY));
    else if (points && typeof points === 'object') strokes.push(Object.values(points).sort((a, b) => String((a as Rec).index).localeCompare(String((b as Rec).index))).map(pointXY));
    else if (handles) strokes.push([pointXY((handles.start as Rec | undefined)?.point), pointXY((handles.end as Rec | undefined)?.point)]);
  }
  const fillName = scalarText(props.fill, style.isFilled ? 'semi' : 'none');
  const fill = fillName === 'solid' ? 'solid' : fillName === 'semi' || fillName === 'pattern' ? 'semi' : 'none';
  const scale = asNum(props.scale ?? style.scale, 1);
  return {
    type,
    x,
    y,
    rotation: asNum(record.rotation),
    opacity: asNum(record.opacity, 1),
    color: TLDRAW_COLORS[colorName] ?? (colorName.startsWith('#') ? colorName : TLDRAW_COLORS.black!),
    strokeWidth: (TLDRAW_STROKE[sizeName] ?? 3.5) * scale,
    fill,
    w,
    h,
    geo: geo || 'rectangle',
    text: scalarText(props.text ?? record.text),
    fontSize: (TLDRAW_FONT[sizeName] ?? 24) * scale,
    strokes,
  };
}

function drawTldrawShape(ctx: SKRSContext2D, shape: TldrawShapeVersion): void {
  const d = describeTldrawShape(shape.record);
  ctx.save();
  ctx.translate(d.x, d.y);
  if (d.rotation) ctx.rotate(d.rotation);
  ctx.globalAlpha = Math.max(0, Math.min(1, d.opacity));
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = d.color;
  ctx.fillStyle = d.color;
  const strokePolyline = (points: [number, number][]) => {
    const path = new Path2D();
    points.forEach(([px, py], index) => (index === 0 ? path.moveTo(px, py) : path.lineTo(px, py)));
    if (points.length === 1) path.lineTo(points[0]![0] + 0.01, points[0]![1]);
    ctx.stroke(path);
  };
  switch (d.type) {
    case 'draw':
      ctx.lineWidth = d.strokeWidth;
      for (const points of d.strokes) strokePolyline(points);
      break;
    case 'highlight':
      ctx.globalAlpha *= 0.45;
      ctx.lineWidth = d.strokeWidth * 5;
      ctx.strokeStyle = d.color === TLDRAW_COLORS.black ? TLDRAW_COLORS.yellow! : d.color;
      for (const points of d.strokes) strokePolyline(points);
      break;
    case 'geo': {
      const path = new Path2D();
      if (d.geo === 'ellipse' || d.geo === 'oval') path.ellipse(d.w / 2, d.h / 2, d.w / 2, d.h / 2, 0, 0, Math.PI * 2);
      else if (d.geo === 'triangle') {
        path.moveTo(d.w / 2, 0);
        path.lineTo(d.w, d.h);
        path.lineTo(0, d.h);
        path.closePath();
      } else if (d.geo === 'diamond') {
        path.moveTo(d.w / 2, 0);
        path.lineTo(d.w, d.h / 2);
        path.lineTo(d.w / 2, d.h);
        path.lineTo(0, d.h / 2);
        path.closePath();
      } else path.rect(0, 0, d.w, d.h);
      if (d.fill !== 'none') {
        ctx.save();
        if (d.fill === 'semi') ctx.globalAlpha *= 0.35;
        ctx.fill(path);
        ctx.restore();
      }
      ctx.lineWidth = d.strokeWidth;
      ctx.stroke(path);
      if (d.text) drawCenteredText(ctx, d.text, d.w, d.h, d.fontSize);
      break;
    }
    case 'arrow':
    case 'line':
      ctx.lineWidth = d.strokeWidth;
      for (const points of d.strokes) {
        strokePolyline(points);
        if (d.type === 'arrow' && points.length >= 2) {
          const [ex, ey] = points[points.length - 1]!;
          const [sx, sy] = points[points.length - 2]!;
          const angle = Math.atan2(ey - sy, ex - sx);
          const size = Math.max(10, d.strokeWidth * 4);
          strokePolyline([
            [ex - size * Math.cos(angle - 0.5), ey - size * Math.sin(angle - 0.5)],
            [ex, ey],
            [ex - size * Math.cos(angle + 0.5), ey - size * Math.sin(angle + 0.5)],
          ]);
        }
      }
      break;
    case 'note':
    case 'sticky': {
      const size = d.w > 0 && d.type === 'sticky' ? d.w : 200;
      ctx.save();
      ctx.globalAlpha *= 0.9;
      ctx.fillRect(0, 0, size, size);
      ctx.restore();
      ctx.fillStyle = '#1d1d1d';
      drawCenteredText(ctx, d.text, size, size, d.fontSize);
      break;
    }
    case 'text': {
      // The block is placed at the shape's x, y, already applied by the translation above.
      const block = tldrawTextBlock(shape.record, d.color);
      drawTextBlock(ctx, { ...block, x: 0, y: 0 });
      break;
    }
    default:
      break;
  }
  ctx.restore();
}

function drawCenteredText(ctx: SKRSContext2D, text: string, w: number, h: number, fontSize: number): void {
  ctx.font = `${fontSize}px sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  const lines = wrapLines(ctx, text, w * 0.9);
  lines.forEach((line, index) => ctx.fillText(line, w / 2, h / 2 + (index - (lines.length - 1) / 2) * fontSize * 1.25));
  ctx.textAlign = 'start';
}

function drawChat(ctx: SKRSContext2D, layout: FrameLayout, recording: PresentationRecording, visible: number[]): void {
  const area = layout.chatArea;
  if (!area) return;
  ctx.fillStyle = CHAT_BACKGROUND;
  ctx.fillRect(area.x, area.y, area.width, area.height);
  const padding = 10;
  const width = area.width - padding * 2;
  // Newest at the bottom; older messages scroll off the top.
  const blocks: { name: string; lines: string[] }[] = [];
  ctx.font = '14px sans-serif';
  for (const index of visible) {
    const message = recording.chat[index]!;
    blocks.push({ name: message.name, lines: wrapLines(ctx, message.text, width) });
  }
  let y = area.y + area.height - padding;
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.x, area.y, area.width, area.height);
  ctx.clip();
  ctx.textBaseline = 'bottom';
  for (let b = blocks.length - 1; b >= 0 && y > area.y; b--) {
    const block = blocks[b]!;
    ctx.fillStyle = '#222831';
    ctx.font = '14px sans-serif';
    for (let l = block.lines.length - 1; l >= 0; l--) {
      ctx.fillText(block.lines[l]!, area.x + padding, y);
      y -= 18;
    }
    ctx.fillStyle = '#3b5bdb';
    ctx.font = 'bold 13px sans-serif';
    ctx.fillText(block.name, area.x + padding, y);
    y -= 24;
  }
  ctx.restore();
}

export async function drawState(
  ctx: SKRSContext2D,
  layout: FrameLayout,
  recording: PresentationRecording,
  state: VisualState,
  images: ImageCache,
): Promise<void> {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, layout.width, layout.height);
  const area = layout.slideArea;
  ctx.fillStyle = SLIDE_AREA_BACKGROUND;
  ctx.fillRect(area.x, area.y, area.width, area.height);
  const slide = state.slideIndex >= 0 ? recording.slides[state.slideIndex] : undefined;
  if (slide && state.viewBox) {
    const transform = viewBoxTransform(state.viewBox, area);
    const image = await images.get(slide.href);
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.x, area.y, area.width, area.height);
    ctx.clip();
    withTransform(ctx, transform, () => {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, slide.width, slide.height);
      ctx.drawImage(image, 0, 0, slide.width, slide.height);
      // Drawings outside the slide stay on it, as in the player.
      ctx.beginPath();
      ctx.rect(0, 0, slide.width, slide.height);
      ctx.clip();
      if (recording.tldraw) {
        for (const order of state.drawings) drawTldrawShape(ctx, recording.tldrawShapes[order]!);
      } else {
        for (const order of state.drawings) drawSvgDrawing(ctx, recording.drawings[order]!);
      }
    });
    ctx.restore();
    if (state.cursor) {
      const [cx, cy] = toFrame(transform, state.cursor[0], state.cursor[1]);
      ctx.beginPath();
      ctx.arc(cx, cy, 6, 0, Math.PI * 2);
      ctx.fillStyle = '#e03131';
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
    }
  }
  if (layout.webcamArea) {
    ctx.fillStyle = '#000000';
    ctx.fillRect(layout.webcamArea.x, layout.webcamArea.y, layout.webcamArea.width, layout.webcamArea.height);
  }
  drawChat(ctx, layout, recording, state.chat);
}
