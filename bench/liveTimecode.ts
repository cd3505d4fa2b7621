// Runs in Node (benchmarks). A time code burned into video frames as black/white blocks, readable back
// from decoded pixels without OCR: row 1 holds 32 bits of a millisecond clock, row 2 the same bits
// inverted, so a frame damaged by compression or caught mid-change is rejected rather than misread.

export const TIMECODE_BITS = 32;

export interface TimecodeLayout {
  /** Frame width and height of the gray (Y) plane the code is drawn into. */
  width: number;
  height: number;
  /** Side of one block, pixels. */
  block: number;
}

export function timecodeLayout(width: number, height: number): TimecodeLayout {
  return { width, height, block: Math.floor(width / TIMECODE_BITS) };
}

/** A gray frame (one byte a pixel) with `value` (mod 2^32) in its top two rows of blocks, mid-gray below. */
export function drawTimecode(frame: Buffer, layout: TimecodeLayout, value: number): void {
  const { width, block } = layout;
  frame.fill(128);
  const bits = value >>> 0;
  for (let bit = 0; bit < TIMECODE_BITS; bit += 1) {
    const on = ((bits >>> (TIMECODE_BITS - 1 - bit)) & 1) === 1;
    for (let row = 0; row < 2; row += 1) {
      const shade = (row === 0 ? on : !on) ? 255 : 0;
      for (let y = row * block; y < (row + 1) * block; y += 1) frame.fill(shade, y * width + bit * block, y * width + (bit + 1) * block);
    }
  }
}

/**
 * Reads the code from a gray frame of `width` × `height` (possibly scaled down from the drawn one: blocks
 * are located proportionally). Returns null when the two rows disagree anywhere.
 */
export function readTimecode(frame: Uint8Array, width: number, height: number, drawn: TimecodeLayout): number | null {
  const scaleX = width / drawn.width;
  const scaleY = height / drawn.height;
  let value = 0;
  for (let bit = 0; bit < TIMECODE_BITS; bit += 1) {
    const x = Math.floor((bit * drawn.block + drawn.block / 2) * scaleX);
    const top = frame[Math.floor((drawn.block / 2) * scaleY) * width + x]!;
    const bottom = frame[Math.floor((drawn.block * 1.5) * scaleY) * width + x]!;
    const topOn = top > 128;
    const bottomOn = bottom > 128;
    if (topOn === bottomOn || Math.abs(top - bottom) < 96) return null;
    value = ((value << 1) | (topOn ? 1 : 0)) >>> 0;
  }
  return value;
}

/** Milliseconds from `sent` to `received` on a clock kept mod 2^32. */
export function elapsedMod32(sent: number, received: number): number {
  return ((received >>> 0) - (sent >>> 0) + 2 ** 32) % 2 ** 32;
}
