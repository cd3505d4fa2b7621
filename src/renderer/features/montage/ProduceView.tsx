// Runs in the renderer. The "produce" step: the grains without a take and what to do with them, the
// captions to review, the render (1080p or 720p) as a background job with progress and ETA, and the
// finished videos with what to do next (play, show in folder, save as, download, publish).
import { useCallback, useEffect, useState } from 'react';
import type { JobInfo } from '../../../shared/domain/jobs';
import type { RenderInfo } from '../../../shared/domain/montage';
import { InlineError } from '../../components/InlineError';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { jobStageLabel } from '../../components/jobText';
import { useT } from '../../i18n/useT';
import { useTakesStore } from '../../stores/takesStore';
import type { FeatureViewProps } from '../registry';
import { CaptionsPanel } from './CaptionsPanel';
import { LayoutPanel } from './LayoutPanel';
import { RenderActions } from './RenderActions';
import { UnrecordedGrains } from './UnrecordedGrains';

export function ProduceView({ studio, capsule, navigate }: FeatureViewProps) {
  const t = useT();
  const [job, setJob] = useState<JobInfo | null>(null);
  const [renders, setRenders] = useState<RenderInfo[]>([]);
  const notice = useErrorNotice();
  const { show: showError } = notice;
  const capsuleId = capsule?.id ?? null;
  const recordStatus = useTakesStore((state) => (state.capsuleId === capsuleId ? state.recordStatus : null));

  const refresh = useCallback(() => {
    if (!capsuleId) return;
    studio.listRenders(capsuleId).then(setRenders, showError);
  }, [capsuleId, studio, showError]);

  useEffect(() => {
    refresh();
    if (!capsuleId) return undefined;
    void useTakesStore.getState().load(capsuleId);
    // Pick up a render already running for this capsule (started elsewhere, or before a reload).
    studio.listJobs({ capsuleId, activeOnly: true }).then((jobs) => setJob(jobs.find((j) => j.kind === 'render') ?? null), showError);
    const offProgress = studio.on('job.progress', (info) => {
      if (info.kind !== 'render' || info.capsuleId !== capsuleId) return;
      setJob(info);
      if (info.state === 'failed' && info.error) showError(info.error);
    });
    const offRendered = studio.on('montage.rendered', (info) => {
      if (info.capsuleId === capsuleId) refresh();
    });
    return () => {
      offProgress();
      offRendered();
    };
  }, [capsuleId, studio, refresh, showError]);

  if (!capsule) return null;
  const running = job !== null && (job.state === 'queued' || job.state === 'running');
  const undecided = recordStatus?.undecided.length ?? 0;
  const start = (height: 1080 | 720) => {
    notice.clear();
    studio.renderCapsule(capsule.id, { height }).then(setJob, showError);
  };
  const sorted = [...renders].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <div className="produce-view">
      <h2 className="page-title" tabIndex={-1}>
        {t('montage.produce')}
      </h2>
      {recordStatus ? <UnrecordedGrains studio={studio} status={recordStatus} /> : null}
      <CaptionsPanel studio={studio} capsule={capsule} />
      <div className="produce-actions">
        <button type="button" className="primary" disabled={running || undecided > 0} onClick={() => start(1080)} data-testid="render-1080">
          {t('montage.render1080')}
        </button>
        <button type="button" disabled={running || undecided > 0} onClick={() => start(720)} data-testid="render-720">
          {t('montage.render720')}
        </button>
        {running && job && (
          <button type="button" onClick={() => {
              studio.cancelJob(job.id).catch(showError);
            }}
          >
            {t('montage.cancel')}
          </button>
        )}
      </div>
      {undecided > 0 ? (
        <p className="help" data-testid="render-blocked">
          {t('montage.renderBlocked', { count: undecided })}
        </p>
      ) : null}
      {running && job && <ProgressBar value={job.progress} etaSeconds={job.etaSeconds} label={t('montage.produce')} status={jobStageLabel(job, t.language)} />}
      <InlineError error={notice.error} testId="produce-error" />
      <h3>{t('montage.renders')}</h3>
      {sorted.length === 0 ? (
        <p className="hint">{t('montage.noRenders')}</p>
      ) : (
        <ul className="render-list">
          {sorted.map((render, index) => (
            <RenderActions key={render.id} studio={studio} render={render} title={capsule.title} latest={index === 0} onPublish={() => navigate('publish')} />
          ))}
        </ul>
      )}
      <LayoutPanel studio={studio} capsule={capsule} />
    </div>
  );
}
