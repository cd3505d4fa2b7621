// Runs in the renderer. Every job with its progress bar and ETA, cancel for running ones and retry
// for failed ones. Opens as a side panel from the top bar (or `j`).
import { useMemo } from 'react';
import { describeError } from '../i18n';
import { useT } from '../i18n/useT';
import { isActiveJob, sortJobs, useJobsStore } from '../stores/jobsStore';
import { useUiStore } from '../stores/uiStore';
import { ProgressBar } from './ProgressBar';
import { jobKindLabel, jobStageLabel } from './jobText';

export function JobsPanel() {
  const t = useT();
  const jobsById = useJobsStore((state) => state.jobs);
  const cancel = useJobsStore((state) => state.cancel);
  const retry = useJobsStore((state) => state.retry);
  const toggleJobs = useUiStore((state) => state.toggleJobs);
  const jobs = useMemo(() => sortJobs(Object.values(jobsById)).slice(0, 50), [jobsById]);

  return (
    <aside className="jobs-panel" aria-labelledby="jobs-panel-title">
      <header className="panel-header">
        <h2 id="jobs-panel-title">{t('jobs.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('app.close')} onClick={() => toggleJobs(false)}>
          ×
        </button>
      </header>
      {jobs.length === 0 ? (
        <p className="muted">{t('jobs.empty')}</p>
      ) : (
        <ul className="jobs-list">
          {jobs.map((job) => (
            <li key={job.id} className={`job job-${job.state}`} data-job-id={job.id}>
              <div className="job-head">
                <span className="job-title">{job.title || jobKindLabel(job, t.language)}</span>
                <span className="job-state">{t(`jobs.state.${job.state}`)}</span>
              </div>
              <div className="job-kind muted">{jobKindLabel(job, t.language)}</div>
              {isActiveJob(job) && (
                <ProgressBar value={job.progress} etaSeconds={job.etaSeconds} label={t('jobs.progressOf', { title: job.title })} status={jobStageLabel(job, t.language)} />
              )}
              {job.state === 'failed' && job.error && <p className="job-error">{describeError(job.error, t.language)}</p>}
              <div className="job-actions">
                {isActiveJob(job) && (
                  <button type="button" onClick={() => void cancel(job.id)}>
                    {t('jobs.cancel')}
                  </button>
                )}
                {job.state === 'failed' && (
                  <button type="button" onClick={() => void retry(job.id)}>
                    {t('jobs.retry')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
