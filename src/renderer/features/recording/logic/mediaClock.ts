// Runs in the renderer (pure, unit-tested in Node). The take's media clock: wall time since the
// recorder started, minus paused spans — exactly the time line MediaRecorder writes, since pause()
// removes the paused span from the file. Every prompter event is stamped on this clock.

export class MediaClock {
  private startedAt: number | null = null;
  private pausedAt: number | null = null;
  private pausedTotal = 0;

  /** `now` is the time the recorder really started (its 'start' event), in ms. */
  start(now: number): void {
    this.startedAt = now;
    this.pausedAt = null;
    this.pausedTotal = 0;
  }

  pause(now: number): void {
    if (this.startedAt === null || this.pausedAt !== null) return;
    this.pausedAt = now;
  }

  resume(now: number): void {
    if (this.pausedAt === null) return;
    this.pausedTotal += now - this.pausedAt;
    this.pausedAt = null;
  }

  get running(): boolean {
    return this.startedAt !== null && this.pausedAt === null;
  }

  get paused(): boolean {
    return this.pausedAt !== null;
  }

  /** Media time in ms (frozen while paused), 0 before the start. */
  elapsed(now: number): number {
    if (this.startedAt === null) return 0;
    const end = this.pausedAt ?? now;
    return Math.max(0, Math.round(end - this.startedAt - this.pausedTotal));
  }
}

/** 0:07, 1:05, 1:02:03 */
export function formatClock(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}
