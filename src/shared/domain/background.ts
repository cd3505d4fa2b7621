// Runs everywhere (shared, pure). The virtual background of a take (issue #15): blur the room behind the
// teacher or replace it with a colour or an image, from a segmentation model run on the live camera, no green screen.

export type BackgroundMode = 'none' | 'blur' | 'colour' | 'image';

/** The backdrops the studio draws itself (gradients), for a teacher without an image of their own. */
export const BUILT_IN_BACKDROPS = ['dawn', 'slate'] as const;
export type BuiltInBackdrop = (typeof BUILT_IN_BACKDROPS)[number];

export interface BackgroundEffect {
  mode: BackgroundMode;
  /** Blur radius in pixels of a 720p picture (scaled with the picture). */
  blurPx: number;
  /** `#rrggbb`, the replacement colour. */
  colour: string;
  /**
   * With mode 'image', which picture stands behind the person: `builtin:<id>` (one of BUILT_IN_BACKDROPS)
   * or `file:<name>`, the name of the file the teacher picked. Only this label is stored with a take: the
   * pixels stay in the renderer, and the processed camera file already shows the result.
   */
  image?: string;
}

export const NO_BACKGROUND_EFFECT: BackgroundEffect = { mode: 'none', blurPx: 12, colour: '#1f3a5f' };

export const DEFAULT_BACKDROP_LABEL = `builtin:${BUILT_IN_BACKDROPS[0]}`;

/** The most a backdrop label may hold (a file name is cut to fit). */
export const MAX_BACKDROP_LABEL = 200;

/** The label stored for a picked file: its name only, never a path, cut to fit. */
export function fileBackdropLabel(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? '';
  return `file:${name}`.slice(0, MAX_BACKDROP_LABEL);
}

/** The built-in backdrop a label names, or null when it names a file (or nothing known). */
export function builtInBackdropOf(label: string | undefined): BuiltInBackdrop | null {
  const id = label?.startsWith('builtin:') ? label.slice('builtin:'.length) : null;
  return (BUILT_IN_BACKDROPS as readonly string[]).includes(id ?? '') ? (id as BuiltInBackdrop) : null;
}
