// Runs everywhere (shared, pure). THE layout maths: where the slide and the camera go in a frame.
// The renderer's preview, the montage's FFmpeg graph and the live program all call this, so what
// the user sees in the preview is what the encoder produces. With automatic placement, the camera
// goes where the grain's slides leave room (see cameraPlacement.ts): the side bars of a 4:3 deck,
// else the corner with the least content.
import { PIP_SIZE_FRACTION, type Corner, type LayoutSettings, type PipMask } from '../domain/layout';
import { greyOf, inkIn, leastInkCorner, type SlideContent } from './cameraPlacement';

export interface Size {
  width: number;
  height: number;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChromaKey {
  /** `#rrggbb`. */
  color: string;
  similarity: number;
  blend: number;
  despill: boolean;
  /** Which channel the backdrop spills (the key colour's strongest of green and blue). */
  spill: 'green' | 'blue';
}

/** How the camera's place was chosen: free side space, the emptiest corner, or the layout's corner. */
export type CameraPlacementKind = 'margin' | 'least_ink' | 'setting';

export interface LayoutGeometry {
  frame: Size;
  background: string;
  /** Where the slide is drawn, letterboxed (and moved aside when the camera takes its side bars); null when the layout hides it. */
  slide: Rect | null;
  /** The area slides are fitted into, before `slideShift`; null when the layout hides them. */
  slideBox: Rect | null;
  /** Horizontal move of every slide (pixels) that gathers its plain side bars on the camera's side; 0 otherwise. */
  slideShift: number;
  /** The corner the camera sits in (picture in picture and green screen), else null. */
  cameraCorner: Corner | null;
  cameraPlacement: CameraPlacementKind | null;
  /** Where the camera is drawn; null when there is no camera picture. */
  camera: Rect | null;
  /** The part of the camera picture that is shown (camera pixels); the whole picture unless masked to a circle. */
  cameraCrop: Rect | null;
  cameraOpacity: number;
  cameraMask: PipMask;
  /** Corner radius of a rounded mask, in frame pixels. */
  cameraCornerRadius: number;
  chromaKey: ChromaKey | null;
}

/** Rounds to the nearest even integer: 4:2:0 video needs even sizes and offsets. */
export function even(value: number): number {
  return Math.max(0, Math.round(value / 2) * 2);
}

/** Like even(), for offsets that may be negative (a slide moved partly out of the frame). */
export function evenSigned(value: number): number {
  return Math.round(value / 2) * 2 || 0;
}

/** The narrowest camera put in side bars, as a fraction of the frame width; narrower, a corner is better. */
export const MIN_MARGIN_CAMERA_FRACTION = 0.1;
/** Side bars count as free space when their grey is this close to the frame's background. */
export const BAR_BACKGROUND_TOLERANCE = 12;
const CORNERS: readonly Corner[] = ['bottom_right', 'bottom_left', 'top_right', 'top_left'];

/** Where a slide picture of `size` is drawn in this layout: fitted in the slide box, moved by the slide shift. */
export function placeSlide(geometry: Pick<LayoutGeometry, 'slideBox' | 'slideShift' | 'frame'>, size: Size): Rect | null {
  if (!geometry.slideBox) return null;
  const rect = fitRect(size, geometry.slideBox);
  return { ...rect, x: rect.x + geometry.slideShift };
}

/** The largest rectangle of `content`'s aspect that fits `box`, centred in it. */
export function fitRect(content: Size, box: Rect): Rect {
  if (content.width <= 0 || content.height <= 0) return { ...box };
  const scale = Math.min(box.width / content.width, box.height / content.height);
  const width = Math.min(even(content.width * scale), even(box.width) || box.width);
  const height = Math.min(even(content.height * scale), even(box.height) || box.height);
  return { x: even(box.x + (box.width - width) / 2), y: even(box.y + (box.height - height) / 2), width, height };
}

export function pipWidthFraction(layout: LayoutSettings): number {
  const fraction = layout.pip.size === 'custom' ? layout.pip.customWidth : PIP_SIZE_FRACTION[layout.pip.size];
  return clamp(fraction, 0.05, 1);
}

/** The centred square of a picture: what a circular mask shows. */
export function centredSquare(size: Size): Rect {
  const side = even(Math.min(size.width, size.height)) || Math.min(size.width, size.height);
  return { x: even((size.width - side) / 2), y: even((size.height - side) / 2), width: side, height: side };
}

/** The camera rectangle of a picture-in-picture: size from the preset, position from the corner and offset. */
export function pipRect(layout: LayoutSettings, frame: Size, cameraShown: Size, corner: Corner = layout.pip.corner): Rect {
  const width = Math.min(even(frame.width * pipWidthFraction(layout)), even(frame.width));
  const height = Math.min(even((width * cameraShown.height) / cameraShown.width), even(frame.height));
  const margin = even(frame.width * clamp(layout.pip.offset, -0.5, 0.5));
  const x = corner === 'top_left' || corner === 'bottom_left' ? margin : frame.width - width - margin;
  const y = corner === 'top_left' || corner === 'top_right' ? margin : frame.height - height - margin;
  return { x: even(x), y: even(y), width, height };
}

/** Which channel a key colour spills: a blue backdrop spills blue, anything else green. */
export function spillOf(color: string): 'green' | 'blue' {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!match) return 'green';
  const green = parseInt(match[2]!, 16);
  const blue = parseInt(match[3]!, 16);
  return blue > green ? 'blue' : 'green';
}

/** A frame rectangle in fractions of the slide picture drawn at `slide`. */
function inSlide(rect: Rect, slide: Rect) {
  return { x: (rect.x - slide.x) / slide.width, y: (rect.y - slide.y) / slide.height, width: rect.width / slide.width, height: rect.height / slide.height };
}

/**
 * The camera in the slides' plain side bars (a 4:3 deck in a 16:9 frame): the slide moves to one
 * side so that both bars make one free strip, and the camera sits in that strip, never over the
 * slide. Null when the bars are too narrow for a useful camera, are not of the frame's background
 * (the moved slide would show a seam), or the slides are blank (nothing to avoid).
 */
export function marginPlacement(layout: LayoutSettings, frame: Size, cameraShown: Size, slide: Rect, content: SlideContent): { camera: Rect; shift: number; corner: Corner } | null {
  const { sides } = content;
  const background = greyOf(layout.background);
  if (sides.grey === null || background === null || Math.abs(sides.grey - background) > BAR_BACKGROUND_TOLERANCE) return null;
  if (content.ink.every((value) => value === 0) || 1 - sides.left - sides.right < 0.05) return null;
  // Free space from each frame edge to the first ink: the frame's bars plus the page's plain sides.
  const leftFree = slide.x + sides.left * slide.width;
  const rightFree = frame.width - slide.x - slide.width + sides.right * slide.width;
  const gap = even(frame.width * clamp(layout.pip.offset, 0, 0.5));
  const onRight = layout.pip.corner === 'top_right' || layout.pip.corner === 'bottom_right';
  const onTop = layout.pip.corner === 'top_left' || layout.pip.corner === 'top_right';
  // The content moves towards the far edge, keeping the margin there; the rest is one strip.
  const far = onRight ? leftFree : rightFree;
  const near = onRight ? rightFree : leftFree;
  const move = Math.max(0, far - gap);
  const strip = near + move;
  const available = strip - 2 * gap;
  if (available < frame.width * MIN_MARGIN_CAMERA_FRACTION) return null;
  let width = Math.min(even(frame.width * pipWidthFraction(layout)), Math.floor(available / 2) * 2);
  let height = even((width * cameraShown.height) / cameraShown.width);
  if (height > frame.height - 2 * gap) {
    height = even(frame.height - 2 * gap);
    width = Math.min(width, even((height * cameraShown.width) / cameraShown.height));
  }
  const shift = evenSigned(onRight ? -move : move);
  // Centred between the content (plus its margin) and the frame's edge (minus its margin).
  const x = onRight ? even(frame.width - strip + gap + (available - width) / 2) : even(gap + (available - width) / 2);
  const y = onTop ? gap : even(frame.height - height - gap);
  return { camera: { x, y, width, height }, shift, corner: layout.pip.corner };
}

/**
 * Computes the layout of one frame. `camera` is the take's picture size, or null when the take has
 * no video (audio-only) or there is no take: the layout then falls back to the slide alone.
 * `content` is what the grain's slides hold (cameraPlacement.ts): with automatic placement (the
 * default) the camera goes into the slides' side bars, else into the corner with the least content.
 * Without it, the camera stays in the layout's corner.
 */
export function computeLayoutGeometry(layout: LayoutSettings, frame: Size, camera: Size | null, slide: Size | null, content: SlideContent | null = null): LayoutGeometry {
  const full: Rect = { x: 0, y: 0, width: frame.width, height: frame.height };
  const slideSize = slide ?? frame;
  const base: LayoutGeometry = {
    frame,
    background: layout.background,
    slide: fitRect(slideSize, full),
    slideBox: full,
    slideShift: 0,
    cameraCorner: null,
    cameraPlacement: null,
    camera: null,
    cameraCrop: null,
    cameraOpacity: 1,
    cameraMask: 'none',
    cameraCornerRadius: 0,
    chromaKey: null,
  };
  const hasCamera = camera !== null && camera.width > 0 && camera.height > 0;
  if (!hasCamera || layout.mode === 'slides_only' || layout.mode === 'audio_only') return base;
  const wholeCamera: Rect = { x: 0, y: 0, width: camera.width, height: camera.height };

  switch (layout.mode) {
    case 'camera_only':
      return { ...base, slide: null, slideBox: null, camera: fitRect(camera, full), cameraCrop: wholeCamera };
    case 'side_by_side': {
      const half = even(frame.width / 2);
      const left: Rect = { x: 0, y: 0, width: half, height: frame.height };
      const right: Rect = { x: half, y: 0, width: frame.width - half, height: frame.height };
      const cameraOnLeft = (layout.sideBySide?.cameraSide ?? 'right') === 'left';
      return {
        ...base,
        slide: fitRect(slideSize, cameraOnLeft ? right : left),
        slideBox: cameraOnLeft ? right : left,
        camera: fitRect(camera, cameraOnLeft ? left : right),
        cameraCrop: wholeCamera,
      };
    }
    case 'green_screen': {
      const key = layout.greenScreen;
      return {
        ...base,
        camera: pipRect(layout, frame, camera),
        cameraCorner: layout.pip.corner,
        cameraPlacement: 'setting',
        cameraCrop: wholeCamera,
        chromaKey: {
          color: normaliseColor(key.keyColor),
          similarity: clamp(key.similarity, 0.01, 1),
          blend: clamp(key.blend, 0, 1),
          despill: key.despill,
          spill: spillOf(key.keyColor),
        },
      };
    }
    case 'pip':
    default: {
      const mask = layout.pip.mask;
      const crop = mask === 'circle' ? centredSquare(camera) : wholeCamera;
      let rect = pipRect(layout, frame, crop);
      let placed: Pick<LayoutGeometry, 'slide' | 'slideShift' | 'cameraCorner' | 'cameraPlacement'> = { slide: base.slide, slideShift: 0, cameraCorner: layout.pip.corner, cameraPlacement: 'setting' };
      if ((layout.pip.placement ?? 'auto') === 'auto' && content && base.slide) {
        const margin = marginPlacement(layout, frame, crop, base.slide, content);
        if (margin) {
          rect = margin.camera;
          placed = { slide: { ...base.slide, x: base.slide.x + margin.shift }, slideShift: margin.shift, cameraCorner: margin.corner, cameraPlacement: 'margin' };
        } else {
          const slideRect = base.slide;
          const corner = leastInkCorner(
            CORNERS.map((candidate) => ({ corner: candidate, ink: inkIn(content, inSlide(pipRect(layout, frame, crop, candidate), slideRect)) })),
            layout.pip.corner,
          );
          rect = pipRect(layout, frame, crop, corner);
          placed = { ...placed, cameraCorner: corner, cameraPlacement: corner === layout.pip.corner ? 'setting' : 'least_ink' };
        }
      }
      return {
        ...base,
        ...placed,
        camera: rect,
        cameraCrop: crop,
        cameraOpacity: clamp(layout.pip.opacity, 0, 1),
        cameraMask: mask,
        cameraCornerRadius: mask === 'rounded' ? Math.round(Math.min(rect.width, rect.height) * 0.12) : 0,
      };
    }
  }
}

/** Accepts `#rgb`, `#rrggbb` or `rrggbb`; anything else becomes the default green. */
export function normaliseColor(color: string): string {
  const value = color.trim().replace(/^#/, '');
  if (/^[0-9a-f]{6}$/i.test(value)) return `#${value.toLowerCase()}`;
  if (/^[0-9a-f]{3}$/i.test(value)) return `#${value.split('').map((c) => c + c).join('').toLowerCase()}`;
  return '#00b140';
}

function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, value));
}
