// Runs in Node (test). The fast slide PNG writer (RGBA, unfiltered) round-trips through an independent decoder (Skia's, via @napi-rs/canvas).
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { encodeRgbaPng } from '../../src/main/pdf/pngEncoder';

describe('encodeRgbaPng', () => {
  it('writes an 8-bit RGBA PNG whose pixels decode back exactly', async () => {
    const width = 37;
    const height = 11;
    const rgba = new Uint8Array(width * height * 4);
    for (let i = 0; i < width * height; i++) {
      rgba.set([(i * 7) % 256, (i * 13) % 256, (i * 29) % 256, 255], i * 4);
    }
    const png = await encodeRgbaPng(rgba, width, height);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([width, height, 8, 6]);

    const image = await loadImage(png);
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    expect(Array.from(context.getImageData(0, 0, width, height).data)).toEqual(Array.from(rgba));
  });

  it('refuses a buffer of the wrong size', async () => {
    await expect(encodeRgbaPng(new Uint8Array(10), 2, 2)).rejects.toThrow(RangeError);
  });
});
