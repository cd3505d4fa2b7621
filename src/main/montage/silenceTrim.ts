// Runs in Node (main side), pure. Suggests head and tail trims of a take from FFmpeg's silencedetect.

export interface SilenceInterval {
  startMs: number;
  /** null when the silence runs to the end of the file. */
  endMs: number | null;
}

export const SILENCE_NOISE_DB = -40;
export const SILENCE_MIN_SEC = 0.4;
/** Keep a little air before the first word and after the last one. */
export const TRIM_MARGIN_MS = 250;

export function silenceDetectArgs(file: string): string[] {
  return ['-i', file, '-map', '0:a:0', '-af', `silencedetect=noise=${SILENCE_NOISE_DB}dB:d=${SILENCE_MIN_SEC}`, '-f', 'null', '-'];
}

/** Reads `silence_start: 1.23` / `silence_end: 2.34 | silence_duration: …` lines. */
export function parseSilenceDetect(stderr: string): SilenceInterval[] {
  const intervals: SilenceInterval[] = [];
  for (const line of stderr.split('\n')) {
    const start = /silence_start:\s*(-?[\d.]+)/.exec(line);
    if (start) intervals.push({ startMs: Math.max(0, Math.round(Number.parseFloat(start[1]!) * 1000)), endMs: null });
    const end = /silence_end:\s*([\d.]+)/.exec(line);
    if (end) {
      const open = intervals[intervals.length - 1];
      const endMs = Math.round(Number.parseFloat(end[1]!) * 1000);
      if (open && open.endMs === null) open.endMs = endMs;
      else intervals.push({ startMs: 0, endMs });
    }
  }
  return intervals;
}

/** Trim = leading silence and trailing silence, minus a margin; never the whole take. */
export function suggestTrim(silences: readonly SilenceInterval[], durationMs: number): { startMs: number; endMs: number } {
  let startMs = 0;
  let endMs = 0;
  const head = silences.find((s) => s.startMs <= 50);
  if (head && head.endMs !== null) startMs = Math.max(0, head.endMs - TRIM_MARGIN_MS);
  const tail = silences.find((s) => s.endMs === null || s.endMs >= durationMs - 50);
  if (tail && tail !== head && tail.startMs > startMs) endMs = Math.max(0, durationMs - tail.startMs - TRIM_MARGIN_MS);
  if (startMs + endMs >= durationMs - 1000) return { startMs: 0, endMs: 0 };
  return { startMs, endMs };
}
