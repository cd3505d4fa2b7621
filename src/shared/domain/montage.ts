// Runs everywhere (shared, pure). Montage settings and render results as the renderer and the CLI see them.

export type OutputHeight = 1080 | 720;

export interface MontageSettings {
  /** Noise reduction of the voice (FFmpeg afftdn); on by default for laptop microphones. */
  denoise: boolean;
  /** Seconds a slide stays on screen in a grain without a take, in ms. */
  defaultSlideMs: number;
  /** Short fades between grains (0 = cuts). */
  fadeBetweenGrainsMs: number;
  /** Background music looped under the whole capsule, ducked under the voice. */
  music: { path: string; volume: number; duck: boolean } | null;
}

export const DEFAULT_MONTAGE_SETTINGS: MontageSettings = {
  denoise: true,
  defaultSlideMs: 3000,
  fadeBetweenGrainsMs: 0,
  music: null,
};

/** Loudness targets (EBU R128): integrated loudness and true-peak ceiling of every export. */
export const LOUDNESS_TARGET = { integratedLufs: -16, truePeakDbtp: -1.5, lra: 11 } as const;

export interface RenderOptions {
  height?: OutputHeight;
  /** Where to write the MP4; by default a new file in the capsule's renders folder. */
  outFile?: string;
}

export interface RenderOutput {
  capsuleId: string;
  file: string;
  durationMs: number;
  height: OutputHeight;
  bytes: number;
  chaptersVtt: string;
  captionsVtt: string;
  poster: string;
  thumbnailStrip: string;
  /** Grains whose segments came from the cache. */
  cachedGrains: number;
  renderedGrains: number;
  encoder: string;
}

export interface RenderInfo extends RenderOutput {
  id: string;
  createdAt: string;
}

/**
 * What to do with a grain that has no take, chosen by the teacher before rendering: leave it out
 * of this video, or show its slides without sound, each for `slideMs`.
 */
export type UnrecordedGrainChoice = { mode: 'leave_out' } | { mode: 'silent'; slideMs: number };

/** Where a grain stands in the Record step. */
export interface GrainRecordStatus {
  grainId: string;
  /** 0-based position in the capsule; messages say `grain ${position + 1}`. */
  position: number;
  title: string;
  slideCount: number;
  /** The grain has an active finished take. */
  hasTake: boolean;
  /** False when every slide is replaced by an extra video: the grain has its own sound and picture. */
  needsTake: boolean;
  /** The teacher's choice for the grain while it has no take (ignored once it has one). */
  choice: UnrecordedGrainChoice | null;
}

export interface RecordStepStatus {
  /**
   * The Record step is done: every grain included in the video has a take. Grains the teacher
   * left out, or chose to show as silent slides, need none.
   */
  done: boolean;
  grains: GrainRecordStatus[];
  /** Grains that need a take, have none and have no choice: rendering is refused until decided. */
  undecided: GrainRecordStatus[];
}

export interface TrimSuggestion {
  grainId: string;
  startMs: number;
  endMs: number;
  takeDurationMs: number;
}
