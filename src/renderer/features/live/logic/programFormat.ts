// Runs in the renderer (pure, unit-tested in Node). How the composed program is encoded once in the
// renderer before FFmpeg pushes it: WebM with H.264 when this browser records it (FFmpeg still re-encodes
// to guarantee the 2 s keyframes), else VP8; short chunks, because each chunk's length adds latency.
import type { LiveResolution } from '../../../../shared/domain/live';

const PROGRAM_CANDIDATES = ['video/webm;codecs=h264,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];

export function chooseProgramMimeType(isTypeSupported: (mime: string) => boolean): string | null {
  for (const mime of PROGRAM_CANDIDATES) if (isTypeSupported(mime)) return mime;
  return null;
}

/** A chunk every 250 ms: the delay a chunk adds before FFmpeg sees its frames. */
export const LIVE_TIMESLICE_MS = 250;

export const PROGRAM_FPS = 25;

export function programSize(resolution: LiveResolution): { width: number; height: number } {
  return resolution === '1920x1080' ? { width: 1920, height: 1080 } : { width: 1280, height: 720 };
}

/** The renderer's encode is an intermediate: generous, so FFmpeg's final encode loses little. */
export function programBitrates(resolution: LiveResolution): { videoBitsPerSecond: number; audioBitsPerSecond: number } {
  return { videoBitsPerSecond: resolution === '1920x1080' ? 8_000_000 : 4_000_000, audioBitsPerSecond: 128_000 };
}
