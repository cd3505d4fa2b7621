// Runs everywhere (shared, pure). The virtual background of a take (issue #15): blur the room behind the
// teacher or replace it with a colour, from a segmentation model run on the live camera, no green screen.

export type BackgroundMode = 'none' | 'blur' | 'colour';

export interface BackgroundEffect {
  mode: BackgroundMode;
  /** Blur radius in pixels of a 720p picture (scaled with the picture). */
  blurPx: number;
  /** `#rrggbb`, the replacement colour. */
  colour: string;
}

export const NO_BACKGROUND_EFFECT: BackgroundEffect = { mode: 'none', blurPx: 12, colour: '#1f3a5f' };
