// Runs in Node (main side). The 'publish' job: check the token, upload the MP4 to Pod (streamed, with
// progress) or replace the file of the same video, launch encoding, follow it until encoded, add chapters,
// the caption track and the poster as thumbnail, return the page URL (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). Every step is
// checkpointed, so a restart or a retry resumes where it stopped; a request that carried the file is never
// repeated without first re-reading what Pod holds.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError, toErrorInfo } from '../../shared/errors';
import type { PodChapterInput, PodMetadata, PodMetadataField, PodVocabulary, PublishMode, PublishResult } from '../../shared/domain/pod';
import { allowedValuesOf, hasFieldErrors, METADATA_ERROR, planReplace, replaceFormFields, validatePodMetadata, videoFormFields } from '../../shared/logic/podMetadata';
import { relationPath, videoPageUrl } from '../../shared/logic/podUrls';
import type { JobHandler, JobRunContext } from '../jobs/jobQueue';
import type { StudioContext } from '../context';
import { PodClient, type PodTimeouts } from './podClient';
import { isRetryablePodError, POD_ERROR } from './podErrors';
import { multipartLayout, newBoundary } from './multipartBody';
import { judgeEncoding, pollDelayMs } from './encodingState';
import { planChapters } from './chapterPlan';
import { readPodInfo, resolveOwner } from './connectionTest';
import { looksLikeWebVtt } from '../../shared/logic/webvtt';
import type { PodProfileStore } from './profileStore';
import type { PodPublicationStore } from './publicationStore';
import { fetchVocabulary, type PodVocabularyCache } from './vocabulary';
import { checkVideoFile } from './publishSource';
import { readVideoState, slugFromFullUrl, type UserVideoAnswer, type VideoState } from './videoState';

export const PUBLISH_JOB_KIND = 'publish';

export interface ReplaceTarget {
  videoId: number;
  /** What the last publication added, removed once the new file is encoded. */
  chapterIds: number[];
  trackId: number | null;
  /** The old caption file in the teacher's Pod file manager. */
  fileId: number | null;
  /** The old poster image in the teacher's Pod file manager (optional: records older than it lack it). */
  imageId?: number | null;
  /** The metadata the studio sent last time: only fields changed since then are sent (null: unknown, none are). */
  lastPublished: PodMetadata | null;
}

export interface PublishPayload {
  profileId: string;
  capsuleId: string | null;
  filePath: string;
  metadata: PodMetadata;
  mode: PublishMode;
  /** For mode 'replace': the Pod video whose file is replaced, with what the last publication added to it. */
  replace: ReplaceTarget | null;
  chapters: PodChapterInput[];
  captionsPath: string | null;
  captionsLang: string;
  /** The captions are the prompter's script, not a transcript of what was said: the file's name says so. */
  captionsFromScript?: boolean;
  /** The render's poster, sent as the video's thumbnail after encoding. */
  posterPath?: string | null;
  /**
   * Fields a rerun gave again (already in `metadata`): applied to the video an earlier run made, once per
   * rerun (`id`), unless this run's create or file send carries them anyway.
   */
  rerun?: { id: string; fields: PodMetadataField[] };
}

/** What survives between attempts (SQLite checkpoint). */
export interface PublishCheckpoint {
  version?: string;
  /** The instance's own language: every request is written in it (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/translation.py). */
  instanceLang?: string;
  ownerUrl?: string;
  siteUrl?: string;
  hasFileManager?: boolean;
  hasImages?: boolean;
  /** Set just before the create request leaves: from then on the video may exist on Pod. */
  createSentAt?: string;
  /** The title that create carried (the lookup after a lost answer searches it). */
  createTitle?: string;
  /** Set just before a request carrying the file to an existing video leaves. */
  fileSentAt?: string;
  /** The fields a replace sends, decided once from the re-read. */
  replaceFields?: PodMetadataField[];
  videoId?: number;
  slug?: string;
  /** The step at which Pod's encoding was found stopped (a later attempt checks it again at once). */
  stuckStep?: string;
  launchSent?: boolean;
  encoded?: boolean;
  duration?: number;
  oldCompletionRemoved?: boolean;
  chapterIds?: number[];
  chaptersDone?: boolean;
  folderId?: number;
  fileId?: number;
  trackId?: number | null;
  captions?: PublishResult['captions'];
  thumbnail?: PublishResult['thumbnail'];
  /** The poster image uploaded as the thumbnail, so a later replace removes it. */
  imageId?: number;
  oldPosterRemoved?: boolean;
  notice?: string | null;
  /** Reading the video through VideoSerializer crashes on this server (4.x bugs): read through user_videos. */
  pollFallback?: boolean;
  /** The id of the last rerun whose fields Pod holds. */
  rerunApplied?: string;
}

export interface PublishJobConfig {
  timeouts?: Partial<PodTimeouts>;
  /** First and longest delay between encoding polls. */
  pollFirstMs: number;
  pollMaxMs: number;
  /** No change of encoding step for this long means Pod's encoder is stuck. */
  stuckAfterMs: number;
  maxAttempts: number;
  /** Clock difference tolerated between this machine and Pod when looking for a video we may have created. */
  clockSlackMs: number;
  /** Cached vocabularies older than this are fetched again before a publication. */
  vocabularyMaxAgeMs: number;
}

export const DEFAULT_PUBLISH_CONFIG: PublishJobConfig = {
  pollFirstMs: 5_000,
  pollMaxMs: 30_000,
  stuckAfterMs: 45 * 60_000,
  maxAttempts: 6,
  clockSlackMs: 10 * 60_000,
  vocabularyMaxAgeMs: 24 * 60 * 60_000,
};

interface VideoAnswer {
  id: number;
  slug: string;
}

export interface PublishServices {
  ctx: StudioContext;
  profiles: PodProfileStore;
  publications: PodPublicationStore;
  vocabularies: PodVocabularyCache;
  config: PublishJobConfig;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new StudioError('CANCELLED', 'The operation was cancelled.'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new StudioError('CANCELLED', 'The operation was cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Failures after which Pod may have kept what a request carried (it got the bytes, the answer was lost or broken). */
const UNCERTAIN_AFTER_SEND = new Set<string>([POD_ERROR.serverError, POD_ERROR.connectionLost, POD_ERROR.timeout, POD_ERROR.answerTooSlow]);

/** Field errors that only say "this server did not offer this value": a fresher vocabulary may know it. */
export function onlyNotOffered(errors: ReturnType<typeof validatePodMetadata>): boolean {
  const lists = Object.values(errors).filter((list) => (list?.length ?? 0) > 0);
  return lists.length > 0 && lists.every((list) => list.every((code) => code === METADATA_ERROR.notOffered));
}

export function createPublishJob(services: PublishServices): JobHandler<PublishPayload, PublishResult> {
  const { ctx, profiles, publications, vocabularies, config } = services;

  async function run(job: JobRunContext<PublishPayload>): Promise<PublishResult> {
    const { payload, signal } = job;
    const cp: PublishCheckpoint = { ...((job.checkpoint as PublishCheckpoint | null) ?? {}) };
    const save = (patch: Partial<PublishCheckpoint>) => {
      Object.assign(cp, patch);
      job.saveCheckpoint(cp);
    };
    const profile = profiles.get(payload.profileId);
    const token = await profiles.token(profile.id);
    const anyLanguage = new PodClient({ baseUrl: profile.baseUrl, token, timeouts: config.timeouts, userAgent: `CapsuleStudio/${ctx.version}` });
    const videoPath = (id: number) => `/rest/videos/${id}/`;
    const title = payload.metadata.title.trim();
    /** This run's create or file send carried the rerun's fields: no separate edit is needed. */
    let rerunCarried = false;

    job.progress(null, 'pod_checking');
    if (!cp.version || !cp.instanceLang) {
      const info = await readPodInfo(anyLanguage, signal);
      // The capsule's language goes in main_lang only; Pod's translated columns follow Accept-Language.
      save({ version: info.version, instanceLang: info.language ?? 'fr' });
    }
    const client = anyLanguage.withLanguage(cp.instanceLang!);
    // The token is checked on every attempt before any byte of the file leaves (it may have been revoked).
    const root = await client.get<Record<string, string>>('/rest/', 'checking the API token', { signal });
    save({ hasFileManager: 'folders' in root && 'files' in root, hasImages: 'images' in root && 'folders' in root });
    if (!cp.ownerUrl) {
      const owner = profile.ownerUrl ? { url: profile.ownerUrl, name: profile.ownerName ?? profile.username } : await resolveOwner(client, profile.username, signal);
      if (!profile.ownerUrl) profiles.setOwner(profile.id, owner.url, owner.name);
      save({ ownerUrl: owner.url });
    }
    if (!cp.siteUrl) {
      const cached = vocabularies.get(profile.id)?.sites[0]?.path;
      const site = cached ?? relationPath((await client.get<{ results: { url: string }[] }>('/rest/sites/', 'listing sites', { signal })).results[0]?.url ?? '');
      if (!site) throw new StudioError(POD_ERROR.badResponse, 'This Pod server lists no site; a video cannot be created without one.');
      save({ siteUrl: site });
    }

    // ---- 1. Create the video, or send the file to the same video, exactly once.
    if (cp.videoId === undefined) {
      await checkMetadata();
      if (payload.mode === 'replace' && payload.replace) {
        await sendFileToVideo(payload.replace.videoId);
      } else {
        if (cp.createSentAt) {
          const found = await findCreatedVideo(client, profile.username, cp.createTitle ?? title, Date.parse(cp.createSentAt) - config.clockSlackMs, publications.knownVideoIds(profile.id), signal);
          if (found) {
            ctx.log.info('found the video created before the upload was interrupted', { jobId: job.job.id, videoId: found.id });
            save({ videoId: found.id, slug: found.slug });
          }
        }
        if (cp.videoId === undefined) await createVideo();
        // Known from now on: a later publication of this source is refused or offered a replace, never a silent second video.
        recordPublication();
      }
    }
    const videoId = cp.videoId!;

    // ---- 1b. Fields given again on a rerun: the video an earlier run made takes them (the same video, edited).
    if (payload.rerun && cp.rerunApplied !== payload.rerun.id) {
      if (!rerunCarried) await applyRerunFields(videoId, payload.rerun.fields);
      save({ rerunApplied: payload.rerun.id });
    }

    // ---- 2. Launch encoding (a GET with side effects: once).
    job.progress(null, 'pod_encoding');
    if (!cp.launchSent) {
      // A previous attempt may have launched it before failing: a non-empty step says so.
      const before = payload.mode === 'new' ? await readState(videoId) : null;
      const alreadyStarted = before !== null && (before.snapshot.step !== '' || before.snapshot.inProgress);
      if (!alreadyStarted) {
        const launch = async () => {
          const launched = await client.get<VideoAnswer>('/rest/launch_encode_view/', 'starting the encoding', { query: { slug: cp.slug }, signal });
          if (typeof launched?.slug === 'string') save({ slug: launched.slug });
        };
        try {
          try {
            await launch();
          } catch (error) {
            // The slug follows the title: if the video was renamed on Pod since the upload, launch it by its new slug.
            if (toErrorInfo(error).code !== POD_ERROR.notFound) throw error;
            const current = await readState(videoId);
            if (!current.slug || current.slug === cp.slug) throw error;
            save({ slug: current.slug });
            await launch();
          }
        } catch (error) {
          // 4.x bug: the launch may answer an HTML 500 after starting the encoding (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). Check before giving up.
          if (toErrorInfo(error).code !== POD_ERROR.serverError) throw error;
          save({ pollFallback: true });
          const state = await readState(videoId);
          if (state.snapshot.step === '' && !state.snapshot.inProgress) throw error;
        }
      }
      save({ launchSent: true });
    }

    // ---- 3. Follow encoding.
    if (!cp.encoded) {
      let lastStep: string | null = null;
      let lastChange = Date.now();
      let stepSeen = false;
      for (let poll = 0; ; poll += 1) {
        const state = await readState(videoId);
        if (state.slug) save({ slug: state.slug });
        const verdict = judgeEncoding(state.snapshot, stepSeen);
        if (state.snapshot.step !== '') stepSeen = true;
        if (verdict.state === 'done') {
          save({ encoded: true, duration: state.duration });
          break;
        }
        if (verdict.state === 'failed') {
          throw new StudioError(POD_ERROR.encodingFailed, `Pod could not encode the video: ${verdict.message}. Check the video on Pod or ask its administrators.`, { videoId, step: state.snapshot.step });
        }
        job.progress(verdict.fraction);
        if (state.snapshot.step !== lastStep) {
          lastStep = state.snapshot.step;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > config.stuckAfterMs) {
          save({ stuckStep: state.snapshot.step });
          throw encodingStuck(state.snapshot.step, `nothing has moved for ${Math.max(1, Math.round(config.stuckAfterMs / 60_000))} min`);
        }
        // Found stopped at this very step last time: say so at once instead of waiting the whole delay again.
        if (poll === 0 && cp.stuckStep !== undefined && state.snapshot.inProgress && state.snapshot.step === cp.stuckStep) {
          throw encodingStuck(state.snapshot.step, 'it is still where it stopped');
        }
        await sleep(pollDelayMs(poll, config.pollFirstMs, config.pollMaxMs), signal);
      }
    }

    // ---- 4. A re-publication: remove what the last publication added to the old file.
    if (payload.replace && !cp.oldCompletionRemoved) {
      for (const id of payload.replace.chapterIds) await deleteIgnoringMissing(`/rest/chapters/${id}/`, 'removing an old chapter');
      if (payload.replace.trackId !== null) await deleteIgnoringMissing(`/rest/tracks/${payload.replace.trackId}/`, 'removing the old caption track');
      if ((payload.replace.fileId ?? null) !== null && cp.hasFileManager) await deleteIgnoringMissing(`/rest/files/${payload.replace.fileId}/`, 'removing the old caption file');
      save({ oldCompletionRemoved: true });
    }

    // ---- 5. Chapters, one per slide, once encoding gave the duration.
    if (!cp.chaptersDone) {
      job.progress(0, 'pod_chapters');
      const planned = planChapters(payload.chapters, cp.duration ?? null);
      const ids = [...(cp.chapterIds ?? [])];
      for (let index = ids.length; index < planned.length; index += 1) {
        const chapter = planned[index]!;
        ids.push(await createChapter(videoId, chapter.title, chapter.timeStart));
        save({ chapterIds: ids });
        job.progress((index + 1) / planned.length);
      }
      save({ chaptersDone: true, chapterIds: ids });
    }

    // ---- 6. Captions through folders/files/tracks, where the server has its file manager.
    if (!cp.captions) {
      if (!payload.captionsPath) save({ captions: 'none', trackId: null });
      else {
        job.progress(null, 'pod_captions');
        if (!cp.hasFileManager) {
          save({
            captions: 'skipped_no_file_manager',
            trackId: null,
            notice: `This Pod server has no file manager, so captions cannot be added through its API. The video is published without captions; add them in Pod's web interface: ${profile.baseUrl}/video/completion/${cp.slug}/`,
          });
        } else {
          await addCaptions(videoId);
        }
      }
    }

    // ---- 7. The rendered poster as the video's thumbnail (after encoding, which sets its own: https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py).
    if (!cp.thumbnail) {
      if (!payload.posterPath || !existsSync(payload.posterPath)) save({ thumbnail: 'none' });
      else if (!cp.hasImages) save({ thumbnail: 'skipped_no_file_manager' });
      else await setThumbnail(videoId, payload.posterPath);
    }
    // The previous publication's poster is no longer the thumbnail: out of the teacher's file manager, like
    // the old caption file (a real Pod 4.1 kept one image per replace otherwise).
    const oldImageId = payload.replace?.imageId ?? null;
    if (oldImageId !== null && !cp.oldPosterRemoved && cp.thumbnail === 'set' && cp.imageId !== oldImageId && cp.hasImages) {
      await deleteIgnoringMissing(`/rest/images/${oldImageId}/`, 'removing the old poster');
      save({ oldPosterRemoved: true });
    }

    // ---- 8. The page URL, from the latest slug; the visibility as Pod holds it.
    const final = await readState(videoId);
    const slug = final.slug ?? cp.slug!;
    const pageUrl = videoPageUrl(profile.baseUrl, slug);
    recordPublication(slug);
    job.progress(1, 'pod_done');
    return {
      pageUrl,
      videoId,
      slug,
      chapterCount: cp.chapterIds?.length ?? 0,
      captions: cp.captions ?? 'none',
      notice: cp.notice ?? null,
      isDraft: final.isDraft ?? payload.metadata.isDraft,
      thumbnail: cp.thumbnail ?? 'none',
    };

    // ---- helpers (closures over client, checkpoint, payload)

    /**
     * https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py, checked on a real Pod 4.1: a Pod restarted while encoding keeps the video "in progress" at its step
     * for ever; launch_encode_view does nothing then, and neither does sending the file again through REST (it
     * only stores another copy). Only Pod's admin action, or a new upload in Pod's own edit page, restarts it.
     * The job stays resumable: once Pod encodes the video, running it again adds chapters and captions.
     */
    function encodingStuck(step: string, how: string): StudioError {
      const slug = cp.slug ?? String(cp.videoId);
      return new StudioError(
        POD_ERROR.encodingStuck,
        `Pod's encoding of this video has stopped (step "${step || 'not started'}": ${how}). Pod's encoder probably died when the Pod server restarted, and nothing can restart it from here. Ask a Pod administrator to relaunch it (Administration, Videos, select the video, "Encode selected"), or upload the file again yourself in the video's edit page on Pod (${profile.baseUrl}/video/edit/${encodeURIComponent(slug)}/). Then publish again: it continues with this same video (chapters, captions) and never makes a second one.`,
        { videoId: cp.videoId, step, pageUrl: videoPageUrl(profile.baseUrl, slug), editUrl: `${profile.baseUrl}/video/edit/${encodeURIComponent(slug)}/` },
      );
    }

    function recordPublication(latestSlug?: string): void {
      const slug = latestSlug ?? cp.slug!;
      const done = latestSlug !== undefined;
      publications.record(
        {
          capsuleId: payload.capsuleId,
          profileId: profile.id,
          videoId: cp.videoId!,
          slug,
          pageUrl: videoPageUrl(profile.baseUrl, slug),
          title,
          sourcePath: payload.filePath,
          chapterIds: done ? (cp.chapterIds ?? []) : [],
          trackId: done ? (cp.trackId ?? null) : null,
        },
        job.job.id,
      );
    }

    /** The metadata against this server's lists; a value it did not offer makes the lists be fetched again once. */
    async function checkMetadata(): Promise<void> {
      let vocabulary: PodVocabulary | null = vocabularies.get(profile.id);
      let errors = validatePodMetadata(payload.metadata, vocabulary);
      if (hasFieldErrors(errors) && onlyNotOffered(errors)) {
        vocabulary = await fetchVocabulary(client, cp.version ?? null, signal);
        vocabularies.put(profile.id, vocabulary);
        errors = validatePodMetadata(payload.metadata, vocabulary);
      }
      if (hasFieldErrors(errors)) throw new StudioError(POD_ERROR.invalidMetadata, 'Some fields must be corrected before publishing.', { fields: errors, allowed: allowedValuesOf(errors, vocabulary) });
    }

    async function createVideo(): Promise<void> {
      const size = checkVideoFile(payload.filePath);
      // is_draft is always among these fields: a multipart create without it makes the video public (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py).
      const fields = videoFormFields(payload.metadata, { owner: cp.ownerUrl!, site: cp.siteUrl! }, cp.version ?? null);
      const layout = multipartLayout(newBoundary(), fields, [{ field: 'video', filename: path.basename(payload.filePath), contentType: 'video/mp4', path: payload.filePath, size }]);
      job.progress(0, 'pod_uploading');
      save({ createSentAt: new Date().toISOString(), createTitle: title });
      rerunCarried = true;
      const created = (await client.request<VideoAnswer>('POST', '/rest/videos/', { multipart: layout, signal, onUploadProgress, what: 'uploading the video', accept: [201] })).body;
      if (typeof created?.id !== 'number' || typeof created.slug !== 'string') throw new StudioError(POD_ERROR.badResponse, 'Pod accepted the upload but did not say which video it created.');
      save({ videoId: created.id, slug: created.slug });
      job.progress(1);
    }

    function onUploadProgress(sent: number, total: number): void {
      job.progress(total > 0 ? sent / total : null);
    }

    /**
     * Sends the file to an existing video (PATCH): a replace changes only the fields the teacher changed in
     * the studio since the last publication (re-read first).
     * `is_draft` goes with it, as Pod holds it unless the teacher changed it.
     */
    async function sendFileToVideo(id: number): Promise<void> {
      const size = checkVideoFile(payload.filePath);
      const current = await readState(id);
      if (cp.replaceFields === undefined) {
        const changes = planReplace(payload.replace?.lastPublished ?? null, payload.metadata, current.values, vocabularies.get(profile.id));
        save({ replaceFields: changes.filter((change) => change.action === 'send').map((change) => change.field) });
      }
      const rerunFields = payload.rerun && cp.rerunApplied !== payload.rerun.id ? payload.rerun.fields : [];
      const fields = replaceFormFields(payload.metadata, [...new Set([...(cp.replaceFields ?? []), ...rerunFields])], current.isDraft, cp.version ?? null);
      const layout = multipartLayout(newBoundary(), fields, [{ field: 'video', filename: path.basename(payload.filePath), contentType: 'video/mp4', path: payload.filePath, size }]);
      job.progress(0, 'pod_uploading');
      save({ fileSentAt: new Date().toISOString() });
      rerunCarried = true;
      let slug: string | null = null;
      try {
        const answer = await client.request<VideoAnswer>('PATCH', videoPath(id), { multipart: layout, signal, onUploadProgress, what: 'replacing the video file' });
        slug = typeof answer.body?.slug === 'string' ? answer.body.slug : null;
      } catch (error) {
        const info = toErrorInfo(error);
        if (!UNCERTAIN_AFTER_SEND.has(info.code)) throw error;
        if (info.code === POD_ERROR.serverError && current.detailBroken) {
          // This video's reads already fail (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py): Pod saves the PATCH, then fails to write its answer. It has the file.
          ctx.log.info('Pod stored the new file and failed to answer (4.x read bug)', { jobId: job.job.id, videoId: id });
        } else {
          // Never sent again by itself: Pod may have kept the file, and every send stores another copy.
          throw new StudioError(
            POD_ERROR.uploadUncertain,
            `Pod received the file for video ${id} but its answer ${info.code === POD_ERROR.serverError ? 'was an internal error' : 'never came'}, so it may or may not have kept it. Nothing was sent again. Check the video on Pod (${videoPageUrl(profile.baseUrl, cp.slug ?? current.slug ?? String(id))}); publishing again sends the file once more to the same video.`,
            { videoId: id, cause: info.code, status: info.details?.status ?? null },
          );
        }
      }
      save({ videoId: id, slug: slug ?? current.slug ?? cp.slug ?? String(id), launchSent: false, encoded: false, fileSentAt: undefined });
      job.progress(1);
    }

    /** A metadata-only PATCH of the rerun's fields (multipart, like the create: repeated keys for relations). */
    async function applyRerunFields(id: number, fields: PodMetadataField[]): Promise<void> {
      job.progress(null, 'pod_checking');
      const layout = multipartLayout(newBoundary(), replaceFormFields(payload.metadata, fields, null, cp.version ?? null), []);
      try {
        const answer = await client.request<VideoAnswer>('PATCH', videoPath(id), { multipart: layout, signal, what: 'applying the fields given again' });
        // The slug follows the title: launch, captions and the page URL use the new one.
        if (typeof answer.body?.slug === 'string') save({ slug: answer.body.slug });
      } catch (error) {
        // Same 4.x read bug as the file: Pod saves the change, then fails to write its answer.
        if (!(toErrorInfo(error).code === POD_ERROR.serverError && cp.pollFallback)) throw error;
        const state = await readState(id);
        if (state.slug) save({ slug: state.slug });
      }
      ctx.log.info('fields given again applied to the video', { jobId: job.job.id, videoId: id, fields });
    }

    async function readState(id: number): Promise<VideoState> {
      const state = await readVideoState(client, profile.username, id, { titleHint: title, detailKnownBroken: cp.pollFallback === true, signal });
      if (state.detailBroken && !cp.pollFallback) {
        ctx.log.warn('Pod video detail fails; reading the video through user_videos', { videoId: id });
        save({ pollFallback: true });
      }
      return state;
    }

    async function deleteIgnoringMissing(apiPath: string, what: string): Promise<void> {
      // Removing old completion tolerates "already gone" only; anything else stops the job.
      await client.request('DELETE', apiPath, { what, signal, accept: [200, 204, 404] });
    }

    async function createChapter(id: number, chapterTitle: string, timeStart: number): Promise<number> {
      try {
        const answer = await client.request<{ id: number }>('POST', '/rest/chapters/', { json: { video: videoPath(id), title: chapterTitle, time_start: timeStart }, signal, what: 'adding a chapter', accept: [201] });
        return answer.body.id;
      } catch (error) {
        // A 400 may be Pod's unique (title, time_start, video) rule: an earlier attempt created it but lost
        // the answer. Decided by re-reading the chapters, never by Pod's text (it is translated).
        if (toErrorInfo(error).code !== POD_ERROR.validation) throw error;
        const all = await client.listAll<{ id: number; video: string; title: string; time_start: number }>('/rest/chapters/', 'listing chapters', { signal });
        const existing = all.find((item) => relationPath(item.video) === videoPath(id) && item.title === chapterTitle && item.time_start === timeStart);
        if (existing) return existing.id;
        throw error;
      }
    }

    async function ensureFolder(id: number): Promise<number> {
      if (cp.folderId !== undefined) return cp.folderId;
      const name = `capsule-studio-${id}-tracks`;
      try {
        const folder = await client.request<{ id: number }>('POST', '/rest/folders/', { json: { name, owner: cp.ownerUrl }, signal, what: 'creating the captions folder', accept: [201] });
        save({ folderId: folder.body.id });
      } catch (error) {
        if (toErrorInfo(error).code !== POD_ERROR.validation) throw error;
        // (name, owner) is unique: the folder exists from an earlier attempt or publication.
        const folders = await client.listAll<{ id: number; name: string; owner: string }>('/rest/folders/', 'listing folders', { signal });
        const existing = folders.find((folder) => folder.name === name && relationPath(folder.owner) === cp.ownerUrl);
        if (!existing) throw error;
        save({ folderId: existing.id });
      }
      return cp.folderId!;
    }

    async function addCaptions(id: number): Promise<void> {
      const captionsPath = payload.captionsPath!;
      const text = readFileSync(captionsPath, 'utf8');
      if (!looksLikeWebVtt(text)) throw new StudioError(POD_ERROR.noSource, `${path.basename(captionsPath)} is not a WebVTT file; Pod tracks need WebVTT.`, { path: captionsPath });
      const folderId = await ensureFolder(id);
      if (cp.fileId === undefined) {
        const lang = payload.captionsLang;
        const size = Buffer.byteLength(text);
        // A Pod track has no title (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/completion/rest_views.py): its file name is what the teacher sees, so it says where the text comes from
        // (hyphens: a real Pod 4.1 drops the dots of a stored file's name, "slug.fr" became "slugfr").
        const base = payload.captionsFromScript ? `${cp.slug}-${lang}-from-the-script` : `${cp.slug}-${lang}`;
        const layout = multipartLayout(
          newBoundary(),
          [
            ['folder', `/rest/folders/${folderId}/`],
            ['name', base],
            ['created_by', cp.ownerUrl!],
          ],
          [{ field: 'file', filename: `${base}.vtt`, contentType: 'text/vtt', path: captionsPath, size: checkSize(captionsPath, size) }],
        );
        const file = await client.request<{ id: number }>('POST', '/rest/files/', { multipart: layout, signal, what: 'uploading the captions', accept: [201] });
        save({ fileId: file.body.id });
      }
      const track = await client.request<{ id: number }>('POST', '/rest/tracks/', {
        json: { video: videoPath(id), kind: 'captions', lang: payload.captionsLang, src: `/rest/files/${cp.fileId}/` },
        signal,
        what: 'adding the caption track',
        accept: [201],
      });
      save({ trackId: track.body.id, captions: 'added' });
    }

    async function setThumbnail(id: number, posterPath: string): Promise<void> {
      job.progress(null, 'pod_thumbnail');
      const folderId = await ensureFolder(id);
      const size = statSync(posterPath).size;
      const extension = path.extname(posterPath).toLowerCase() === '.png' ? 'png' : 'jpg';
      const layout = multipartLayout(
        newBoundary(),
        [
          ['folder', `/rest/folders/${folderId}/`],
          ['name', `${cp.slug}-poster`],
          ['created_by', cp.ownerUrl!],
        ],
        // Hyphen, not dot: a real Pod 4.1 stored "slug.poster.jpg" as "slugposter.jpg".
        [{ field: 'file', filename: `${cp.slug}-poster.${extension}`, contentType: extension === 'png' ? 'image/png' : 'image/jpeg', path: posterPath, size }],
      );
      const image = await client.request<{ id: number }>('POST', '/rest/images/', { multipart: layout, signal, what: 'uploading the poster', accept: [201] });
      save({ imageId: image.body.id });
      try {
        await client.request('PATCH', videoPath(id), { json: { thumbnail: `/rest/images/${image.body.id}/` }, signal, what: 'setting the thumbnail' });
      } catch (error) {
        // Same 4.x read bug as the file: the change is saved, the answer fails to render.
        if (!(toErrorInfo(error).code === POD_ERROR.serverError && cp.pollFallback)) throw error;
      }
      save({ thumbnail: 'set' });
    }
  }

  return {
    kind: PUBLISH_JOB_KIND,
    concurrency: 1,
    maxAttempts: config.maxAttempts,
    isRetryable: isRetryablePodError,
    run,
  };
}

/** The captions file is streamed from disk after being checked: it must still be the text that was checked. */
function checkSize(file: string, expected: number): number {
  const size = statSync(file).size;
  if (size !== expected) throw new StudioError(POD_ERROR.noSource, `${path.basename(file)} changed while it was being read.`);
  return size;
}

/**
 * After a create whose answer was lost: the video, if Pod made it, is the owner's video with this exact
 * title, added since just before the request left, and not one we already know.
 */
async function findCreatedVideo(client: PodClient, username: string, title: string, sinceMs: number, known: Set<number>, signal: AbortSignal): Promise<{ id: number; slug: string } | null> {
  const list = await client.listAll<UserVideoAnswer>('/rest/videos/user_videos/', 'looking for a video created before the upload was interrupted', { query: { username, search_title: title }, signal });
  const candidates = list
    .filter((item) => item.video_data?.title === title && !known.has(item.id) && Date.parse(item.date_added) >= sinceMs)
    .sort((a, b) => Date.parse(b.date_added) - Date.parse(a.date_added));
  const found = candidates[0];
  if (!found) return null;
  return { id: found.id, slug: slugFromFullUrl(found.video_data.full_url) ?? String(found.id) };
}
