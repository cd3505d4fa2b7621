// Runs everywhere (shared, pure). Where the slides of a grain leave room for the camera: how much
// "ink" (anything that is not the page's background) each part of a slide holds, and the plain bars
// at its sides (a 4:3 page letterboxed into a 16:9 picture). The main side measures slide pictures
// into a SlideContent; the layout maths (layoutGeometry.ts) uses it so that the preview, the
// encoder and the live canvas put the camera in the same free place.

/** A rectangle in fractions (0..1) of a slide picture. */
export interface NormRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SlideContent {
  columns: number;
  rows: number;
  /** Row-major, one value per cell: the fraction (0..1) of the cell's pixels that are ink. */
  ink: number[];
  /**
   * Plain bars at the picture's left and right edges, as fractions of its width, and their grey
   * level (0..255), or null when the two sides differ (then they are not bars the frame can extend).
   */
  sides: { left: number; right: number; grey: number | null };
}

/** The analysis grid: 48 × 27 cells of a 16:9 picture (40 px squares at 1920 × 1080). */
export const CONTENT_GRID = { columns: 48, rows: 27 } as const;
/** The picture measured: downscaled (area average) to 8 × 8 pixels a cell. */
export const ANALYSIS_SIZE = { width: CONTENT_GRID.columns * 8, height: CONTENT_GRID.rows * 8 } as const;
/** A pixel this far (grey levels) from the page's background is ink: text, lines, pictures. */
export const INK_THRESHOLD = 40;
/** A column is part of a side bar when every pixel is within this of the edge's grey. */
export const BAR_TOLERANCE = 6;
/** A corner as free as the best one (within this share of ink) keeps the teacher's corner. */
export const CORNER_TIE = 0.002;

/** The most common grey level of the picture's outer ring: the page's background (slides keep plain margins; a dense body does not count). */
export function backgroundGrey(pixels: Uint8Array, width: number, height: number): number {
  const histogram = new Uint32Array(256);
  for (let x = 0; x < width; x += 1) {
    histogram[pixels[x]!]! += 1;
    histogram[pixels[(height - 1) * width + x]!]! += 1;
  }
  for (let y = 1; y < height - 1; y += 1) {
    histogram[pixels[y * width]!]! += 1;
    histogram[pixels[y * width + width - 1]!]! += 1;
  }
  let best = 0;
  for (let level = 1; level < 256; level += 1) if (histogram[level]! > histogram[best]!) best = level;
  return best;
}

/** Measures a greyscale picture (one byte a pixel, row-major) into its ink grid and side bars. */
export function analyseSlidePixels(pixels: Uint8Array, width: number, height: number, grid: { columns: number; rows: number } = CONTENT_GRID): SlideContent {
  if (width <= 0 || height <= 0 || pixels.length < width * height) throw new Error(`a ${width}x${height} grey picture needs ${width * height} bytes, got ${pixels.length}`);
  const background = backgroundGrey(pixels, width, height);
  const counts = new Float64Array(grid.columns * grid.rows);
  const areas = new Float64Array(grid.columns * grid.rows);
  for (let y = 0; y < height; y += 1) {
    const row = Math.min(grid.rows - 1, Math.floor((y * grid.rows) / height));
    for (let x = 0; x < width; x += 1) {
      const cell = row * grid.columns + Math.min(grid.columns - 1, Math.floor((x * grid.columns) / width));
      areas[cell]! += 1;
      if (Math.abs(pixels[y * width + x]! - background) > INK_THRESHOLD) counts[cell]! += 1;
    }
  }
  const ink = Array.from(counts, (count, cell) => (areas[cell]! > 0 ? count / areas[cell]! : 0));
  return { columns: grid.columns, rows: grid.rows, ink, sides: sideBars(pixels, width, height) };
}

function sideBars(pixels: Uint8Array, width: number, height: number): SlideContent['sides'] {
  const uniformColumn = (x: number, grey: number) => {
    for (let y = 0; y < height; y += 1) if (Math.abs(pixels[y * width + x]! - grey) > BAR_TOLERANCE) return false;
    return true;
  };
  const leftGrey = pixels[0]!;
  const rightGrey = pixels[width - 1]!;
  let left = 0;
  while (left < width && uniformColumn(left, leftGrey)) left += 1;
  let right = 0;
  while (right < width - left && uniformColumn(width - 1 - right, rightGrey)) right += 1;
  const grey = Math.abs(leftGrey - rightGrey) <= BAR_TOLERANCE ? Math.round((leftGrey + rightGrey) / 2) : null;
  // A blank picture is all "bar": split it, so that merging it with other slides restricts nothing.
  if (left === width) return { left: 0.5, right: 0.5, grey };
  return { left: left / width, right: right / width, grey };
}

/**
 * What a grain's slides hold together: a cell is as inky as its inkiest slide, and a side bar is as
 * narrow as its narrowest slide (bars of different greys are not bars). Null for no slides.
 */
export function mergeSlideContents(contents: readonly SlideContent[]): SlideContent | null {
  const first = contents[0];
  if (!first) return null;
  const same = contents.filter((content) => content.columns === first.columns && content.rows === first.rows && content.ink.length === first.ink.length);
  const ink = first.ink.map((_, cell) => Math.max(...same.map((content) => content.ink[cell] ?? 0)));
  // A blank slide has nothing to keep free: only slides with ink bound the plain sides.
  const inked = same.filter((content) => content.ink.some((value) => value > 0));
  const bounding = inked.length > 0 ? inked : same;
  const greys = same.map((content) => content.sides.grey);
  const grey = greys.every((value) => value !== null && Math.abs(value - greys[0]!) <= BAR_TOLERANCE) ? greys[0]! : null;
  return {
    columns: first.columns,
    rows: first.rows,
    ink,
    sides: { left: Math.min(...bounding.map((c) => c.sides.left)), right: Math.min(...bounding.map((c) => c.sides.right)), grey },
  };
}

/** The share of ink (0..1) inside a rectangle of the picture; what lies outside the picture is empty. */
export function inkIn(content: SlideContent, rect: NormRect): number {
  const area = rect.width * rect.height;
  if (area <= 0) return 0;
  let sum = 0;
  const cellWidth = 1 / content.columns;
  const cellHeight = 1 / content.rows;
  const firstColumn = Math.max(0, Math.floor(rect.x / cellWidth));
  const lastColumn = Math.min(content.columns - 1, Math.ceil((rect.x + rect.width) / cellWidth) - 1);
  const firstRow = Math.max(0, Math.floor(rect.y / cellHeight));
  const lastRow = Math.min(content.rows - 1, Math.ceil((rect.y + rect.height) / cellHeight) - 1);
  for (let row = firstRow; row <= lastRow; row += 1) {
    const overlapY = Math.min(rect.y + rect.height, (row + 1) * cellHeight) - Math.max(rect.y, row * cellHeight);
    if (overlapY <= 0) continue;
    for (let column = firstColumn; column <= lastColumn; column += 1) {
      const overlapX = Math.min(rect.x + rect.width, (column + 1) * cellWidth) - Math.max(rect.x, column * cellWidth);
      if (overlapX <= 0) continue;
      sum += (content.ink[row * content.columns + column] ?? 0) * overlapX * overlapY;
    }
  }
  return sum / area;
}

/** The corner whose rectangle holds the least ink; the preferred corner wins a tie (CORNER_TIE). */
export function leastInkCorner<C extends string>(candidates: readonly { corner: C; ink: number }[], preferred: C): C {
  const best = Math.min(...candidates.map((candidate) => candidate.ink));
  const mine = candidates.find((candidate) => candidate.corner === preferred);
  if (mine && mine.ink <= best + CORNER_TIE) return preferred;
  return candidates.find((candidate) => candidate.ink === best)!.corner;
}

/** Grey level (Rec. 601 luma) of a `#rrggbb` colour, to compare side bars with the frame's background. */
export function greyOf(color: string): number | null {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (!match) return null;
  const [r, g, b] = [match[1]!, match[2]!, match[3]!].map((hex) => Number.parseInt(hex, 16)) as [number, number, number];
  return Math.round(0.299 * r + 0.587 * g + 0.114 * b);
}
