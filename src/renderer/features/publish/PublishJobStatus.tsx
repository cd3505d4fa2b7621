// Runs in the renderer. A publication once sent: the upload and Pod's encoding with progress and ETA,
// a failure (with "resend" when Pod's encoding died), and at the end the video page's link.
import { useState } from 'react';
import type { JobInfo } from '../../../shared/domain/jobs';
import type { PublishResult } from '../../../shared/domain/pod';
import type { StudioClient } from '../../api/studioClient';
import { InlineError } from '../../components/InlineError';
import { ProgressBar } from '../../components/ProgressBar';
import { jobStageLabel } from '../../components/jobText';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';
import { useJobsStore } from '../../stores/jobsStore';

export function isBusy(job: JobInfo | null): boolean {
  return job !== null && (job.state === 'queued' || job.state === 'running');
}

export function PublishJobStatus({ studio, job }: { studio: StudioClient; job: JobInfo }) {
  const t = useT();
  const failure = useErrorNotice();
  const [openFailed, setOpenFailed] = useState(false);
  const result = job.state === 'done' ? (job.result as PublishResult) : null;
  const stuck = job.state === 'failed' && job.error?.code === 'POD_ENCODING_STUCK';

  const openPage = (url: string) =>
    failure.run(async () => {
      try {
        await studio.openExternalUrl(url);
      } catch (caught) {
        // No shell to open it (browser binding): the link stays, and we say so.
        setOpenFailed(true);
        throw caught;
      }
    });

  return (
    <>
      {isBusy(job) ? (
        <div className="publish-progress" data-testid="publish-progress">
          <ProgressBar value={job.progress} etaSeconds={job.etaSeconds} label={t('publish.publishing')} status={jobStageLabel(job, t.language)} />
          <button type="button" className="link-button" onClick={() => void failure.run(() => studio.cancelJob(job.id))}>
            {t('publish.cancelJob')}
          </button>
        </div>
      ) : null}
      {job.state === 'failed' || job.state === 'cancelled' ? (
        <div className="publish-failed">
          <p className="form-error" role="alert" data-testid="publish-failed">
            {stuck ? t('publish.stuck') : t('publish.failed', { message: t.error(job.error) })}
          </p>
          <button type="button" onClick={() => void useJobsStore.getState().retry(job.id)} data-testid="publish-retry">
            {stuck ? t('publish.resend') : t('publish.retryJob')}
          </button>
          {stuck && typeof job.error?.details?.editUrl === 'string' ? (
            <a href={job.error.details.editUrl} target="_blank" rel="noopener noreferrer" data-testid="publish-edit-on-pod">
              {t('publish.editOnPod')}
            </a>
          ) : null}
        </div>
      ) : null}
      {result ? (
        <div className="publish-done" data-testid="publish-done">
          <p>{t('publish.done')}</p>
          <p data-testid="publish-visibility-done">{result.isDraft ? t('publish.doneDraft') : t('publish.donePublic')}</p>
          <p>
            <a href={result.pageUrl} target="_blank" rel="noopener noreferrer" data-testid="publish-link">
              {result.pageUrl}
            </a>
          </p>
          {!openFailed ? (
            <button type="button" onClick={() => void openPage(result.pageUrl)}>
              {t('publish.openPage')}
            </button>
          ) : null}
          {result.notice ? <p className="notice">{t('publish.notice', { text: result.notice })}</p> : null}
        </div>
      ) : null}
      <InlineError error={failure.error} />
    </>
  );
}
