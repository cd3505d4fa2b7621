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

export interface TrimSuggestion {
  grainId: string;
  startMs: number;
  endMs: number;
  takeDurationMs: number;
}
