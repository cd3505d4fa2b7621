// Runs in the renderer. The stream's health at a glance: a green or red state with the reason, and
// bitrate, fps, dropped frames, reconnections and time on air.
import type { LiveHealth } from '../../../shared/domain/live';
import { useT } from '../../i18n/useT';
import { formatBitrate, formatUptime, healthColour, isFallingBehind } from './logic/healthView';

const STATE_LABEL = {
  connecting: 'live.stateConnecting',
  live: 'live.stateLive',
  reconnecting: 'live.stateReconnecting',
  refused: 'live.stateRefused',
  failed: 'live.stateFailed',
  stopped: 'live.stateStopped',
} as const;

/** The operator's explanation of each red state, in their language (the detail stays technical). */
const REASON: Partial<Record<LiveHealth['state'], string>> = {
  reconnecting: 'live.reasonReconnecting',
  refused: 'live.reasonRefused',
  failed: 'live.reasonFailed',
};

const COLOURS = { green: '#1b7f3b', red: '#c62828', amber: '#b26a00', grey: '#666' } as const;

export function HealthPanel({ health }: { health: LiveHealth | null }) {
  const t = useT();
  const colour = healthColour(health?.state ?? null);
  const label = health ? t(STATE_LABEL[health.state]) : t('live.stateIdle');
  return (
    <section className="live-health" aria-labelledby="live-health-title" data-testid="live-health" data-state={health?.state ?? 'idle'} data-colour={colour}>
      <h3 id="live-health-title">{t('live.health')}</h3>
      <p role="status" aria-live="polite" style={{ display: 'inline-block', padding: '0.3em 0.8em', borderRadius: '1em', color: '#fff', background: COLOURS[colour], fontWeight: 600 }}>
        {label}
      </p>
      {health && REASON[health.state] ? (
        <p className="form-error" role="alert" data-testid="live-health-message">
          {t(REASON[health.state]!)}
        </p>
      ) : null}
      {health?.message ? (
        <p className="muted" data-testid="live-health-detail">
          <small>{t('live.technicalDetail', { detail: health.message })}</small>
        </p>
      ) : null}
      {health && isFallingBehind(health) ? <p className="form-error">{t('live.fallingBehind', { speed: (health.speed ?? 0).toFixed(2) })}</p> : null}
      <dl className="live-health-numbers" style={{ display: 'grid', gridTemplateColumns: 'auto auto', gap: '0.2em 1em', margin: 0 }}>
        <dt>{t('live.bitrate')}</dt>
        <dd data-testid="live-bitrate">{formatBitrate(health?.bitrateKbps ?? 0)}</dd>
        <dt>{t('live.fps')}</dt>
        <dd data-testid="live-fps">{(health?.fps ?? 0).toFixed(0)}</dd>
        <dt>{t('live.dropped')}</dt>
        <dd data-testid="live-dropped">{health?.droppedFrames ?? 0}</dd>
        <dt>{t('live.reconnects')}</dt>
        <dd data-testid="live-reconnects">{health?.reconnects ?? 0}</dd>
        <dt>{t('live.uptime')}</dt>
        <dd data-testid="live-uptime">{formatUptime(health?.uptimeSec ?? 0)}</dd>
      </dl>
      {health && health.targets.length > 1 ? (
        <ul className="live-targets">
          {health.targets.map((target) => (
            <li key={target.url} data-state={target.state}>
              {t('live.targetState', { url: target.url, state: t(STATE_LABEL[target.state]) })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
