// Runs in Node (main side). StudioApi methods of the montage: renders and pre-renders as jobs,
// render listing, montage settings, trims, extra videos.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { CallsOf } from '../../shared/api/method';
import type { montageMethods } from '../../shared/api/montage';
import { StudioError } from '../../shared/errors';
import { grainsUnrecordedError, recordStepStatus, unrecordedGrains } from '../../shared/logic/recordStep';
import type { StudioContext } from '../context';
import type { SlideContent } from '../../shared/logic/cameraPlacement';
import { probeMedia } from '../ffmpeg/ffmpeg';
import { fileToRead, mainSidePath } from '../files/fileArgs';
import { RENDER_GRAIN_JOB, RENDER_JOB, RENDER_TAKE_JOB, enqueueGrainRender, enqueueRender, livePrerendererOf, montageEngineOf, registerMontageJobs, seedDemoOnFirstStart, watchForPrerender } from './montageJobs';

export function createMontageHandlers(ctx: StudioContext): CallsOf<typeof montageMethods> {
  registerMontageJobs(ctx);
  watchForPrerender(ctx);
  livePrerendererOf(ctx);
  seedDemoOnFirstStart(ctx);
  const engine = montageEngineOf(ctx);
  const store = engine.store;
  const recordStatus = (capsuleId: string) => recordStepStatus(ctx.library.get(capsuleId), store.grainChoices(capsuleId));

  return {
    async renderCapsule(capsuleId, options) {
      // A renderer saves through a grant (the MP4 is copied there; poster and WebVTT stay in the
      // library); only main-side code (the CLI) names a path, with side files beside it. Checked
      // first, so a refused path gets the same answer whatever the capsule's state.
      const outFile = mainSidePath(options?.outFile, 'where to save the video');
      const exportTo = options?.saveGrant ? ctx.grants.use(options.saveGrant, 'save-video') : undefined;
      // Refused before queuing, so the teacher sees the grains to decide on at once (the job checks again).
      const status = recordStatus(capsuleId);
      if (status.undecided.length > 0) throw grainsUnrecordedError(status.undecided);
      return enqueueRender(ctx, capsuleId, { height: options?.height, outFile, exportTo });
    },
    async prerenderGrain(grainId, options) {
      return enqueueGrainRender(ctx, grainId, options?.height ?? 1080);
    },
    async getRenderStatus(jobId) {
      const job = ctx.jobs.get(jobId);
      if (job.kind !== RENDER_JOB && job.kind !== RENDER_GRAIN_JOB && job.kind !== RENDER_TAKE_JOB) throw new StudioError('NOT_FOUND', `No render job ${jobId}.`);
      return job;
    },
    async listRenders(capsuleId) {
      ctx.library.get(capsuleId);
      return store.renders(capsuleId);
    },
    async getMontageSettings(capsuleId) {
      ctx.library.get(capsuleId);
      return store.settings(capsuleId);
    },
    async setMontageSettings(capsuleId, patch) {
      ctx.library.get(capsuleId);
      const settings = store.setSettings(capsuleId, patch);
      ctx.events.emit('library.changed', { capsuleId });
      return settings;
    },
    async setBackgroundMusic(capsuleId, music) {
      ctx.library.get(capsuleId);
      if (music) {
        const musicPath = fileToRead(ctx.grants, music, 'read-audio', 'background music');
        if (!musicPath) throw new StudioError('BAD_ARGS', 'Choose the music file.');
        if (!existsSync(musicPath) || !statSync(musicPath).isFile()) throw new StudioError('FILE_NOT_FOUND', `There is no file at ${musicPath}.`, { path: musicPath });
        const probe = await probeMedia(musicPath);
        if (!probe.streams.some((s) => s.codec_type === 'audio')) throw new StudioError('BAD_MEDIA', 'This file has no sound: it cannot be background music.', { path: musicPath });
        // Copied into the capsule so the capsule keeps working if the original moves.
        const dir = path.join(ctx.library.capsuleDir(capsuleId), 'media');
        mkdirSync(dir, { recursive: true });
        const target = path.join(dir, `music-${randomUUID().slice(0, 8)}${path.extname(musicPath).toLowerCase()}`);
        copyFileSync(musicPath, target);
        const settings = store.setSettings(capsuleId, { music: { path: target, volume: music.volume ?? 0.2, duck: music.duck ?? true } });
        ctx.events.emit('library.changed', { capsuleId });
        return settings;
      }
      const settings = store.setSettings(capsuleId, { music: null });
      ctx.events.emit('library.changed', { capsuleId });
      return settings;
    },
    async getRecordStatus(capsuleId) {
      return recordStatus(capsuleId);
    },
    async listUnrecordedGrains(capsuleId) {
      return unrecordedGrains(recordStatus(capsuleId));
    },
    async setUnrecordedGrainChoice(grainId, choice) {
      const capsuleId = store.grainCapsuleId(grainId);
      store.setGrainChoice(grainId, choice);
      ctx.events.emit('library.changed', { capsuleId });
      const status = recordStatus(capsuleId).grains.find((grain) => grain.grainId === grainId);
      if (!status) throw new StudioError('NOT_FOUND', 'This grain has no slides: it is not in the video.', { grainId });
      return status;
    },
    async getGrainSlideContent(grainId) {
      const capsule = ctx.library.get(store.grainCapsuleId(grainId));
      return engine.slideContents.measureGrain(capsule.grains.find((grain) => grain.id === grainId)?.slides ?? []);
    },
    async getCapsuleSlideContents(capsuleId) {
      const capsule = ctx.library.get(capsuleId);
      const contents: Record<string, SlideContent | null> = {};
      for (const grain of capsule.grains) contents[grain.id] = await engine.slideContents.measureGrain(grain.slides);
      return contents;
    },
    async getCaptions(capsuleId) {
      return engine.captions.forPlan(await engine.plan(capsuleId, 1080));
    },
    async updateCaptions(capsuleId, patch) {
      const plan = await engine.plan(capsuleId, 1080);
      const cues = patch.resetCues ? null : patch.cues;
      const captions = await engine.captions.update(plan, { enabled: patch.enabled, grains: patch.grains, ...(cues !== undefined ? { cues } : {}) });
      ctx.events.emit('library.changed', { capsuleId });
      return captions;
    },
    async setTrim(grainId, trim) {
      const capsuleId = store.grainCapsuleId(grainId);
      store.setTrim(grainId, trim);
      ctx.events.emit('library.changed', { capsuleId });
    },
    async suggestTrim(grainId) {
      return engine.suggestTrim(grainId);
    },
    async setExtraVideo(slideId, source) {
      const capsuleId = ctx.library.slideCapsuleId(slideId);
      const file = source === null ? null : fileToRead(ctx.grants, source, 'read-video', 'a video');
      if (file === undefined) throw new StudioError('BAD_ARGS', 'Choose the video file.');
      if (file === null) {
        ctx.library.setSlideExtraVideo(slideId, null);
        return ctx.library.get(capsuleId);
      }
      if (!existsSync(file) || !statSync(file).isFile()) throw new StudioError('FILE_NOT_FOUND', `There is no file at ${file}.`, { path: file });
      const probe = await probeMedia(file);
      if (!probe.streams.some((s) => s.codec_type === 'video')) throw new StudioError('BAD_MEDIA', 'This file has no picture: it cannot replace a slide.', { path: file });
      const relative = path.posix.join('media', `extra-${randomUUID().slice(0, 8)}${path.extname(file).toLowerCase()}`);
      const target = path.join(ctx.library.capsuleDir(capsuleId), relative);
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(file, target);
      ctx.library.setSlideExtraVideo(slideId, relative);
      return ctx.library.get(capsuleId);
    },
  };
}
