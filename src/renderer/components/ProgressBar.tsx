// Runs in the renderer. A labelled progress bar with the percentage and the ETA every long job shows.
import { formatDuration, formatPercent } from '../i18n/format';
import { useT } from '../i18n/useT';

export interface ProgressBarProps {
  /** 0..1, or null while unknown (indeterminate bar). */
  value: number | null;
  etaSeconds: number | null;
  label: string;
  /** Short status under the bar (a translated stage). */
  status?: string | null;
}

export function ProgressBar({ value, etaSeconds, label, status }: ProgressBarProps) {
  const t = useT();
  const percent = value === null ? null : formatPercent(value, t.language);
  const eta = etaSeconds !== null && etaSeconds > 0 ? t('jobs.eta', { time: formatDuration(etaSeconds) }) : value !== null && value < 1 ? t('jobs.etaUnknown') : null;
  return (
    <div className="progress">
      {value === null ? <progress aria-label={label} /> : <progress aria-label={label} max={1} value={value} />}
      <div className="progress-text">
        <span className="progress-status">{status ?? ''}</span>
        <span className="progress-numbers">
          {percent !== null && <span data-testid="progress-percent">{percent}</span>}
          {eta !== null && <span data-testid="progress-eta"> · {eta}</span>}
        </span>
      </div>
    </div>
  );
}
