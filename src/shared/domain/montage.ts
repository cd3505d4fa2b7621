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
  /**
   * What the captions file holds: cues from the script (the prompter's text), timed from the
   * recording; `enabled` false and no cues when the teacher turned captions off. Optional so
   * results saved before it existed stay readable.
   */
  captions?: { source: 'script'; enabled: boolean; cueCount: number; edited: boolean };
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

/** One caption cue, in capsule time. */
export interface CaptionCueInfo {
  startMs: number;
  endMs: number;
  /** One or two lines, separated by `\n`. */
  text: string;
  /** The grain it was timed in; null for a cue the teacher added. */
  grainId: string | null;
}

export interface GrainCaptionInfo {
  grainId: string;
  /** The grain's captions are in the video (default: on when the prompter was followed). */
  enabled: boolean;
  /** The teacher moved through the prompter's sentences while recording (or there was one sentence a slide). */
  followedPrompter: boolean;
  /** The grain has a take with sound (a silent slide or an unrecorded grain never has captions). */
  hasSpeech: boolean;
}

/** A capsule's captions, to review and edit before publishing. */
export interface CapsuleCaptions {
  capsuleId: string;
  /** The text is the script (the prompter's), not a transcript: label it "from the script". */
  source: 'script';
  /** Captions go with the video at all (default: on). */
  enabled: boolean;
  /** The teacher edited the cues: the render uses them as they are. */
  edited: boolean;
  /** Edited, but the recording or the script changed since: the automatic cues differ now. */
  stale: boolean;
  /** What the render writes (capsule time): the edited cues, or the automatic ones of enabled grains. */
  cues: CaptionCueInfo[];
  grains: GrainCaptionInfo[];
  durationMs: number;
}

export interface TrimSuggestion {
  grainId: string;
  startMs: number;
  endMs: number;
  takeDurationMs: number;
}
