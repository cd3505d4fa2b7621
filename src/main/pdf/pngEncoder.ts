// Runs in Node (PDF worker threads). A fast PNG writer for opaque canvases: 8-bit RGB, no row filter, zlib level 1.
// Skia's encoder (canvas.encode('png')) spends 3-5x longer on a 1920x1080 slide for files ~10 % smaller;
// slides are flat colour and text, which deflate compresses well without filtering.
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const deflate = promisify(zlib.deflate);
const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOR_TYPE_RGB = 2;

/**
 * Encodes `width` x `height` RGBA pixels (alpha ignored: the frame is opaque) as an RGB PNG.
 * The pixels are copied before the first await, so the canvas may be drawn on again at once.
 */
export async function encodeRgbPng(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, level = 1): Promise<Buffer> {
  if (rgba.length !== width * height * 4) throw new RangeError(`Expected ${width * height * 4} bytes of RGBA, got ${rgba.length}.`);
  const stride = width * 3 + 1;
  const raw = Buffer.allocUnsafe(stride * height);
  let out = 0;
  let src = 0;
  for (let y = 0; y < height; y++) {
    raw[out++] = 0; // filter type None
    for (let x = 0; x < width; x++) {
      raw[out++] = rgba[src]!;
      raw[out++] = rgba[src + 1]!;
      raw[out++] = rgba[src + 2]!;
      src += 4;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = COLOR_TYPE_RGB;
  const idat = await deflate(raw, { level });
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, body: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typed));
  return Buffer.concat([length, typed, crc]);
}
