// Runs in the renderer. The Publish step: choose (or set up) a Pod server, fill the video's details
// with remembered defaults (never the visibility), ask "replace or new" when the capsule is already on that
// server and show what a replace changes, follow the upload and Pod's encoding (progress and ETA), say when
// Pod's encoding died or the video is a draft, and give the video page's link.
import { useCallback, useEffect, useState } from 'react';
import type { PodFieldErrors, PodMetadata, PodMetadataField, PodProfile, PodReplacePreview, PodVocabulary, PublishDraft, PublishMode, PublishResult } from '../../../shared/domain/pod';
import { ProgressBar } from '../../components/ProgressBar';
import { jobStageLabel } from '../../components/jobText';
import { useT } from '../../i18n/useT';
import { useJobsStore } from '../../stores/jobsStore';
import type { FeatureViewProps } from '../registry';
import { MetadataForm } from './MetadataForm';
import { ReplacePreview } from './ReplacePreview';
import { ServerPanel } from './ServerPanel';
import { canPublish, fieldErrorsOf, visibleErrors } from './logic/publishForm';

export function PublishView({ studio, capsule }: FeatureViewProps) {
  const t = useT();
  const [profiles, setProfiles] = useState<PodProfile[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [vocabulary, setVocabulary] = useState<PodVocabulary | null>(null);
  const [draft, setDraft] = useState<PublishDraft | null>(null);
  const [metadata, setMetadata] = useState<PodMetadata | null>(null);
  const [serverErrors, setServerErrors] = useState<PodFieldErrors>({});
  // Our own checks speak for a field once it was touched, or for all after a try to publish.
  const [touched, setTouched] = useState<ReadonlySet<PodMetadataField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  // Asked, never assumed, when the capsule is already on this server.
  const [mode, setMode] = useState<PublishMode | null>(null);
  const [preview, setPreview] = useState<PodReplacePreview | null>(null);
  const [previewLoading, setPreviewLoading] = useState(false);
  const [withCaptions, setWithCaptions] = useState(true);
  // The job's state comes from the jobs store, which every job.progress event feeds from the start:
  // an event sent before this view could subscribe (a fast failure) is never missed.
  const [jobId, setJobId] = useState<string | null>(null);
  const job = useJobsStore((state) => (jobId ? (state.jobs[jobId] ?? null) : null));
  const applyJob = useJobsStore((state) => state.applyJob);
  const [refreshing, setRefreshing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [openFailed, setOpenFailed] = useState(false);

  const loadProfiles = useCallback(
    async (selectId?: string) => {
      const list = await studio.listPodProfiles();
      setProfiles(list);
      setSelectedId((current) => selectId ?? (list.some((profile) => profile.id === current) ? current : (list[0]?.id ?? null)));
    },
    [studio],
  );

  useEffect(() => {
    loadProfiles().catch((failure: unknown) => setError(t.error(failure)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [loadProfiles]);

  // A server chosen: its lists (cached) and the form's starting point.
  useEffect(() => {
    setVocabulary(null);
    setDraft(null);
    setMetadata(null);
    setServerErrors({});
    setTouched(new Set());
    setSubmitted(false);
    if (!selectedId || !capsule) return;
    let stale = false;
    Promise.all([studio.getPodVocabulary(selectedId, undefined), studio.getPublishDraft({ profileId: selectedId, capsuleId: capsule.id })])
      .then(([lists, start]) => {
        if (stale) return;
        setVocabulary(lists);
        setDraft(start);
        setMetadata(start.metadata);
        setMode(start.previous ? null : 'new');
        setPreview(null);
        setError(null);
      })
      .catch((failure: unknown) => !stale && setError(t.error(failure)));
    return () => {
      stale = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [studio, selectedId, capsule?.id]);

  // Pod's own field errors of a failed publication go next to their fields.
  useEffect(() => {
    if (job?.state === 'failed') setServerErrors(fieldErrorsOf(job.error));
  }, [job?.id, job?.state, job?.error]);

  // A replace is shown field by field before anything is sent (Pod's values are read back first).
  useEffect(() => {
    if (mode !== 'replace' || !selectedId || !capsule || !metadata) {
      setPreview(null);
      return;
    }
    let stale = false;
    setPreviewLoading(true);
    const timer = setTimeout(() => {
      studio
        .previewPodReplace({ profileId: selectedId, capsuleId: capsule.id, metadata })
        .then((result) => !stale && setPreview(result))
        .catch((failure: unknown) => !stale && setError(t.error(failure)))
        .finally(() => !stale && setPreviewLoading(false));
    }, 300);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [studio, mode, selectedId, capsule?.id, metadata]);

  const refresh = async () => {
    if (!selectedId) return;
    setRefreshing(true);
    try {
      setVocabulary(await studio.getPodVocabulary(selectedId, { refresh: true }));
    } catch (failure) {
      setError(t.error(failure));
    } finally {
      setRefreshing(false);
    }
  };

  const publish = async () => {
    if (!selectedId || !metadata || !capsule) return;
    setSubmitted(true);
    if (!canPublish(metadata, vocabulary)) {
      // Nothing is sent: the fields say what is missing, and the first of them gets the focus.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.publish-metadata .field.invalid :is(input, select, textarea)')?.focus());
      return;
    }
    setError(null);
    setServerErrors({});
    setOpenFailed(false);
    try {
      const started = await studio.publishToPod({ profileId: selectedId, capsuleId: capsule.id, metadata, mode: draft?.previous ? (mode ?? 'replace') : 'new', withCaptions, rememberDefaults: true });
      applyJob(started);
      setJobId(started.id);
    } catch (failure) {
      setServerErrors(fieldErrorsOf(failure as { details?: Record<string, unknown> }));
      setError(t.error(failure));
    }
  };

  const openPage = async (url: string) => {
    try {
      await studio.openExternalUrl(url);
    } catch (failure) {
      // No shell to open it (browser binding): the link below stays, and we say so.
      setOpenFailed(true);
      setError(t.error(failure));
    }
  };

  const selected = profiles.find((profile) => profile.id === selectedId) ?? null;
  const busy = job !== null && (job.state === 'queued' || job.state === 'running');
  const result = job?.state === 'done' ? (job.result as PublishResult) : null;
  const stuck = (job?.state === 'failed' && job.error?.code === 'POD_ENCODING_STUCK') || false;
  const modeMissing = !!draft?.previous && !draft.unfinished && mode === null;
  const errors = metadata ? visibleErrors(metadata, vocabulary, serverErrors, touched, submitted) : {};
  const onField = (next: PodMetadata, field: PodMetadataField) => {
    setMetadata(next);
    if (!touched.has(field)) setTouched(new Set([...touched, field]));
    if (serverErrors[field]) setServerErrors({ ...serverErrors, [field]: undefined });
  };

  return (
    <div className="publish-view" data-testid="publish-view">
      <h2 className="page-title">{t('publish.title')}</h2>
      <p className="muted">{t('publish.intro')}</p>
      <ServerPanel studio={studio} profiles={profiles} selectedId={selectedId} onSelect={setSelectedId} onChanged={loadProfiles} />
      {draft && !draft.source ? <p className="warning">{t('publish.noSource', { reason: draft.sourceProblem ?? '' })}</p> : null}
      {draft?.unfinished ? (
        <p className="notice" role="status" data-testid="publish-unfinished">
          {t('publish.unfinished')}
        </p>
      ) : null}
      {draft?.previous && !draft.unfinished ? (
        <fieldset className="publish-previous" data-testid="publish-mode">
          <legend>{t('publish.askMode')}</legend>
          <p>
            {t('publish.previous', { link: '' })}
            <a href={draft.previous.pageUrl} target="_blank" rel="noopener noreferrer">
              {draft.previous.pageUrl}
            </a>
          </p>
          <label>
            <input type="radio" name="publish-mode" checked={mode === 'replace'} onChange={() => setMode('replace')} data-testid="publish-mode-replace" /> {t('publish.modeReplace')}
          </label>
          <label>
            <input type="radio" name="publish-mode" checked={mode === 'new'} onChange={() => setMode('new')} data-testid="publish-mode-new" /> {t('publish.modeNew')}
          </label>
          {modeMissing ? <p className="muted">{t('publish.chooseMode')}</p> : null}
          {mode === 'replace' ? <ReplacePreview preview={preview} loading={previewLoading} /> : null}
        </fieldset>
      ) : null}
      {metadata && vocabulary ? (
        <MetadataForm metadata={metadata} vocabulary={vocabulary} ownerUrl={selected?.ownerUrl ?? null} errors={errors} refreshing={refreshing} disabled={busy} onChange={onField} onRefresh={() => void refresh()} />
      ) : null}
      {metadata ? (
        <p className="muted" data-testid="publish-visibility">
          {metadata.isDraft ? t('publish.visibilityDraft') : t('publish.visibilityPublic')}
        </p>
      ) : null}
      {metadata ? (
        <div className="publish-captions">
          <label>
            <input type="checkbox" checked={!withCaptions} onChange={(event) => setWithCaptions(!event.target.checked)} data-testid="publish-without-captions" /> {t('publish.withoutCaptions')}
          </label>
          {withCaptions ? <p className="muted">{t('publish.captionsFromScript')}</p> : null}
        </div>
      ) : null}
      {metadata ? (
        <div className="button-row">
          <button type="button" className="primary" disabled={busy || modeMissing || !draft?.source} onClick={() => void publish()} data-testid="publish-button">
            {busy ? t('publish.publishing') : t('publish.publish')}
          </button>
        </div>
      ) : null}
      {job && busy ? (
        <div className="publish-progress" data-testid="publish-progress">
          <ProgressBar value={job.progress} etaSeconds={job.etaSeconds} label={t('publish.publishing')} status={jobStageLabel(job, t.language)} />
          <button type="button" className="link-button" onClick={() => void studio.cancelJob(job.id)}>
            {t('publish.cancelJob')}
          </button>
        </div>
      ) : null}
      {job?.state === 'failed' || job?.state === 'cancelled' ? (
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
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
