// Runs in Node (main side). The montage's background jobs on ctx.jobs: `render` (a whole capsule),
// `render_grain` (one grain's segments, queued as soon as its take is chosen) and `render_take` (a
// grain with one of its other takes, in case the teacher chooses it). Jobs are persisted, so an
// interrupted render is re-queued at the next start and reuses finished segments.
import type { JobInfo } from '../../shared/domain/jobs';
import { copyToChosenPlace } from '../files/saveCopy';
import type { JobRunContext } from '../jobs/jobQueue';
import type { OutputHeight, RenderInfo } from '../../shared/domain/montage';
import { StudioError } from '../../shared/errors';
import { grainJobTitle } from '../../shared/logic/jobTitles';
import type { StudioContext } from '../context';
import { MontageEngine } from './montageEngine';
import { ensureDemoCapsule } from './demoCapsule';
import { LivePrerenderer } from './livePrerender';

export const RENDER_JOB = 'render';
export const RENDER_GRAIN_JOB = 'render_grain';
/** Pre-renders a grain with one of its other takes; one at a time, so chosen takes keep a slot. */
export const RENDER_TAKE_JOB = 'render_take';
/** When true, choosing a take queues its grain's segments right away (default: on in the desktop app). */
export const AUTO_PRERENDER_SETTING = 'montage.autoPrerender';
export const DEMO_JOB = 'demo_capsule';
/** Whether the first start builds the demo capsule (default: in the desktop app); set to false once done. */
export const SEED_DEMO_SETTING = 'montage.seedDemo';

interface RenderPayload {
  capsuleId: string;
  height: OutputHeight;
  outFile?: string;
  /** A place chosen in a native save dialog: the MP4 is copied there, its side files stay in the library. */
  exportTo?: { path: string; overwrite: boolean };
}

interface GrainPayload {
  capsuleId: string;
  grainId: string;
  height: OutputHeight;
  /** The take to render: the chosen one when queued, or another take of the grain. Absent in jobs saved by older versions: the chosen take. */
  takeId?: string;
}

/** How many of a grain's other finished takes are pre-rendered, most recent first, in case one is chosen. */
export const SPECULATIVE_TAKES_PER_GRAIN = 2;

const engines = new WeakMap<StudioContext, MontageEngine>();
const livePrerenderers = new WeakMap<StudioContext, LivePrerenderer>();

/**
 * Grains are also pre-rendered while their take is recorded (livePrerender.ts), under the same
 * setting as the background pre-rendering. One follower per studio.
 */
export function livePrerendererOf(ctx: StudioContext): LivePrerenderer {
  let follower = livePrerenderers.get(ctx);
  if (!follower) {
    follower = new LivePrerenderer(ctx, montageEngineOf(ctx), { enabled: () => ctx.settings.get<boolean>(AUTO_PRERENDER_SETTING, ctx.interactive) });
    livePrerenderers.set(ctx, follower);
  }
  return follower;
}

/** One engine per studio: its stats and its encoder choice are shared by the API, the jobs and the CLI. */
export function montageEngineOf(ctx: StudioContext): MontageEngine {
  let engine = engines.get(ctx);
  if (!engine) {
    engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
    engines.set(ctx, engine);
  }
  return engine;
}

export function registerMontageJobs(ctx: StudioContext): void {
  const engine = montageEngineOf(ctx);
  ctx.jobs.register<RenderPayload, RenderInfo>({
    kind: RENDER_JOB,
    concurrency: 1,
    async run({ job, payload, signal, progress }) {
      const output = await engine.render(payload.capsuleId, { height: payload.height, outFile: payload.outFile }, { signal, onProgress: (fraction, stage) => progress(fraction, stage) });
      const info = engine.store.addRender(output, job.id);
      if (payload.exportTo) copyToChosenPlace(output.file, payload.exportTo);
      ctx.events.emit('montage.rendered', info);
      return info;
    },
  });
  const renderGrainJob = async ({ payload, signal, progress }: JobRunContext<GrainPayload>): Promise<{ cached: boolean; skipped?: boolean }> => {
    // A take deleted since it was queued has nothing left to pre-render.
    if (payload.takeId && !engine.store.take(payload.takeId)) return { cached: false, skipped: true };
    const overrides = new Map(payload.takeId ? [[payload.grainId, payload.takeId]] : []);
    const plan = await engine.plan(payload.capsuleId, payload.height, signal, overrides);
    const grain = plan.grains.find((g) => g.grainId === payload.grainId);
    if (!grain) throw new StudioError('NOT_FOUND', 'This grain is no longer in the capsule.', { grainId: payload.grainId });
    // A candidate take chosen while its job waited is now as urgent as any chosen take.
    const chosen = ctx.library.get(payload.capsuleId).grains.find((g) => g.id === payload.grainId)?.activeTakeId;
    const priority = payload.takeId && payload.takeId !== chosen ? 'speculative' : 'prerender';
    const result = await engine.renderGrain(plan, grain, { signal, priority, onProgress: (fraction, stage) => progress(fraction, stage) });
    // The captions' speech analysis too, so that exporting later only reads it.
    if (grain.take?.hasAudio) await engine.captions.takeSilences(grain.take, signal);
    return { cached: result.cached };
  };
  // Two chosen grains at once keep both encode slots busy; the slots, not the queue, bound the encodes.
  ctx.jobs.register({ kind: RENDER_GRAIN_JOB, concurrency: 2, run: renderGrainJob });
  ctx.jobs.register({ kind: RENDER_TAKE_JOB, concurrency: 1, run: renderGrainJob });
}

/**
 * The app's first start puts the demo capsule in the library (a background job: PDF import and
 * synthesised takes), so a new user can render something at once. Done once per library.
 */
export function seedDemoOnFirstStart(ctx: StudioContext): JobInfo | null {
  ctx.jobs.register<Record<string, never>, { capsuleId: string }>({
    kind: DEMO_JOB,
    concurrency: 1,
    async run({ signal, progress }) {
      const capsule = await ensureDemoCapsule(ctx, { signal, onProgress: (fraction, stage) => progress(fraction, stage) });
      ctx.settings.set(SEED_DEMO_SETTING, false);
      return { capsuleId: capsule.id };
    },
  });
  if (!ctx.settings.get<boolean>(SEED_DEMO_SETTING, ctx.interactive)) return null;
  if (ctx.jobs.list({ kind: DEMO_JOB }).length > 0) return null;
  // The job's kind says "demo capsule" in the user's language; the title is the app's name alone.
  return ctx.jobs.enqueue(DEMO_JOB, {}, { title: 'Capsule Studio' });
}

export function enqueueRender(ctx: StudioContext, capsuleId: string, options: { height?: OutputHeight; outFile?: string; exportTo?: { path: string; overwrite: boolean } } = {}): JobInfo {
  const capsule = ctx.library.get(capsuleId);
  const payload: RenderPayload = { capsuleId, height: options.height ?? 1080, ...(options.outFile ? { outFile: options.outFile } : {}), ...(options.exportTo ? { exportTo: options.exportTo } : {}) };
  return ctx.jobs.enqueue(RENDER_JOB, payload, { title: capsule.title, capsuleId });
}

/**
 * Queues the rendering of a grain's segments with its chosen take, or with `takeId` (another take
 * of the grain, pre-rendered in case it is chosen). A job already queued for the same grain, take
 * and height is returned instead of a second one.
 */
export function enqueueGrainRender(ctx: StudioContext, grainId: string, height: OutputHeight = 1080, takeId?: string): JobInfo {
  const engine = montageEngineOf(ctx);
  const capsuleId = engine.store.grainCapsuleId(grainId);
  const capsule = ctx.library.get(capsuleId);
  const index = capsule.grains.findIndex((g) => g.id === grainId);
  const chosen = capsule.grains[index]?.activeTakeId ?? undefined;
  const take = takeId ?? chosen;
  const speculative = take !== undefined && take !== chosen;
  const kind = speculative ? RENDER_TAKE_JOB : RENDER_GRAIN_JOB;
  // Only a queued job stands for this one: it plans when it starts, whereas a running job may be
  // rendering a layout or trim that has changed since.
  const pending = ctx.jobs
    .list({ capsuleId, activeOnly: true, kind })
    .find((job) => {
      const payload = ctx.jobs.payloadOf<GrainPayload>(job.id);
      return payload.grainId === grainId && payload.height === height && (payload.takeId ?? chosen) === take && job.state === 'queued';
    });
  if (pending) return pending;
  const payload: GrainPayload = { capsuleId, grainId, height, ...(take ? { takeId: take } : {}) };
  const attempt = speculative && take ? engine.store.take(take)?.attempt : undefined;
  const title = grainJobTitle(capsule.title, index, attempt);
  return ctx.jobs.enqueue(kind, payload, { title, capsuleId });
}

/**
 * Watches the library: when a grain's chosen take (or anything else) changes, the grains whose
 * segments are not in the cache are queued, so that exporting later only joins files.
 */
export function watchForPrerender(ctx: StudioContext, debounceMs = 1500): () => void {
  const timers = new Map<string, NodeJS.Timeout>();
  const engine = montageEngineOf(ctx);
  const enabled = () => ctx.settings.get<boolean>(AUTO_PRERENDER_SETTING, ctx.interactive);
  const schedule = (capsuleId: string) => {
    if (!enabled()) return;
    clearTimeout(timers.get(capsuleId));
    timers.set(
      capsuleId,
      setTimeout(() => {
        timers.delete(capsuleId);
        void queueMissing(capsuleId);
      }, debounceMs),
    );
  };
  const queueMissing = async (capsuleId: string) => {
    try {
      if (!ctx.library.exists(capsuleId)) return;
      const plan = await engine.plan(capsuleId, 1080);
      for (const grain of plan.grains) {
        if (!grain.take) continue;
        if (await engine.isGrainCached(plan, grain)) continue;
        enqueueGrainRender(ctx, grain.grainId, 1080, grain.take.takeId);
      }
      // Then the grains' other recent takes. A finished retake is the chosen take by itself (so it
      // was queued above, as the chosen one); an earlier take the teacher may go back to, or a
      // retake kept aside (keepFirstTakeActive), is then already rendered: choosing it only joins files.
      for (const grain of plan.grains) {
        for (const other of engine.store.otherReadyTakes(grain.grainId, grain.take?.takeId ?? null, SPECULATIVE_TAKES_PER_GRAIN)) {
          const candidate = await engine.plan(capsuleId, 1080, undefined, new Map([[grain.grainId, other.id]]));
          const grainPlan = candidate.grains.find((g) => g.grainId === grain.grainId);
          if (!grainPlan || (await engine.isGrainCached(candidate, grainPlan))) continue;
          enqueueGrainRender(ctx, grain.grainId, 1080, other.id);
        }
      }
    } catch (error) {
      // A capsule that cannot be planned yet (a take still being finalised, a missing file) is
      // reported when the user renders; background pre-rendering just waits for the next change.
      ctx.log.info('montage prerender skipped', { capsuleId, reason: (error as Error).message });
    }
  };
  const unsubscribe = ctx.events.subscribe((name, payload) => {
    if (name === 'take.changed' || name === 'library.changed') {
      const capsuleId = (payload as { capsuleId: string | null }).capsuleId;
      if (capsuleId) schedule(capsuleId);
    }
  });
  return () => {
    unsubscribe();
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
}
