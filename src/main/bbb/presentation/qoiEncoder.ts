// Runs in Node (main side; pure). A QOI ("Quite OK Image", qoiformat.org) encoder for the state images:
// lossless like PNG but several times faster to write, and FFmpeg (5.1+) reads it, so drawing the
// distinct states of a long recording is not dominated by PNG compression.

const QOI_OP_INDEX = 0x00;
const QOI_OP_DIFF = 0x40;
const QOI_OP_LUMA = 0x80;
const QOI_OP_RUN = 0xc0;
const QOI_OP_RGB = 0xfe;
const QOI_OP_RGBA = 0xff;
const END_MARKER = [0, 0, 0, 0, 0, 0, 0, 1];

/** Encodes RGBA pixels (4 bytes per pixel, row by row) as a QOI image with 4 channels, sRGB. */
export function encodeQoi(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Buffer {
  const pixels = width * height;
  if (rgba.length < pixels * 4) throw new RangeError(`expected ${pixels * 4} bytes of RGBA, got ${rgba.length}`);
  // Worst case: every pixel as QOI_OP_RGBA (5 bytes), plus header and end marker.
  const out = Buffer.allocUnsafe(14 + pixels * 5 + END_MARKER.length);
  out.write('qoif', 0, 'latin1');
  out.writeUInt32BE(width, 4);
  out.writeUInt32BE(height, 8);
  out[12] = 4;
  out[13] = 0;
  let p = 14;
  const index = new Uint32Array(64);
  let pr = 0;
  let pg = 0;
  let pb = 0;
  let pa = 255;
  let run = 0;
  const end = pixels * 4;
  for (let i = 0; i < end; i += 4) {
    const r = rgba[i]!;
    const g = rgba[i + 1]!;
    const b = rgba[i + 2]!;
    const a = rgba[i + 3]!;
    if (r === pr && g === pg && b === pb && a === pa) {
      run++;
      if (run === 62 || i + 4 === end) {
        out[p++] = QOI_OP_RUN | (run - 1);
        run = 0;
      }
      continue;
    }
    if (run > 0) {
      out[p++] = QOI_OP_RUN | (run - 1);
      run = 0;
    }
    const hash = (r * 3 + g * 5 + b * 7 + a * 11) & 63;
    const packed = ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
    if (index[hash] === packed) {
      out[p++] = QOI_OP_INDEX | hash;
    } else {
      index[hash] = packed;
      if (a === pa) {
        const vr = ((r - pr) << 24) >> 24;
        const vg = ((g - pg) << 24) >> 24;
        const vb = ((b - pb) << 24) >> 24;
        const vgr = vr - vg;
        const vgb = vb - vg;
        if (vr > -3 && vr < 2 && vg > -3 && vg < 2 && vb > -3 && vb < 2) {
          out[p++] = QOI_OP_DIFF | ((vr + 2) << 4) | ((vg + 2) << 2) | (vb + 2);
        } else if (vgr > -9 && vgr < 8 && vg > -33 && vg < 32 && vgb > -9 && vgb < 8) {
          out[p++] = QOI_OP_LUMA | (vg + 32);
          out[p++] = ((vgr + 8) << 4) | (vgb + 8);
        } else {
          out[p++] = QOI_OP_RGB;
          out[p++] = r;
          out[p++] = g;
          out[p++] = b;
        }
      } else {
        out[p++] = QOI_OP_RGBA;
        out[p++] = r;
        out[p++] = g;
        out[p++] = b;
        out[p++] = a;
      }
    }
    pr = r;
    pg = g;
    pb = b;
    pa = a;
  }
  for (const byte of END_MARKER) out[p++] = byte;
  return out.subarray(0, p);
}
