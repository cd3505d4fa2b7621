// Runs in the renderer. The Publish step: choose (or set up) a Pod server, fill the video's details
// with remembered defaults (never the visibility), ask "replace or new" when the capsule is already on that
// server and show what a replace changes, follow the upload and Pod's encoding (progress and ETA), say when
// Pod's encoding died or the video is a draft, and give the video page's link. Each part lives in its
// hook (servers, form, replace preview) or component; this file joins them.
import { useEffect, useState } from 'react';
import { InlineError } from '../../components/InlineError';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';
import { useJobsStore } from '../../stores/jobsStore';
import type { FeatureViewProps } from '../registry';
import { usePodProfiles } from './hooks/usePodProfiles';
import { usePublishForm } from './hooks/usePublishForm';
import { useReplacePreview } from './hooks/useReplacePreview';
import { canPublish, fieldErrorsOf } from './logic/publishForm';
import { MetadataForm } from './MetadataForm';
import { isBusy, PublishJobStatus } from './PublishJobStatus';
import { PublishModeChoice } from './PublishModeChoice';
import { ServerPanel } from './ServerPanel';

export function PublishView({ studio, capsule }: FeatureViewProps) {
  const t = useT();
  const notice = useErrorNotice();
  const showError = notice.show;
  const servers = usePodProfiles(studio, showError);
  const capsuleId = capsule?.id ?? null;
  const form = usePublishForm(studio, servers.selectedId, capsuleId, showError);
  const { preview, loading: previewLoading } = useReplacePreview(studio, form.mode, servers.selectedId, capsuleId, form.metadata, showError);
  const [withCaptions, setWithCaptions] = useState(true);
  // The job's state comes from the jobs store, which every job.progress event feeds from the start:
  // an event sent before this view could subscribe (a fast failure) is never missed.
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJobsStore((state) => (jobId ? (state.jobs[jobId] ?? null) : null));
  const applyJob = useJobsStore((state) => state.applyJob);

  // Pod's own field errors of a failed publication go next to their fields.
  const { setServerErrors } = form;
  const failedWith = job?.state === 'failed' ? job.error : null;
  useEffect(() => {
    if (failedWith) setServerErrors(fieldErrorsOf(failedWith));
  }, [failedWith, setServerErrors]);

  const { metadata, draft, vocabulary, mode } = form;
  const publish = async () => {
    if (!servers.selectedId || !metadata || !capsule) return;
    form.markSubmitted();
    if (!canPublish(metadata, vocabulary)) {
      // Nothing is sent: the fields say what is missing, and the first of them gets the focus.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.publish-metadata .field.invalid :is(input, select, textarea)')?.focus());
      return;
    }
    notice.clear();
    setServerErrors({});
    try {
      const started = await studio.publishToPod({ profileId: servers.selectedId, capsuleId: capsule.id, metadata, mode: draft?.previous ? (mode ?? 'replace') : 'new', withCaptions, rememberDefaults: true });
      applyJob(started);
      setJobId(started.id);
    } catch (failure) {
      setServerErrors(fieldErrorsOf(failure as { details?: Record<string, unknown> }));
      showError(failure);
    }
  };

  const busy = isBusy(job);
  const modeMissing = !!draft?.previous && !draft.unfinished && mode === null;

  return (
    <div className="publish-view" data-testid="publish-view">
      <h2 className="page-title">{t('publish.title')}</h2>
      <p className="muted">{t('publish.intro')}</p>
      <ServerPanel studio={studio} profiles={servers.profiles} selectedId={servers.selectedId} onSelect={servers.select} onChanged={servers.reload} />
      {draft && !draft.source ? <p className="warning">{t('publish.noSource', { reason: draft.sourceProblem ?? '' })}</p> : null}
      {draft?.unfinished ? (
        <p className="notice" role="status" data-testid="publish-unfinished">
          {t('publish.unfinished')}
        </p>
      ) : null}
      {draft?.previous && !draft.unfinished ? <PublishModeChoice previous={draft.previous} mode={mode} onMode={form.setMode} preview={preview} previewLoading={previewLoading} /> : null}
      {metadata && vocabulary ? (
        <MetadataForm metadata={metadata} vocabulary={vocabulary} ownerUrl={servers.selected?.ownerUrl ?? null} errors={form.errors} refreshing={form.refreshing} disabled={busy} onChange={form.onField} onRefresh={() => void form.refreshLists()} />
      ) : null}
      {metadata ? (
        <>
          <p className="muted" data-testid="publish-visibility">
            {metadata.isDraft ? t('publish.visibilityDraft') : t('publish.visibilityPublic')}
          </p>
          <div className="publish-captions">
            <label>
              <input type="checkbox" checked={!withCaptions} onChange={(event) => setWithCaptions(!event.target.checked)} data-testid="publish-without-captions" /> {t('publish.withoutCaptions')}
            </label>
            {withCaptions ? <p className="muted">{t('publish.captionsFromScript')}</p> : null}
          </div>
          <div className="button-row">
            <button type="button" className="primary" disabled={busy || modeMissing || !draft?.source} onClick={() => void publish()} data-testid="publish-button">
              {busy ? t('publish.publishing') : t('publish.publish')}
            </button>
          </div>
        </>
      ) : null}
      {job ? <PublishJobStatus key={job.id} studio={studio} job={job} /> : null}
      <InlineError error={notice.error} />
    </div>
  );
}
