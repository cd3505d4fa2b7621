// Runs everywhere (shared, pure). StudioApi methods of the montage: renders as background jobs
// (progress and ETA arrive as `job.progress`), trims, extra videos, montage settings.
import { StudioError } from '../errors';
import { v, type Validator } from '../validate';
import { method } from './method';
import type { CapsuleDetail } from '../domain/capsule';
import type { SlideContent } from '../logic/cameraPlacement';
import type { JobInfo } from '../domain/jobs';
import type { CapsuleCaptions, GrainRecordStatus, MontageSettings, RecordStepStatus, RenderInfo, TrimSuggestion, UnrecordedGrainChoice } from '../domain/montage';

export const renderOptions = v.object({
  height: v.optional(v.oneOf(1080, 720)),
  /** Main-side path of the MP4 to write (the CLI only; side files go beside it). Default: the capsule's renders folder. */
  outFile: v.optional(v.string({ min: 1, max: 4096 })),
  /** A save-video grant (native save dialog): the MP4 is copied there; poster and WebVTT stay in the library. */
  saveGrant: v.optional(v.id()),
});

const choiceShape = v.object({ mode: v.oneOf('leave_out', 'silent'), slideMs: v.optional(v.number({ integer: true, min: 500, max: 120_000 })) });

/** `{ mode: 'leave_out' }` or `{ mode: 'silent', slideMs }` (500 ms to 2 min a slide). */
export const unrecordedGrainChoice: Validator<UnrecordedGrainChoice> = (value, path) => {
  const choice = choiceShape(value, path);
  if (choice.mode === 'leave_out') return { mode: 'leave_out' };
  if (choice.slideMs === undefined) throw new StudioError('BAD_ARGS', `${path ? `${path}.` : ''}slideMs must be given for silent slides`);
  return { mode: 'silent', slideMs: choice.slideMs };
};

export const montageMethods = {
  /**
   * Queues a render of the whole capsule; segments already rendered are reused. Returns the job.
   * Refused with GRAINS_UNRECORDED (details.grains) while grains have no take and no choice.
   */
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
  /** Where the Record step stands: done when every grain included in the video has a take. */
  getRecordStatus: method<RecordStepStatus>()(v.id()),
  /** The grains without a take (decided or not), to list before rendering. */
  listUnrecordedGrains: method<GrainRecordStatus[]>()(v.id()),
  /** What to do with a grain while it has no take: leave it out, or silent slides of `slideMs` each; null clears it. */
  setUnrecordedGrainChoice: method<GrainRecordStatus>()(v.id(), v.nullable(unrecordedGrainChoice)),
  /**
   * What a grain's slide pictures hold (ink grid, plain side bars), null without pictures: pass it to
   * computeLayoutGeometry so that the preview and the live canvas place the camera as the encoder does.
   */
  getGrainSlideContent: method<SlideContent | null>()(v.id()),
  /** The same for every grain of a capsule, by grain id. */
  getCapsuleSlideContents: method<Record<string, SlideContent | null>>()(v.id()),
  /**
   * The capsule's captions to review before publishing: the script (source 'script') timed from the
   * recording, on by default for grains where the prompter was followed. May take a moment (speech analysis).
   */
  getCaptions: method<CapsuleCaptions>()(v.id()),
  /**
   * Captions on or off, per grain on or off, edited cues (capsule time), or `resetCues: true` to go
   * back to the automatic cues. The render writes exactly what getCaptions returns. CAPTIONS_INVALID for bad cues.
   */
  updateCaptions: method<CapsuleCaptions>()(
    v.id(),
    v.object({
      enabled: v.optional(v.boolean()),
      grains: v.optional(v.record(v.boolean())),
      cues: v.optional(v.array(v.object({ startMs: v.number({ min: 0, max: 24 * 3600 * 1000 }), endMs: v.number({ min: 0, max: 24 * 3600 * 1000 }), text: v.string({ max: 1000 }) }), { max: 20_000 })),
      /** Drops the edited cues: back to the automatic ones. */
      resetCues: v.optional(v.boolean()),
    }),
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
