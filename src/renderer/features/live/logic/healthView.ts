// Runs in the renderer (pure, unit-tested in Node). What the health panel shows: green or red, and the
// numbers in a form an operator reads at a glance.
import type { LiveHealth, LiveState } from '../../../../shared/domain/live';

export type HealthColour = 'green' | 'red' | 'grey' | 'amber';

export function healthColour(state: LiveState | null): HealthColour {
  switch (state) {
    case 'live':
      return 'green';
    case 'reconnecting':
    case 'refused':
    case 'failed':
      return 'red';
    case 'connecting':
      return 'amber';
    default:
      return 'grey';
  }
}

/** `2.51 Mb/s` or `850 kb/s`. */
export function formatBitrate(kbps: number): string {
  return kbps >= 1000 ? `${(kbps / 1000).toFixed(2)} Mb/s` : `${Math.round(kbps)} kb/s`;
}

/** `0:42`, `12:05`, `1:02:03`. */
export function formatUptime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** Encoding slower than real time means the machine cannot keep up: worth a warning before frames drop. */
export function isFallingBehind(health: LiveHealth): boolean {
  return health.state === 'live' && health.speed !== null && health.speed < 0.9 && health.uptimeSec > 5;
}
