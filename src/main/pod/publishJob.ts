// Runs in Node (main side). The 'publish' job: upload the MP4 to Pod (streamed, with progress), launch
// encoding, follow it until encoded, add chapters and the caption track, return the page URL
// (pod-rest.md §7). Every step is checkpointed, so a restart or a retry resumes where it stopped, and
// a create that may have reached Pod before the connection dropped is looked for before uploading again.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError, toErrorInfo } from '../../shared/errors';
import type { PodChapterInput, PodMetadata, PublishMode, PublishResult } from '../../shared/domain/pod';
import { hasFieldErrors, validatePodMetadata, videoFormFields } from '../../shared/logic/podMetadata';
import { relationPath, videoPageUrl } from '../../shared/logic/podUrls';
import type { JobHandler, JobRunContext } from '../jobs/jobQueue';
import type { StudioContext } from '../context';
import { PodClient, type PodTimeouts } from './podClient';
import { isRetryablePodError, POD_ERROR } from './podErrors';
import { multipartLayout, newBoundary } from './multipartBody';
import { judgeEncoding, pollDelayMs, type EncodingSnapshot } from './encodingState';
import { planChapters } from './chapterPlan';
import { readPodInfo, resolveOwner } from './connectionTest';
import { looksLikeWebVtt } from './vttCues';
import type { PodProfileStore } from './profileStore';
import type { PodPublicationStore } from './publicationStore';
import type { PodVocabularyCache } from './vocabulary';
import { checkVideoFile } from './publishSource';

export const PUBLISH_JOB_KIND = 'publish';

export interface PublishPayload {
  profileId: string;
  capsuleId: string | null;
  filePath: string;
  metadata: PodMetadata;
  mode: PublishMode;
  /** For mode 'replace': the Pod video whose file is replaced, with what the last publication added to it. */
  replace: { videoId: number; chapterIds: number[]; trackId: number | null } | null;
  chapters: PodChapterInput[];
  captionsPath: string | null;
  captionsLang: string;
}

/** What survives between attempts (SQLite checkpoint). */
export interface PublishCheckpoint {
  version?: string;
  ownerUrl?: string;
  siteUrl?: string;
  /** Set just before the create (or replace) request leaves: from then on the video may exist on Pod. */
  createSentAt?: string;
  videoId?: number;
  slug?: string;
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
  notice?: string | null;
  /** Reading the video through VideoSerializer crashes on this server (4.x bugs): poll user_videos. */
  pollFallback?: boolean;
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
}

export const DEFAULT_PUBLISH_CONFIG: PublishJobConfig = {
  pollFirstMs: 5_000,
  pollMaxMs: 30_000,
  stuckAfterMs: 45 * 60_000,
  maxAttempts: 6,
  clockSlackMs: 10 * 60_000,
};

interface VideoAnswer {
  id: number;
  slug: string;
  url: string;
  encoding_in_progress: boolean;
  encoded: boolean;
  get_encoding_step: string;
  duration: number;
}

interface UserVideoAnswer {
  id: number;
  date_added: string;
  encoding_in_progress: boolean;
  encoded: boolean;
  video_data: { title: string; full_url?: string; duration?: string | number; get_encoding_step?: string };
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

function slugFromFullUrl(fullUrl: string | undefined): string | null {
  const match = /\/video\/([^/]+)\/?$/.exec(fullUrl ?? '');
  return match?.[1] ? decodeURIComponent(match[1]) : null;
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
    const client = new PodClient({ baseUrl: profile.baseUrl, token, language: payload.metadata.mainLang ?? 'fr', timeouts: config.timeouts, userAgent: `CapsuleStudio/${ctx.version}` });
    const videoPath = (id: number) => `/rest/videos/${id}/`;

    job.progress(null, 'pod_checking');
    if (!cp.version) save({ version: (await readPodInfo(client, signal)).version });
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

    // ---- 1. Create (or replace the file of) the video, exactly once.
    if (cp.videoId === undefined) {
      const errors = validatePodMetadata(payload.metadata, vocabularies.get(profile.id));
      if (hasFieldErrors(errors)) throw new StudioError(POD_ERROR.invalidMetadata, 'Some fields must be corrected before publishing.', { fields: errors });
      const size = checkVideoFile(payload.filePath);
      if (cp.createSentAt && payload.mode === 'new') {
        const found = await findCreatedVideo(client, profile.username, payload.metadata.title.trim(), Date.parse(cp.createSentAt) - config.clockSlackMs, publications.knownVideoIds(profile.id), signal);
        if (found) {
          ctx.log.info('found the video created before the connection dropped', { jobId: job.job.id, videoId: found.id });
          save({ videoId: found.id, slug: found.slug });
        }
      }
      if (cp.videoId === undefined) {
        const fields = videoFormFields(payload.metadata, { owner: cp.ownerUrl!, site: cp.siteUrl! }, cp.version ?? null);
        const layout = multipartLayout(newBoundary(), fields, [{ field: 'video', filename: path.basename(payload.filePath), contentType: 'video/mp4', path: payload.filePath, size }]);
        job.progress(0, 'pod_uploading');
        save({ createSentAt: new Date().toISOString() });
        const onUploadProgress = (sent: number, total: number) => job.progress(total > 0 ? sent / total : null);
        let created: VideoAnswer;
        if (payload.mode === 'replace' && payload.replace) {
          created = (await client.request<VideoAnswer>('PATCH', videoPath(payload.replace.videoId), { multipart: layout, signal, onUploadProgress, what: 'replacing the video file' })).body;
        } else {
          created = (await client.request<VideoAnswer>('POST', '/rest/videos/', { multipart: layout, signal, onUploadProgress, what: 'uploading the video', accept: [201] })).body;
        }
        if (typeof created?.id !== 'number' || typeof created.slug !== 'string') throw new StudioError(POD_ERROR.badResponse, 'Pod accepted the upload but did not say which video it created.');
        save({ videoId: created.id, slug: created.slug });
        job.progress(1);
      }
    }
    const videoId = cp.videoId!;

    // ---- 2. Launch encoding (a GET with side effects: once).
    job.progress(null, 'pod_encoding');
    if (!cp.launchSent) {
      let alreadyStarted = false;
      if (payload.mode === 'new') {
        // A previous attempt may have launched it before failing: a non-empty step says so.
        const state = await readState(videoId);
        alreadyStarted = state.snapshot.step !== '' || state.snapshot.inProgress;
      }
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
          // 4.x bug: the launch may answer an HTML 500 after starting the encoding (§11.1). Check before giving up.
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
          throw new StudioError(
            POD_ERROR.encodingStuck,
            `Pod's encoding has not moved for ${Math.round(config.stuckAfterMs / 60_000) || '<1'} min (step "${state.snapshot.step || 'not started'}"). Pod's encoder may have stopped; retry later or ask its administrators.`,
            { videoId, step: state.snapshot.step },
          );
        }
        await sleep(pollDelayMs(poll, config.pollFirstMs, config.pollMaxMs), signal);
      }
    }

    // ---- 4. A re-publication: remove what the last publication added to the old file.
    if (payload.replace && !cp.oldCompletionRemoved) {
      for (const id of payload.replace.chapterIds) await deleteIgnoringMissing(`/rest/chapters/${id}/`, 'removing an old chapter');
      if (payload.replace.trackId !== null) await deleteIgnoringMissing(`/rest/tracks/${payload.replace.trackId}/`, 'removing the old caption track');
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
        const root = await client.get<Record<string, string>>('/rest/', 'reading the API root', { signal });
        if (!('folders' in root && 'files' in root)) {
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

    // ---- 7. The page URL, from the latest slug.
    const final = await readState(videoId);
    const slug = final.slug ?? cp.slug!;
    const pageUrl = videoPageUrl(profile.baseUrl, slug);
    publications.record(
      { capsuleId: payload.capsuleId, profileId: profile.id, videoId, slug, pageUrl, title: payload.metadata.title.trim(), sourcePath: payload.filePath, chapterIds: cp.chapterIds ?? [], trackId: cp.trackId ?? null },
      job.job.id,
    );
    job.progress(1, 'pod_done');
    return { pageUrl, videoId, slug, chapterCount: cp.chapterIds?.length ?? 0, captions: cp.captions ?? 'none', notice: cp.notice ?? null };

    // ---- helpers (closures over client, checkpoint, payload)

    async function readState(id: number): Promise<{ snapshot: EncodingSnapshot; slug: string | null; duration: number }> {
      if (!cp.pollFallback) {
        try {
          const video = await client.get<VideoAnswer>(videoPath(id), 'reading the video state', { signal });
          return { snapshot: { inProgress: !!video.encoding_in_progress, encoded: !!video.encoded, step: String(video.get_encoding_step ?? '') }, slug: video.slug ?? null, duration: Number(video.duration) || 0 };
        } catch (error) {
          // 4.x read bugs (tags, thumbnail without podfile) make the detail an HTML 500; user_videos still works (§11).
          if (toErrorInfo(error).code !== POD_ERROR.serverError) throw error;
          ctx.log.warn('Pod video detail fails; following encoding through user_videos', { videoId: id });
          save({ pollFallback: true });
        }
      }
      // search_title narrows the list, but the title may have been changed on Pod: then read every page.
      const matching = await client.listAll<UserVideoAnswer>('/rest/videos/user_videos/', 'reading the video state', { query: { username: profile.username, search_title: payload.metadata.title.trim() }, signal });
      const video =
        matching.find((item) => item.id === id) ??
        (await client.listAll<UserVideoAnswer>('/rest/videos/user_videos/', 'reading the video state', { query: { username: profile.username }, signal })).find((item) => item.id === id);
      if (!video) throw new StudioError(POD_ERROR.notFound, `The video ${id} is no longer on Pod (deleted?). Publish it again as a new video.`, { videoId: id });
      return {
        snapshot: { inProgress: !!video.encoding_in_progress, encoded: !!video.encoded, step: String(video.video_data?.get_encoding_step ?? '') },
        slug: slugFromFullUrl(video.video_data?.full_url),
        duration: Number(video.video_data?.duration ?? 0) || 0,
      };
    }

    async function deleteIgnoringMissing(apiPath: string, what: string): Promise<void> {
      try {
        await client.request('DELETE', apiPath, { what, signal, accept: [200, 204, 404] });
      } catch (error) {
        // Removing old completion is best effort only for "already gone"; anything else stops the job.
        if (toErrorInfo(error).code !== POD_ERROR.notFound) throw error;
      }
    }

    async function createChapter(id: number, title: string, timeStart: number): Promise<number> {
      try {
        const answer = await client.request<{ id: number }>('POST', '/rest/chapters/', { json: { video: videoPath(id), title, time_start: timeStart }, signal, what: 'adding a chapter', accept: [201] });
        return answer.body.id;
      } catch (error) {
        const info = toErrorInfo(error);
        const general = (info.details?.fields as { general?: string[] } | undefined)?.general ?? [];
        // Unique (title, time_start, video): an earlier attempt created it but lost the answer; find it.
        if (info.code === POD_ERROR.validation && general.some((message) => message.includes('unique set'))) {
          const all = await client.listAll<{ id: number; video: string; title: string; time_start: number }>('/rest/chapters/', 'listing chapters', { signal });
          const existing = all.find((item) => relationPath(item.video) === videoPath(id) && item.title === title && item.time_start === timeStart);
          if (existing) return existing.id;
        }
        throw error;
      }
    }

    async function addCaptions(id: number): Promise<void> {
      const captionsPath = payload.captionsPath!;
      const text = readFileSync(captionsPath, 'utf8');
      if (!looksLikeWebVtt(text)) throw new StudioError(POD_ERROR.noSource, `${path.basename(captionsPath)} is not a WebVTT file; Pod tracks need WebVTT.`, { path: captionsPath });
      if (cp.folderId === undefined) {
        const name = `capsule-studio-${id}-tracks`;
        try {
          const folder = await client.request<{ id: number }>('POST', '/rest/folders/', { json: { name, owner: cp.ownerUrl }, signal, what: 'creating the captions folder', accept: [201] });
          save({ folderId: folder.body.id });
        } catch (error) {
          const info = toErrorInfo(error);
          if (info.code !== POD_ERROR.validation) throw error;
          // (name, owner) is unique: the folder exists from an earlier attempt.
          const folders = await client.listAll<{ id: number; name: string; owner: string }>('/rest/folders/', 'listing folders', { signal });
          const existing = folders.find((folder) => folder.name === name && relationPath(folder.owner) === cp.ownerUrl);
          if (!existing) throw error;
          save({ folderId: existing.id });
        }
      }
      if (cp.fileId === undefined) {
        const lang = payload.captionsLang;
        const size = Buffer.byteLength(text);
        const layout = multipartLayout(
          newBoundary(),
          [
            ['folder', `/rest/folders/${cp.folderId}/`],
            ['name', `${cp.slug}.${lang}`],
            ['created_by', cp.ownerUrl!],
          ],
          [{ field: 'file', filename: `${cp.slug}.${lang}.vtt`, contentType: 'text/vtt', path: captionsPath, size: checkSize(captionsPath, size) }],
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
  const list = await client.listAll<UserVideoAnswer>('/rest/videos/user_videos/', 'looking for a video created before the connection dropped', { query: { username, search_title: title }, signal });
  const candidates = list
    .filter((item) => item.video_data?.title === title && !known.has(item.id) && Date.parse(item.date_added) >= sinceMs)
    .sort((a, b) => Date.parse(b.date_added) - Date.parse(a.date_added));
  const found = candidates[0];
  if (!found) return null;
  return { id: found.id, slug: slugFromFullUrl(found.video_data.full_url) ?? String(found.id) };
}
