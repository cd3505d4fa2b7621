// Runs in the renderer (pure, unit-tested in Node). What went wrong when opening a camera or a mic,
// from the DOMException name getUserMedia throws, as a problem the UI explains in plain words.

export type DeviceProblem = 'denied' | 'busy' | 'missing' | 'overconstrained' | 'insecure' | 'unknown';

export function deviceProblemOf(error: unknown): DeviceProblem {
  const name = typeof (error as { name?: unknown } | null)?.name === 'string' ? (error as { name: string }).name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
      return 'missing';
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return 'overconstrained';
    case 'TypeError':
      return 'insecure';
    default:
      return 'unknown';
  }
}

/** Resolutions tried when probing a camera (Polymny's list), largest first. */
export const PROBE_RESOLUTIONS: readonly { width: number; height: number }[] = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
  { width: 800, height: 600 },
  { width: 640, height: 480 },
  { width: 640, height: 360 },
  { width: 320, height: 240 },
];
