// Runs in Node (test, real FFmpeg). The QOI state images are lossless: FFmpeg decodes exactly the
// pixels that were encoded, through every QOI operation (runs, index, diff, luma, RGB, RGBA).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeQoi } from '../../src/main/bbb/presentation/qoiEncoder';
import { runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import { tempDir } from '../support/tempDir';

describe('QOI encoder', () => {
  const dir = tempDir('bbb-qoi-');

  it('round-trips through FFmpeg bit for bit', async () => {
    const width = 97;
    const height = 61;
    const rgba = new Uint8Array(width * height * 4);
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (y < 10) rgba.set([200, 30, 30, 255], i); // long runs
        else if (y < 20) rgba.set([x % 4 === 0 ? 10 : 200, 30, 30, 255], i); // index hits
        else if (y < 30) rgba.set([(100 + x) & 255, (100 + x) & 255, (101 + x) & 255, 255], i); // small diffs
        else if (y < 40) rgba.set([(x * 9) & 255, (x * 7) & 255, (x * 8) & 255, 255], i); // luma
        else if (y < 50) rgba.set([Math.floor(random() * 256), Math.floor(random() * 256), Math.floor(random() * 256), 255], i); // rgb
        else rgba.set([Math.floor(random() * 256), 20, 40, Math.floor(random() * 256)], i); // alpha changes
      }
    }
    const file = path.join(dir, 'image.qoi');
    writeFileSync(file, encodeQoi(rgba, width, height));
    const { stdout } = await runFfmpegCapture(['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-']);
    expect(stdout.length).toBe(rgba.length);
    expect(Buffer.compare(stdout, Buffer.from(rgba))).toBe(0);
    expect(() => encodeQoi(new Uint8Array(10), 4, 4)).toThrow(RangeError);
  });
});
