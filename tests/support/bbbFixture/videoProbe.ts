// Runs in Node (test tooling). Looks inside a rendered MP4: frames as RGB (all of them at low
// resolution, or one at full resolution), pixel colours, and the onsets of tone bursts in the audio.
import { runFfmpegCapture } from '../../../src/main/ffmpeg/ffmpeg';

export type Rgb = [number, number, number];

export function hexToRgb(hex: string): Rgb {
  const value = Number.parseInt(hex.replace('#', ''), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

export function colorDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

export interface Frame {
  width: number;
  height: number;
  data: Buffer;
}

/** Average colour of a small square around (x, y). */
export function pixel(frame: Frame, x: number, y: number, radius = 2): Rgb {
  const sum: Rgb = [0, 0, 0];
  let count = 0;
  for (let dy = -radius; dy <= radius; dy++) {
    for (let dx = -radius; dx <= radius; dx++) {
      const px = Math.min(frame.width - 1, Math.max(0, Math.round(x) + dx));
      const py = Math.min(frame.height - 1, Math.max(0, Math.round(y) + dy));
      const offset = (py * frame.width + px) * 3;
      sum[0] += frame.data[offset]!;
      sum[1] += frame.data[offset + 1]!;
      sum[2] += frame.data[offset + 2]!;
      count++;
    }
  }
  return [sum[0] / count, sum[1] / count, sum[2] / count];
}

/** The frame shown at time t, at full size. */
export async function frameAt(file: string, t: number, width = 1280, height = 720): Promise<Frame> {
  const { stdout } = await runFfmpegCapture(['-v', 'error', '-ss', t.toFixed(3), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  if (stdout.length < width * height * 3) throw new Error(`no frame at ${t}s in ${file}`);
  return { width, height, data: stdout.subarray(0, width * height * 3) };
}

/** Every frame, scaled down by `factor`, with its presentation time. */
export async function allFramesSmall(file: string, fps: number, factor = 8, width = 1280, height = 720): Promise<{ time: number; frame: Frame }[]> {
  const w = width / factor;
  const h = height / factor;
  const { stdout } = await runFfmpegCapture(['-v', 'error', '-i', file, '-vf', `scale=${w}:${h}:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  const size = w * h * 3;
  const frames: { time: number; frame: Frame }[] = [];
  for (let offset = 0, n = 0; offset + size <= stdout.length; offset += size, n++) {
    frames.push({ time: n / fps, frame: { width: w, height: h, data: stdout.subarray(offset, offset + size) } });
  }
  return frames;
}

/** Start times of the tone bursts (ends of silences) in the file's audio. */
export async function toneOnsets(file: string): Promise<number[]> {
  const { stderr } = await runFfmpegCapture(['-i', file, '-vn', '-af', 'silencedetect=n=-30dB:d=0.2', '-f', 'null', '-']);
  return [...stderr.matchAll(/silence_end: ([\d.]+)/g)].map((match) => Number(match[1]));
}

/** Times at which the nearest palette entry at a point changes (first frame of each new class). */
export function classChanges(frames: { time: number; frame: Frame }[], x: number, y: number, palette: Record<string, Rgb>): { time: number; from: string; to: string }[] {
  const classify = (rgb: Rgb) => Object.entries(palette).sort((a, b) => colorDistance(rgb, a[1]) - colorDistance(rgb, b[1]))[0]![0];
  const changes: { time: number; from: string; to: string }[] = [];
  let previous: string | null = null;
  for (const { time, frame } of frames) {
    const current = classify(pixel(frame, x, y, 1));
    if (previous !== null && current !== previous) changes.push({ time, from: previous, to: current });
    previous = current;
  }
  return changes;
}

export interface InkBox {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Bounding box (inclusive pixel edges) of the pixels darker than `threshold` in a raw 8-bit gray
 * image, or null when there are none.
 */
export function inkBoundingBox(gray: Uint8Array, width: number, height: number, threshold: number): InkBox | null {
  let box: InkBox | null = null;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x]! >= threshold) continue;
      if (!box) box = { left: x, top: y, right: x, bottom: y };
      else {
        box.left = Math.min(box.left, x);
        box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y);
        box.bottom = Math.max(box.bottom, y);
      }
    }
  }
  return box;
}

/** One region of the frame shown at time t, as 8-bit gray (FFmpeg crops and converts). */
export async function grayCropAt(file: string, t: number, region: { x: number; y: number; width: number; height: number }): Promise<Uint8Array> {
  const { x, y, width, height } = region;
  const { stdout } = await runFfmpegCapture(['-v', 'error', '-ss', t.toFixed(3), '-i', file, '-frames:v', '1', '-vf', `crop=${width}:${height}:${x}:${y},format=gray`, '-f', 'rawvideo', '-']);
  if (stdout.length < width * height) throw new Error(`no frame at ${t}s in ${file}`);
  return new Uint8Array(stdout.subarray(0, width * height));
}
