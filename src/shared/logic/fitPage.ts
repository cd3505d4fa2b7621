// Runs everywhere (shared, pure). Where a PDF page lands in the slide frame: render scale, placement, thumbnail size.
import { StudioError } from '../errors';

/** A page rendered straight at its final size, centred in a `boxWidth` x `boxHeight` frame. */
export interface PagePlacement {
  /** Pixels per PDF point, horizontally and vertically (equal up to the sub-pixel snap, see below). */
  scaleX: number;
  scaleY: number;
  /** Top-left corner of the page inside the frame, in whole pixels. */
  x: number;
  y: number;
  /** Size of the page inside the frame, in whole pixels; the rest of the frame is letterbox/pillarbox. */
  width: number;
  height: number;
  boxWidth: number;
  boxHeight: number;
}

/**
 * Fits a page of `pageWidth` x `pageHeight` points (after /Rotate) into the frame, keeping its proportions.
 *
 * The page is snapped to whole pixels so that bars are solid colour and never a half-covered grey column,
 * and a side within one pixel of the frame is stretched to it: a 16:9 beamer page (453.54 x 255.12 pt)
 * computes to 1919.97 x 1080 and must come out 1920 x 1080, not 1919 or 1921 (pdftoppm gives 1081).
 * The per-axis scales absorb that snap (under 0.1 %, invisible) so the rendered page covers its box exactly.
 */
export function fitPage(pageWidth: number, pageHeight: number, boxWidth = 1920, boxHeight = 1080): PagePlacement {
  if (!(pageWidth > 0 && pageHeight > 0 && Number.isFinite(pageWidth) && Number.isFinite(pageHeight))) {
    throw new StudioError('PDF_CORRUPT', `A page has an invalid size (${pageWidth} x ${pageHeight} points).`);
  }
  if (!(Number.isInteger(boxWidth) && Number.isInteger(boxHeight) && boxWidth > 0 && boxHeight > 0)) {
    throw new StudioError('BAD_ARGS', `The slide size must be whole pixels (got ${boxWidth} x ${boxHeight}).`);
  }
  const scale = Math.min(boxWidth / pageWidth, boxHeight / pageHeight);
  const width = snapToBox(pageWidth * scale, boxWidth);
  const height = snapToBox(pageHeight * scale, boxHeight);
  return {
    scaleX: width / pageWidth,
    scaleY: height / pageHeight,
    x: Math.floor((boxWidth - width) / 2),
    y: Math.floor((boxHeight - height) / 2),
    width,
    height,
    boxWidth,
    boxHeight,
  };
}

function snapToBox(size: number, box: number): number {
  if (box - size <= 1) return box;
  return Math.max(1, Math.round(size));
}

/** Thumbnail of a whole frame (bars included): `thumbWidth` wide, same proportions, at least 1 px high. */
export function thumbnailSize(boxWidth: number, boxHeight: number, thumbWidth = 320): { width: number; height: number } {
  if (!(Number.isInteger(thumbWidth) && thumbWidth > 0)) {
    throw new StudioError('BAD_ARGS', `The thumbnail width must be a whole number of pixels (got ${thumbWidth}).`);
  }
  return { width: thumbWidth, height: Math.max(1, Math.round((thumbWidth * boxHeight) / boxWidth)) };
}

/** The frame's areas not covered by the page (the bars), as rectangles to fill with the background colour. */
export function barRects(p: PagePlacement): { x: number; y: number; width: number; height: number }[] {
  const rects = [
    { x: 0, y: 0, width: p.boxWidth, height: p.y },
    { x: 0, y: p.y + p.height, width: p.boxWidth, height: p.boxHeight - p.y - p.height },
    { x: 0, y: p.y, width: p.x, height: p.height },
    { x: p.x + p.width, y: p.y, width: p.boxWidth - p.x - p.width, height: p.height },
  ];
  return rects.filter((r) => r.width > 0 && r.height > 0);
}
