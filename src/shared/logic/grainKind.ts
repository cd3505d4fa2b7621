// Runs everywhere (shared, pure). Slide grains and screen grains (issue #15): which grains are in the
// video and need a take, so the editor, the Record step and the montage decide it the same way.
import type { Grain } from '../domain/capsule';

/** A grain recording a screen or a window instead of showing slides. */
export function isScreenGrain(grain: Pick<Grain, 'kind'>): boolean {
  return grain.kind === 'screen';
}

/** A grain is in the video when it has slides or records a screen; an empty slide grain is not. */
export function grainInVideo(grain: Pick<Grain, 'kind' | 'slides'>): boolean {
  return isScreenGrain(grain) || grain.slides.length > 0;
}

/** A screen grain always needs a take; a slide grain unless each slide is replaced by an extra video. */
export function grainNeedsTake(grain: Pick<Grain, 'kind' | 'slides'>): boolean {
  return isScreenGrain(grain) || grain.slides.some((slide) => !slide.extraVideoPath);
}
