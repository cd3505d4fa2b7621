// Runs anywhere (pure). Estimates the time left of a job from its progress so far.

export interface EtaState {
  startedAt: number;
  startFraction: number;
}

/**
 * Linear estimate from the start of the current run; null until there is enough signal.
 * A job resumed from a checkpoint starts with a fraction above 0, so the rate counts only this run.
 */
export function estimateEta(state: EtaState, fraction: number, now: number): number | null {
  const done = fraction - state.startFraction;
  const elapsed = (now - state.startedAt) / 1000;
  if (done <= 0.005 || elapsed < 0.5) return null;
  const rate = done / elapsed;
  return Math.max(0, (1 - fraction) / rate);
}

/** Exponential backoff with a cap, for retrying network failures. */
export function backoffSeconds(attempt: number, baseSeconds = 2, capSeconds = 300): number {
  return Math.min(capSeconds, baseSeconds * 2 ** Math.max(0, attempt - 1));
}
