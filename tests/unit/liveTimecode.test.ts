// Runs in Node (tests). The latency bench's time code: drawn as blocks, read back at full size and from a
// scaled-down picture, and rejected when the two rows disagree (a damaged frame is never misread).
import { describe, expect, it } from 'vitest';
import { drawTimecode, elapsedMod32, readTimecode, timecodeLayout } from '../../bench/liveTimecode';

/** Box-filter downscale of a gray image, like FFmpeg's `scale=…:flags=area`. */
function downscale(source: Buffer, width: number, height: number, factorX: number, factorY: number): Uint8Array {
  const outW = width / factorX;
  const outH = height / factorY;
  const out = new Uint8Array(outW * outH);
  for (let y = 0; y < outH; y += 1) {
    for (let x = 0; x < outW; x += 1) {
      let sum = 0;
      for (let dy = 0; dy < factorY; dy += 1) for (let dx = 0; dx < factorX; dx += 1) sum += source[(y * factorY + dy) * width + x * factorX + dx]!;
      out[y * outW + x] = Math.round(sum / (factorX * factorY));
    }
  }
  return out;
}

describe('live bench time code', () => {
  const layout = timecodeLayout(1280, 720);
  const frame = Buffer.alloc(1280 * 720);

  it('reads back what it drew, also from a 4x smaller crop of the code rows', () => {
    for (const value of [0, 1, 0xdeadbeef, Date.now() >>> 0]) {
      drawTimecode(frame, layout, value);
      expect(readTimecode(frame, 1280, 720, layout)).toBe(value >>> 0);
      const small = downscale(frame.subarray(0, 1280 * 80), 1280, 80, 4, 4);
      expect(readTimecode(small, 320, 20, { ...layout, height: 80 })).toBe(value >>> 0);
    }
  });

  it('rejects a frame whose rows disagree, and measures across the 2^32 wrap', () => {
    drawTimecode(frame, layout, 12345);
    frame.fill(255, 1280 * 50 + 5 * 40, 1280 * 50 + 6 * 40); // damage one block of the inverted row
    for (let y = 40; y < 80; y += 1) frame.fill(frame[0 * 1280 + 5 * 40 + 20]!, y * 1280 + 5 * 40, y * 1280 + 6 * 40);
    expect(readTimecode(frame, 1280, 720, layout)).toBeNull();
    expect(elapsedMod32(2 ** 32 - 100, 50)).toBe(150);
    expect(elapsedMod32(1000, 1800)).toBe(800);
  });
});
