// Runs everywhere (shared, pure). Where ink goes in pixels and how it is painted: slide coordinates
// (0..1) mapped onto the slide's rectangle, whether that rectangle is the Record step's picture on
// screen, the take preview's, or the montage's frame (placeSlide of layoutGeometry.ts). The renderer's
// canvas and the montage's @napi-rs/canvas run the same paintInk, so the video shows the ink where
// the preview showed it.
import { placeSlide, type LayoutGeometry, type Rect, type Size } from '../layoutGeometry';
import { HIGHLIGHTER_ALPHA, HIGHLIGHTER_WIDTH_FACTOR } from './inkEvents';
import type { VisibleInk, VisibleStroke } from './inkTimeline';

/** The part of the 2D canvas API paintInk uses: met by the browser's and by @napi-rs/canvas's contexts. */
export interface InkCanvas {
  save(): void;
  restore(): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number): void;
  stroke(): void;
  fill(): void;
  strokeStyle: unknown;
  fillStyle: unknown;
  lineWidth: number;
  lineCap: string;
  lineJoin: string;
  globalAlpha: number;
}

/** A slide point (0..1) in the pixels of the rectangle the slide is drawn in. */
export function slideToPixels(x: number, y: number, slide: Rect): { x: number; y: number } {
  return { x: slide.x + x * slide.width, y: slide.y + y * slide.height };
}

/** A pixel position over the slide's rectangle back to slide coordinates, kept on the slide. */
export function pixelsToSlide(x: number, y: number, slide: Rect): { x: number; y: number } {
  const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
  return { x: clamp((x - slide.x) / slide.width), y: clamp((y - slide.y) / slide.height) };
}

/** A stroke's line width as a fraction of the slide's height (a highlighter is wider than its setting). */
export function strokeWidthFraction(stroke: Pick<VisibleStroke, 'tool' | 'width'>): number {
  return stroke.width * (stroke.tool === 'highlighter' ? HIGHLIGHTER_WIDTH_FACTOR : 1);
}

/** A stroke's line width in pixels on a slide drawn `slide.height` pixels high (never under one pixel). */
export function strokeWidthPixels(stroke: Pick<VisibleStroke, 'tool' | 'width'>, slide: Rect): number {
  return Math.max(1, strokeWidthFraction(stroke) * slide.height);
}

/** The laser pointer's dot radius in pixels. */
export function pointerRadiusPixels(slide: Rect): number {
  return Math.max(4, 0.012 * slide.height);
}

/** Where the montage draws a slide picture of `size` (and so its ink) in a frame of this layout. */
export function inkSlideRect(geometry: Pick<LayoutGeometry, 'slideBox' | 'slideShift' | 'frame'>, size: Size): Rect | null {
  return placeSlide(geometry, size);
}

/** Paints visible ink onto a 2D canvas, the slide being drawn at `slide` (canvas pixels). */
export function paintInk(ctx: InkCanvas, ink: VisibleInk, slide: Rect): void {
  for (const stroke of ink.strokes) {
    ctx.save();
    ctx.globalAlpha = stroke.tool === 'highlighter' ? HIGHLIGHTER_ALPHA : 1;
    const width = strokeWidthPixels(stroke, slide);
    const first = slideToPixels(stroke.points[0]![0], stroke.points[0]![1], slide);
    if (stroke.points.length === 1) {
      ctx.fillStyle = stroke.color;
      ctx.beginPath();
      ctx.arc(first.x, first.y, width / 2, 0, Math.PI * 2);
      ctx.fill();
    } else {
      ctx.strokeStyle = stroke.color;
      ctx.lineWidth = width;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.beginPath();
      ctx.moveTo(first.x, first.y);
      for (const point of stroke.points.slice(1)) {
        const at = slideToPixels(point[0], point[1], slide);
        ctx.lineTo(at.x, at.y);
      }
      ctx.stroke();
    }
    ctx.restore();
  }
  if (ink.pointer) {
    const at = slideToPixels(ink.pointer.x, ink.pointer.y, slide);
    const radius = pointerRadiusPixels(slide);
    ctx.save();
    ctx.fillStyle = ink.pointer.color;
    ctx.globalAlpha = 0.3;
    ctx.beginPath();
    ctx.arc(at.x, at.y, radius * 2, 0, Math.PI * 2);
    ctx.fill();
    ctx.globalAlpha = 1;
    ctx.beginPath();
    ctx.arc(at.x, at.y, radius, 0, Math.PI * 2);
    ctx.fill();
    ctx.restore();
  }
}

/**
 * The strokes the eraser touches at slide point (x, y): any stroke passing within `radius` (a
 * fraction of the slide's height) of it, measured on a slide of the given aspect (width / height).
 */
export function strokesNear(ink: VisibleInk, x: number, y: number, radius: number, aspect: number): string[] {
  const px = x * aspect;
  const hit = (stroke: VisibleStroke) => {
    const reach = radius + strokeWidthFraction(stroke) / 2;
    const points = stroke.points.map(([sx, sy]) => [sx * aspect, sy] as const);
    if (points.length === 1) return Math.hypot(points[0]![0] - px, points[0]![1] - y) <= reach;
    for (let index = 1; index < points.length; index += 1) {
      if (distanceToSegment(px, y, points[index - 1]!, points[index]!) <= reach) return true;
    }
    return false;
  };
  return ink.strokes.filter(hit).map((stroke) => stroke.id);
}

function distanceToSegment(px: number, py: number, a: readonly [number, number], b: readonly [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = dx * dx + dy * dy;
  const along = length === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / length));
  return Math.hypot(px - (a[0] + along * dx), py - (a[1] + along * dy));
}
