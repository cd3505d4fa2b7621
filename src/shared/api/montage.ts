// Runs everywhere (shared, pure). StudioApi methods of the montage: renders as background jobs
// (progress and ETA arrive as `job.progress`), trims, extra videos, montage settings.
import { v } from '../validate';
import { method } from './method';
import type { CapsuleDetail } from '../domain/capsule';
import type { JobInfo } from '../domain/jobs';
import type { MontageSettings, RenderInfo, TrimSuggestion } from '../domain/montage';

export const renderOptions = v.object({
  height: v.optional(v.oneOf(1080, 720)),
  /** Main-side path of the MP4 to write (the CLI only; side files go beside it). Default: the capsule's renders folder. */
  outFile: v.optional(v.string({ min: 1, max: 4096 })),
  /** A save-video grant (native save dialog): the MP4 is copied there; poster and WebVTT stay in the library. */
  saveGrant: v.optional(v.id()),
});

export const montageMethods = {
  /** Queues a render of the whole capsule; segments already rendered are reused. Returns the job. */
  renderCapsule: method<JobInfo>()(v.id(), v.optional(renderOptions)),
  /** Queues the background render of one grain's segments (done automatically when a take is chosen). */
  prerenderGrain: method<JobInfo>()(v.id(), v.optional(v.object({ height: v.optional(v.oneOf(1080, 720)) }))),
  /** The job of a render: state, progress, ETA, result (a RenderInfo) or error. */
  getRenderStatus: method<JobInfo>()(v.id()),
  listRenders: method<RenderInfo[]>()(v.id()),
  getMontageSettings: method<MontageSettings>()(v.id()),
  setMontageSettings: method<MontageSettings>()(
    v.id(),
    v.object({
      denoise: v.optional(v.boolean()),
      defaultSlideMs: v.optional(v.number({ integer: true, min: 500, max: 120_000 })),
      fadeBetweenGrainsMs: v.optional(v.number({ integer: true, min: 0, max: 3000 })),
    }),
  ),
  /** Background music (a read-audio grant, or a main-side path) looped under the capsule and ducked under the voice; null removes it. */
  setBackgroundMusic: method<MontageSettings>()(
    v.id(),
    v.nullable(
      v.object({
        path: v.optional(v.string({ min: 1, max: 4096 })),
        grant: v.optional(v.id()),
        volume: v.optional(v.number({ min: 0, max: 1 })),
        duck: v.optional(v.boolean()),
      }),
    ),
  ),
  /** Cuts the head and tail of a grain's take (ms); 0/0 removes the trim. */
  setTrim: method<void>()(v.id(), v.object({ startMs: v.number({ integer: true, min: 0 }), endMs: v.number({ integer: true, min: 0 }) })),
  /** A trim suggested from the silences at the head and tail of the grain's take. */
  suggestTrim: method<TrimSuggestion>()(v.id()),
  /** Replaces a slide by a video (a read-video grant, or a main-side path; copied into the capsule), or removes it with null. */
  setExtraVideo: method<CapsuleDetail>()(v.id(), v.nullable(v.object({ path: v.optional(v.string({ min: 1, max: 4096 })), grant: v.optional(v.id()) }))),
};

export interface MontageEvents {
  /** A render finished: its MP4 and side files are in place. */
  'montage.rendered': RenderInfo;
}
