// Runs in the renderer. The "produce" step: render the open capsule (1080p or 720p) as a background
// job with progress and ETA, cancel it, and list the finished videos.
import { useCallback, useEffect, useState } from 'react';
import type { JobInfo } from '../../../shared/domain/jobs';
import type { RenderInfo } from '../../../shared/domain/montage';
import { ProgressBar } from '../../components/ProgressBar';
import { jobStageLabel } from '../../components/jobText';
import { useT } from '../../i18n/useT';
import type { FeatureViewProps } from '../registry';
import { LayoutPanel } from './LayoutPanel';

export function ProduceView({ studio, capsule }: FeatureViewProps) {
  const t = useT();
  const [job, setJob] = useState<JobInfo | null>(null);
  const [renders, setRenders] = useState<RenderInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const capsuleId = capsule?.id ?? null;

  const refresh = useCallback(() => {
    if (!capsuleId) return;
    studio.listRenders(capsuleId).then(setRenders, (reason: unknown) => setError(t.error(reason)));
  }, [capsuleId, studio, t]);

  useEffect(() => {
    refresh();
    if (!capsuleId) return undefined;
    // Pick up a render already running for this capsule (started elsewhere, or before a reload).
    studio.listJobs({ capsuleId, activeOnly: true }).then((jobs) => setJob(jobs.find((j) => j.kind === 'render') ?? null), (reason: unknown) => setError(t.error(reason)));
    const offProgress = studio.on('job.progress', (info) => {
      if (info.kind !== 'render' || info.capsuleId !== capsuleId) return;
      setJob(info);
      if (info.state === 'failed' && info.error) setError(t.error(info.error));
    });
    const offRendered = studio.on('montage.rendered', (info) => {
      if (info.capsuleId === capsuleId) refresh();
    });
    return () => {
      offProgress();
      offRendered();
    };
  }, [capsuleId, studio, refresh, t]);

  if (!capsule) return null;
  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  const start = (height: 1080 | 720) => {
    setError(null);
    studio.renderCapsule(capsule.id, { height }).then(setJob, (reason: unknown) => setError(t.error(reason)));
  };

  return (
    <div className="produce-view">
      <h2 className="page-title">{t('montage.produce')}</h2>
      <div className="produce-actions">
        <button type="button" disabled={running} onClick={() => start(1080)}>
          {t('montage.render1080')}
        </button>
        <button type="button" disabled={running} onClick={() => start(720)}>
          {t('montage.render720')}
        </button>
        {running && job && (
          <button type="button" onClick={() => studio.cancelJob(job.id).catch((reason: unknown) => setError(t.error(reason)))}>
            {t('montage.cancel')}
          </button>
        )}
      </div>
      {running && job && <ProgressBar value={job.progress} etaSeconds={job.etaSeconds} label={t('montage.produce')} status={jobStageLabel(job, t.language)} />}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <h3>{t('montage.renders')}</h3>
      {renders.length === 0 ? (
        <p className="hint">{t('montage.noRenders')}</p>
      ) : (
        <ul className="render-list">
          {renders.map((render) => (
            <li key={render.id}>
              <code>{render.file}</code>{' '}
              {t('montage.renderedSummary', { duration: `${(render.durationMs / 1000).toFixed(0)} s`, size: (render.bytes / 1e6).toFixed(1), cached: render.cachedGrains })}
            </li>
          ))}
        </ul>
      )}
      <LayoutPanel studio={studio} capsule={capsule} />
    </div>
  );
}
