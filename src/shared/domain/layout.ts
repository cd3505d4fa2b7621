// Runs everywhere (shared, pure). Layout settings shared by the live preview, the montage and the live program.

export type LayoutMode = 'slides_only' | 'pip' | 'side_by_side' | 'camera_only' | 'green_screen' | 'audio_only';
export type Corner = 'top_left' | 'top_right' | 'bottom_left' | 'bottom_right';
export type PipSize = 'small' | 'medium' | 'large' | 'custom';
export type PipMask = 'none' | 'rounded' | 'circle';

export interface LayoutSettings {
  mode: LayoutMode;
  pip: {
    corner: Corner;
    /** Margin from the chosen corner, as a fraction of the output width. */
    offset: number;
    size: PipSize;
    /** Width of the camera as a fraction of the output width, used when size is custom. */
    customWidth: number;
    opacity: number;
    mask: PipMask;
  };
  greenScreen: {
    keyColor: string;
    similarity: number;
    blend: number;
    despill: boolean;
  };
  /** Letterbox colour behind slides that are not 16:9. */
  background: string;
}

export const DEFAULT_LAYOUT: LayoutSettings = {
  mode: 'pip',
  pip: { corner: 'bottom_right', offset: 0.02, size: 'medium', customWidth: 0.25, opacity: 1, mask: 'none' },
  greenScreen: { keyColor: '#00b140', similarity: 0.15, blend: 0.08, despill: true },
  background: '#ffffff',
};

export function mergeLayout(base: LayoutSettings, override: Partial<LayoutSettings> | null | undefined): LayoutSettings {
  if (!override) return base;
  return {
    ...base,
    ...override,
    pip: { ...base.pip, ...(override.pip ?? {}) },
    greenScreen: { ...base.greenScreen, ...(override.greenScreen ?? {}) },
  };
}
