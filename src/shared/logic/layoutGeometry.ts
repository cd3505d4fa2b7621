// Runs everywhere (shared, pure). THE layout maths: where the slide and the camera go in a frame.
// The renderer's preview, the montage's FFmpeg graph and the live program all call this, so what
// the user sees in the preview is what the encoder produces.
import { PIP_SIZE_FRACTION, type LayoutSettings, type PipMask } from '../domain/layout';

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

export interface LayoutGeometry {
  frame: Size;
  background: string;
  /** Where the slide is drawn, letterboxed; null when the layout hides it. */
  slide: Rect | null;
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
export function pipRect(layout: LayoutSettings, frame: Size, cameraShown: Size): Rect {
  const width = Math.min(even(frame.width * pipWidthFraction(layout)), even(frame.width));
  const height = Math.min(even((width * cameraShown.height) / cameraShown.width), even(frame.height));
  const margin = even(frame.width * clamp(layout.pip.offset, -0.5, 0.5));
  const corner = layout.pip.corner;
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

/**
 * Computes the layout of one frame. `camera` is the take's picture size, or null when the take has
 * no video (audio-only) or there is no take: the layout then falls back to the slide alone.
 */
export function computeLayoutGeometry(layout: LayoutSettings, frame: Size, camera: Size | null, slide: Size | null): LayoutGeometry {
  const full: Rect = { x: 0, y: 0, width: frame.width, height: frame.height };
  const slideSize = slide ?? frame;
  const base: LayoutGeometry = {
    frame,
    background: layout.background,
    slide: fitRect(slideSize, full),
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
      return { ...base, slide: null, camera: fitRect(camera, full), cameraCrop: wholeCamera };
    case 'side_by_side': {
      const half = even(frame.width / 2);
      const left: Rect = { x: 0, y: 0, width: half, height: frame.height };
      const right: Rect = { x: half, y: 0, width: frame.width - half, height: frame.height };
      const cameraOnLeft = (layout.sideBySide?.cameraSide ?? 'right') === 'left';
      return {
        ...base,
        slide: fitRect(slideSize, cameraOnLeft ? right : left),
        camera: fitRect(camera, cameraOnLeft ? left : right),
        cameraCrop: wholeCamera,
      };
    }
    case 'green_screen': {
      const key = layout.greenScreen;
      return {
        ...base,
        camera: pipRect(layout, frame, camera),
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
      const rect = pipRect(layout, frame, crop);
      return {
        ...base,
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
