// Runs in Node (main side), pure. The montage plan: everything the encoder needs about a capsule,
// built from the capsule, the probed facts of its media and the montage settings. Rendering
// reads only the plan, so the plan is what the segment cache hashes.
import type { CapsuleDetail } from '../../shared/domain/capsule';
import type { TakeEvent } from '../../shared/domain/take';
import type { InkEvent } from '../../shared/logic/strokes/inkEvents';
import { mergeLayout, type LayoutSettings } from '../../shared/domain/layout';
import type { MontageSettings, OutputHeight, UnrecordedGrainChoice } from '../../shared/domain/montage';
import { StudioError } from '../../shared/errors';
import { computeLayoutGeometry, type LayoutGeometry, type Size } from '../../shared/logic/layoutGeometry';
import type { SlideContent } from '../../shared/logic/cameraPlacement';
import { grainInVideo, grainNeedsTake, isScreenGrain } from '../../shared/logic/grainKind';
import { chapterTitle, computeCapsuleTimeline, computeGrainTimeline, type CapsuleTimeline, type GrainTimeline, type Trim } from '../../shared/logic/montageTimeline';

export interface OutputFormat {
  width: number;
  height: number;
  fps: 25;
}

export function outputFormat(height: OutputHeight): OutputFormat {
  return height === 720 ? { width: 1280, height: 720, fps: 25 } : { width: 1920, height: 1080, fps: 25 };
}

/** What probing a take file told us. */
export interface TakeFacts {
  takeId: string;
  path: string;
  durationMs: number;
  /** Picture size, or null for an audio-only take. */
  video: Size | null;
  hasAudio: boolean;
  events: TakeEvent[];
  /** The pen's strokes drawn during the take, when they are shown (issue 15; src/main/pen/). */
  ink?: InkEvent[] | null;
  /** The picture to show instead of the file's own: the camera with its virtual background (issue #15). */
  videoPath?: string | null;
  /**
   * A take still being recorded (livePrerender.ts): its picture is read from the growing file at
   * absolute times, shifted by this many ms, so that it is timed exactly as the finished file will be
   * (FFmpeg's remux moves the streams by the file's start time). Absent for a finished take.
   */
  recordingSeekBaseMs?: number;
  /** The screen recorded with the take (screen grains), probed: missing or null for a camera-only take. */
  screen?: ScreenFacts | null;
}

/** A screen grain's recorded screen: any size (letterboxed, never stretched), any frame rate. */
export interface ScreenFacts {
  path: string;
  size: Size;
  durationMs: number;
}

export interface PlannedSlide {
  slideId: string;
  imagePath: string;
  extraVideoPath: string | null;
  /** Picture size of the image (or of the extra video when there is one). */
  size: Size;
  extraHasAudio: boolean;
  title: string;
}

export interface MusicPlan {
  path: string;
  /** 0..1 linear gain of the music under the voice. */
  volume: number;
  durationMs: number;
  duck: boolean;
}

export interface GrainPlan {
  grainId: string;
  /** 0-based position among the capsule's grains with slides; messages say `grain ${index + 1}`. */
  index: number;
  label: string;
  /**
   * The grain needs a take, has none, and the teacher has not said what to do with it: it is
   * planned as silent slides of the default length (background pre-rendering of its neighbours
   * goes on), but a render refuses it (GRAINS_UNRECORDED).
   */
  undecided: boolean;
  slides: PlannedSlide[];
  take: TakeFacts | null;
  timeline: GrainTimeline;
  layout: LayoutSettings;
  /**
   * A screen grain: what it shows where slides would be (its one planned "slide" stands for the
   * recording), or null for a screen grain shown as a silent plain background. Missing for slide grains.
   */
  screen?: ScreenFacts | null;
  /** Camera placement (null camera: slides alone). */
  geometry: LayoutGeometry;
  /** Where this grain starts in the capsule: background music continues across grains. */
  startMs: number;
  isFirst: boolean;
  isLast: boolean;
  fadeInMs: number;
  fadeOutMs: number;
  denoise: boolean;
  music: MusicPlan | null;
  /** The capsule's total length, for the music's final fade. */
  capsuleDurationMs: number;
}

export interface MontagePlan {
  capsuleId: string;
  title: string;
  output: OutputFormat;
  grains: GrainPlan[];
  timeline: CapsuleTimeline;
}

export interface PlanFacts {
  /** Probed active take of each grain that has one. */
  takes: ReadonlyMap<string, TakeFacts>;
  /** Probed extra videos by path. */
  extras: ReadonlyMap<string, { durationMs: number; size: Size; hasAudio: boolean }>;
  /** Trims by grain id. */
  trims: ReadonlyMap<string, Trim>;
  musicDurationMs: number | null;
  /** The teacher's choices for grains without a take, by grain id. */
  choices?: ReadonlyMap<string, UnrecordedGrainChoice>;
  /** What each grain's slide pictures hold, by grain id, for the automatic camera placement. */
  contents?: ReadonlyMap<string, SlideContent | null>;
}

export function grainLabel(index: number): string {
  return `grain ${index + 1}`;
}

export function buildMontagePlan(capsule: CapsuleDetail, facts: PlanFacts, settings: MontageSettings, height: OutputHeight): MontagePlan {
  const output = outputFormat(height);
  const frame: Size = { width: output.width, height: output.height };
  const withSlides = capsule.grains.filter((grain) => grainInVideo(grain));
  if (withSlides.length === 0) throw new StudioError('CAPSULE_EMPTY', 'This capsule has no slides to render.');
  const choices = facts.choices ?? new Map<string, UnrecordedGrainChoice>();
  // A grain without a take that the teacher left out is not in this video; labels keep the grain's own number.
  const grains = withSlides.map((grain, index) => ({ grain, index })).filter(({ grain }) => facts.takes.has(grain.id) || choices.get(grain.id)?.mode !== 'leave_out');
  if (grains.length === 0) throw new StudioError('CAPSULE_EMPTY', 'Every grain is left out of this video: there is nothing to render.');

  let ordinal = 0;
  const partial = grains.map(({ grain, index }) => {
    const label = grainLabel(index);
    const take = facts.takes.get(grain.id) ?? null;
    const choice = take ? undefined : choices.get(grain.id);
    const needsTake = grainNeedsTake(grain);
    const undecided = !take && needsTake && !choice;
    const screenGrain = isScreenGrain(grain);
    if (screenGrain && take && !take.screen) {
      throw new StudioError('SCREEN_TAKE_MISSING', `The take of ${label} records no screen: record the grain again.`, { grainId: grain.id, takeId: take.takeId });
    }
    const screen = screenGrain ? (take?.screen ?? null) : undefined;
    // A screen grain has no slides: one planned "slide" stands for the recording (its chapter, its span).
    const grainSlides = screenGrain ? [{ id: grain.id, prompt: '', pageLabel: null, pageNumber: null, imagePath: '', extraVideoPath: null, width: screen?.size.width ?? frame.width, height: screen?.size.height ?? frame.height }] : grain.slides;
    const slides: PlannedSlide[] = grainSlides.map((slide) => {
      ordinal += 1;
      const extra = slide.extraVideoPath ? facts.extras.get(slide.extraVideoPath) : undefined;
      if (slide.extraVideoPath && !extra) throw new StudioError('EXTRA_VIDEO_MISSING', `The extra video of a slide in ${label} was not found.`, { grainId: grain.id, slideId: slide.id });
      return {
        slideId: slide.id,
        imagePath: slide.imagePath,
        extraVideoPath: slide.extraVideoPath,
        size: extra ? extra.size : { width: slide.width, height: slide.height },
        extraHasAudio: extra?.hasAudio ?? false,
        title: screenGrain ? grain.title.trim() || `Screen ${ordinal}` : chapterTitle(slide, ordinal),
      };
    });
    const timeline = computeGrainTimeline({
      slides: grainSlides.map((slide) => ({ prompt: slide.prompt, extraDurationMs: slide.extraVideoPath ? (facts.extras.get(slide.extraVideoPath)?.durationMs ?? null) : null })),
      take: take ? { durationMs: take.durationMs, events: take.events } : null,
      trim: facts.trims.get(grain.id),
      defaultSlideMs: choice?.mode === 'silent' ? choice.slideMs : settings.defaultSlideMs,
    });
    const layout = mergeLayout(capsule.layout, grain.layout);
    const geometry = computeLayoutGeometry(layout, frame, take?.video ?? null, slides[0]?.size ?? frame, facts.contents?.get(grain.id) ?? null);
    return { grain, index, label, undecided, take, slides, timeline, layout, geometry, screen };
  });

  const timeline = computeCapsuleTimeline(partial.map((p) => ({ timeline: p.timeline, slideTitles: p.slides.map((s) => s.title) })));
  const fade = Math.max(0, settings.fadeBetweenGrainsMs);
  const music: MusicPlan | null =
    settings.music && facts.musicDurationMs && facts.musicDurationMs > 0
      ? { path: settings.music.path, volume: settings.music.volume, durationMs: facts.musicDurationMs, duck: settings.music.duck }
      : null;

  return {
    capsuleId: capsule.id,
    title: capsule.title,
    output,
    timeline,
    grains: partial.map((p, index) => ({
      grainId: p.grain.id,
      index: p.index,
      label: p.label,
      undecided: p.undecided,
      slides: p.slides,
      take: p.take,
      timeline: p.timeline,
      layout: p.layout,
      geometry: p.geometry,
      ...(p.screen !== undefined ? { screen: p.screen } : {}),
      startMs: timeline.grainStartsMs[index] ?? 0,
      isFirst: index === 0,
      isLast: index === partial.length - 1,
      // Fades only between grains: the capsule itself starts and ends on a clean frame.
      fadeInMs: index > 0 ? Math.min(fade, p.timeline.durationMs / 2) : 0,
      fadeOutMs: index < partial.length - 1 ? Math.min(fade, p.timeline.durationMs / 2) : 0,
      denoise: settings.denoise,
      music,
      capsuleDurationMs: timeline.durationMs,
    })),
  };
}
