// Runs in the renderer (pure, unit-tested in Node). Which WebM MediaRecorder should write and at
// what bitrate: the best codec this browser supports, Polymny's bitrates by picture height.

/** Best first: VP9 compresses better than VP8 at the same quality; H.264 in WebM last (Matroska after remux). */
const VIDEO_CANDIDATES = ['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm;codecs=h264,opus', 'video/webm'];
const AUDIO_CANDIDATES = ['audio/webm;codecs=opus', 'audio/webm'];

export function chooseMimeType(isTypeSupported: (mime: string) => boolean, audioOnly: boolean): string | null {
  for (const mime of audioOnly ? AUDIO_CANDIDATES : VIDEO_CANDIDATES) if (isTypeSupported(mime)) return mime;
  return null;
}

/** 4.5 / 3 / 1.5 / 1 Mb/s for ≥1080 / ≥720 / ≥480 / lower (Polymny), audio 128 kb/s. */
export function bitratesFor(height: number | null): { videoBitsPerSecond?: number; audioBitsPerSecond: number } {
  const audioBitsPerSecond = 128_000;
  if (height === null) return { audioBitsPerSecond };
  const video = height >= 1080 ? 4_500_000 : height >= 720 ? 3_000_000 : height >= 480 ? 1_500_000 : 1_000_000;
  return { videoBitsPerSecond: video, audioBitsPerSecond };
}

/** A MediaRecorder chunk every half second: a crash loses at most that, plus what is in flight. */
export const TIMESLICE_MS = 500;

/** Below this much recording time left on the disk, the studio warns before a take starts. */
export const LOW_SPACE_MINUTES = 30;

/** Minutes of recording the free space holds at these bitrates (with 10 % for container overhead). */
export function recordingMinutesLeft(freeBytes: number, bitrates: { videoBitsPerSecond?: number; audioBitsPerSecond: number }): number {
  const bytesPerSecond = (((bitrates.videoBitsPerSecond ?? 0) + bitrates.audioBitsPerSecond) / 8) * 1.1;
  return Math.floor(freeBytes / bytesPerSecond / 60);
}
