// Runs in the renderer (pure, unit-tested in Node). The level meter's maths: RMS and peak in dBFS
// from analyser samples, and warnings that do not flicker (clipping is held, silence needs time).

export interface LevelReading {
  rmsDb: number;
  peakDb: number;
}

export const SILENCE_DB = -55;
export const CLIP_LEVEL = 0.99;
/** Silence must last this long before we warn (a pause between sentences is not a dead mic). */
export const SILENCE_WARN_MS = 3000;
/** A clip stays shown this long so the user sees it. */
export const CLIP_HOLD_MS = 1500;

export function toDb(value: number): number {
  return value <= 0 ? -Infinity : 20 * Math.log10(value);
}

export function measure(samples: ArrayLike<number>): LevelReading & { clipped: boolean } {
  let sum = 0;
  let peak = 0;
  for (let index = 0; index < samples.length; index += 1) {
    const value = Math.abs(samples[index]!);
    sum += value * value;
    if (value > peak) peak = value;
  }
  const rms = samples.length > 0 ? Math.sqrt(sum / samples.length) : 0;
  return { rmsDb: toDb(rms), peakDb: toDb(peak), clipped: peak >= CLIP_LEVEL };
}

export interface LevelWarnings {
  clipping: boolean;
  silent: boolean;
}

/** Keeps the state that makes warnings steady across readings. */
export class LevelWatcher {
  private lastClipAt = -Infinity;
  private soundAt: number | null = null;
  private startedAt: number | null = null;

  update(reading: LevelReading & { clipped: boolean }, now: number): LevelWarnings {
    this.startedAt ??= now;
    if (reading.clipped) this.lastClipAt = now;
    if (reading.rmsDb > SILENCE_DB) this.soundAt = now;
    const quietSince = this.soundAt ?? this.startedAt;
    return { clipping: now - this.lastClipAt < CLIP_HOLD_MS, silent: now - quietSince >= SILENCE_WARN_MS };
  }
}

/** Meter width 0..1 for a dBFS value over a 60 dB range. */
export function meterFraction(db: number): number {
  if (!Number.isFinite(db)) return 0;
  return Math.max(0, Math.min(1, (db + 60) / 60));
}
