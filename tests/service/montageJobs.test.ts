// Runs in Node (service tests). Renders through the StudioApi as background jobs: progress with an
// ETA, the finished render listed, cancel (FFmpeg killed, no partial file), restart (re-queued,
// finished segments reused), automatic pre-render when a take is chosen, and the CLI.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { main } from '../../src/main/cli/main';
import type { JobInfo } from '../../src/shared/domain/jobs';
import type { RenderInfo } from '../../src/shared/domain/montage';
import { montageEngineOf, AUTO_PRERENDER_SETTING, RENDER_GRAIN_JOB, RENDER_TAKE_JOB } from '../../src/main/montage/montageJobs';
import { DEFAULT_LAYOUT } from '../../src/shared/domain/layout';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeSlide, makeTake } from '../support/montageFixtures';

const quiet = () => createLogger(() => undefined, true);

describe('montage jobs through the StudioApi (real FFmpeg)', () => {
  const dir = tempDir('montage-jobs-');
  const libraryDir = path.join(dir, 'lib');
  let studio: Studio;
  let slides: string[];
  let take: string;
  const takes: Record<string, string> = {};

  // Eleven FFmpeg encodes at once: longer than the 180 s hook default on a loaded 2-core machine.
  beforeAll(async () => {
    const media = path.join(dir, 'media');
    // One take per test: segments are content-addressed, so identical inputs would come from the cache.
    const colors: Record<string, string> = { long: '0x224488', restart: '0x448822', restartLong: '0x228844', prerender: '0x884422', cli: '0x888822', first: '0x228888', retake: '0x882288', progress: '0x446688' };
    const extra = await Promise.all(Object.entries(colors).map(([name, color]) => makeTake(path.join(media, `${name}.webm`), { durationSec: name === 'restartLong' ? 20 : name === 'long' || name === 'progress' ? 6 : 2, color })));
    Object.keys(colors).forEach((name, index) => (takes[name] = extra[index]!));
    [take, ...slides] = await Promise.all([
      makeTake(path.join(media, 'take.webm'), { durationSec: 2 }),
      makeSlide(path.join(media, 'a.png'), '0x3366cc', 'A', 1280, 720),
      makeSlide(path.join(media, 'b.png'), '0xcc9933', 'B', 1280, 720),
      makeSlide(path.join(media, 'c.png'), '0x33aa55', 'C', 1280, 720),
    ]);
    studio = await createStudio({ libraryDir, binding: 'loopback', log: quiet() });
  }, 600_000);

  afterAll(async () => {
    await studio?.close();
  });

  function capsuleWithTakes(title: string, takeFile: string = take) {
    const ctx = studio.context;
    const capsule = createCapsule(ctx, title, slides.map((image, group) => ({ image, prompt: `${title} ${group + 1}`, group, width: 1280, height: 720 })));
    for (const grain of capsule.grains) attachTake(ctx, capsule.id, grain.id, takeFile, [ev('start', 0, 0)]);
    return capsule;
  }

  it('renders as a job with progress, an ETA and a listed result', async () => {
    // 6 s grains at 1080p: long enough for the ETA to have a rate to go on.
    const capsule = capsuleWithTakes('Progress', takes.progress);
    const updates: JobInfo[] = [];
    const rendered: RenderInfo[] = [];
    const off = studio.context.events.subscribe((name, payload) => {
      if (name === 'job.progress' && (payload as JobInfo).kind === 'render') updates.push(payload as JobInfo);
      if (name === 'montage.rendered') rendered.push(payload as RenderInfo);
    });
    try {
      const job = await studio.calls.renderCapsule(capsule.id, { height: 1080 });
      const info = await studio.context.jobs.result<RenderInfo>(job.id);
      expect(existsSync(info.file)).toBe(true);
      expect(info.file.startsWith(studio.context.library.capsuleDir(capsule.id))).toBe(true);
      const fractions = updates.map((u) => u.progress).filter((p): p is number => p !== null);
      expect(fractions.some((p) => p > 0 && p < 1)).toBe(true);
      expect(updates.some((u) => u.etaSeconds !== null)).toBe(true);
      expect(updates.some((u) => u.stage === 'encoding')).toBe(true);
      expect((await studio.calls.getRenderStatus(job.id)).state).toBe('done');
      expect((await studio.calls.listRenders(capsule.id)).map((r) => r.file)).toEqual([info.file]);
      expect(rendered.map((r) => r.file)).toEqual([info.file]);
    } finally {
      off();
    }
  }, 300_000);

  it('cancels: FFmpeg is killed, no partial file is left', async () => {
    const capsule = capsuleWithTakes('Cancel', takes.long);
    const out = path.join(dir, 'cancelled.mp4');
    let cancelled = false;
    const off = studio.context.events.subscribe((name, payload) => {
      const job = payload as JobInfo;
      if (!cancelled && name === 'job.progress' && job.kind === 'render' && job.stage === 'encoding' && (job.progress ?? 0) > 0) {
        cancelled = true;
        void studio.calls.cancelJob(job.id);
      }
    });
    try {
      const job = await studio.calls.renderCapsule(capsule.id, { height: 1080, outFile: out });
      const final = await studio.context.jobs.wait(job.id);
      expect(final.state).toBe('cancelled');
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(path.dirname(out)).filter((f) => f.includes('.part'))).toEqual([]);
      expect(readdirSync(montageEngineOf(studio.context).cacheDir()).filter((f) => f.endsWith('.part'))).toEqual([]);
    } finally {
      off();
    }
  }, 300_000);

  it('survives a restart: the interrupted render is re-queued and reuses finished segments', async () => {
    // Grains 1–2 are short; grain 3 (a 20 s take at 1080p, camera top left: one encode, under the
    // 24 s a grain is cut at) leaves time to stop the app during it, however fast the encoder is.
    const ctx = studio.context;
    const capsule = createCapsule(ctx, 'Restart', slides.map((image, group) => ({ image, prompt: `Restart ${group + 1}`, group, width: 1280, height: 720 })));
    capsule.grains.forEach((grain, index) => attachTake(ctx, capsule.id, grain.id, index < 2 ? takes.restart! : takes.restartLong!, [ev('start', 0, 0)]));
    ctx.library.setGrainLayout(capsule.grains[2]!.id, { pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_left', placement: 'manual' } });
    const out = path.join(dir, 'restarted.mp4');
    const engine = montageEngineOf(ctx);
    const before = { ...engine.stats };
    const job = await studio.calls.renderCapsule(capsule.id, { height: 1080, outFile: out });
    // Grains 1–2 are finished once their two videos and their one shared sound are (the sound can
    // come last: the video encoder is the faster of the two on short grains).
    await new Promise<void>((resolve) => {
      const off = ctx.events.subscribe((name, payload) => {
        const info = payload as JobInfo;
        if (name === 'job.progress' && info.id === job.id && engine.stats.videoEncodes >= before.videoEncodes + 2 && engine.stats.audioEncodes >= before.audioEncodes + 1) {
          off();
          resolve();
        }
      });
    });
    await studio.close();
    expect(existsSync(out)).toBe(false);
    studio = await createStudio({ libraryDir, binding: 'loopback', log: quiet() });
    const final = await studio.context.jobs.wait(job.id);
    expect(final.state).toBe('done');
    expect(final.attempts).toBe(2);
    expect(existsSync(out)).toBe(true);
    const info = final.result as RenderInfo;
    expect(info.cachedGrains).toBe(2);
    expect(info.renderedGrains).toBe(1);
  }, 300_000);

  it('pre-renders a grain in the background as soon as its take is chosen', async () => {
    studio.context.settings.set(AUTO_PRERENDER_SETTING, true);
    const ctx = studio.context;
    const capsule = createCapsule(ctx, 'Prerender', [{ image: slides[2]!, prompt: 'Only', group: 0, width: 1280, height: 720 }]);
    const queued = new Promise<JobInfo>((resolve) => {
      const off = ctx.events.subscribe((name, payload) => {
        const info = payload as JobInfo;
        if (name === 'job.progress' && info.kind === RENDER_GRAIN_JOB && info.capsuleId === capsule.id && info.state === 'done') {
          off();
          resolve(info);
        }
      });
    });
    attachTake(ctx, capsule.id, capsule.grains[0]!.id, takes.prerender!, [ev('start', 0, 0)]);
    const grainJob = await queued;
    expect(grainJob.result).toEqual({ cached: false });
    const job = await studio.calls.renderCapsule(capsule.id, { height: 1080 });
    const info = await ctx.jobs.result<RenderInfo>(job.id);
    expect(info.cachedGrains).toBe(1);
    expect(info.renderedGrains).toBe(0);
    studio.context.settings.set(AUTO_PRERENDER_SETTING, false);
  }, 300_000);

  it('pre-renders the other takes of a grain too, so choosing one only joins files', async () => {
    studio.context.settings.set(AUTO_PRERENDER_SETTING, true);
    const ctx = studio.context;
    const engine = montageEngineOf(ctx);
    const capsule = createCapsule(ctx, 'Retake', [{ image: slides[1]!, prompt: 'Retake', group: 0, width: 1280, height: 720 }]);
    const grainId = capsule.grains[0]!.id;
    const done = (kind: string) =>
      new Promise<JobInfo>((resolve, reject) => {
        const off = ctx.events.subscribe((name, payload) => {
          const info = payload as JobInfo;
          if (name !== 'job.progress' || info.kind !== kind || info.capsuleId !== capsule.id) return;
          if (info.state === 'done') {
            off();
            resolve(info);
          } else if (info.state === 'failed') {
            off();
            reject(new Error(info.error?.message ?? 'failed'));
          }
        });
      });
    const chosenDone = done(RENDER_GRAIN_JOB);
    const otherDone = done(RENDER_TAKE_JOB);
    // The teacher records a take, then a retake, and keeps the first one chosen for now.
    const first = attachTake(ctx, capsule.id, grainId, takes.first!, [ev('start', 0, 0)]);
    const retake = attachTake(ctx, capsule.id, grainId, takes.retake!, [ev('start', 0, 0)]);
    ctx.library.setActiveTake(grainId, first);
    const [chosenJob, otherJob] = await Promise.all([chosenDone, otherDone]);
    expect(chosenJob.result).toEqual({ cached: false });
    expect(otherJob.result).toEqual({ cached: false });
    expect(otherJob.title).toMatch(/^Retake — 1 · #\d+$/);

    // Choosing the retake now finds both of its segments in the cache.
    const encodes = engine.stats.videoEncodes;
    ctx.library.setActiveTake(grainId, retake);
    const job = await studio.calls.renderCapsule(capsule.id, { height: 1080 });
    const info = await ctx.jobs.result<RenderInfo>(job.id);
    expect(info.cachedGrains).toBe(1);
    expect(info.renderedGrains).toBe(0);
    expect(engine.stats.videoEncodes).toBe(encodes);
    studio.context.settings.set(AUTO_PRERENDER_SETTING, false);
  }, 300_000);

  it('renders from the CLI with progress on stderr', async () => {
    const capsule = capsuleWithTakes('Command line', takes.cli);
    await studio.close();
    const out: string[] = [];
    const err: string[] = [];
    const file = path.join(dir, 'cli.mp4');
    const code = await main(['render', capsule.id, '--out', file, '--height', '720', '--library', libraryDir], { out: (t) => out.push(t), err: (t) => err.push(t) });
    studio = await createStudio({ libraryDir, binding: 'loopback', log: quiet() });
    expect(code).toBe(0);
    expect(out).toEqual([file]);
    expect(err.some((line) => /render running \(encoding\) \d+%/.test(line))).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(existsSync(file.replace(/\.mp4$/, '.chapters.vtt'))).toBe(true);
  }, 300_000);
});
