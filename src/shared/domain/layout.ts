// Runs everywhere (shared, pure). Layout settings shared by the live preview, the montage and the live program.

export type LayoutMode = 'slides_only' | 'pip' | 'side_by_side' | 'camera_only' | 'green_screen' | 'audio_only';
export type Corner = 'top_left' | 'top_right' | 'bottom_left' | 'bottom_right';
export type PipSize = 'small' | 'medium' | 'large' | 'custom';
export type PipMask = 'none' | 'rounded' | 'circle';
export type CameraSide = 'left' | 'right';
/** 'auto': the camera goes where the slides leave room (side bars, else the emptiest corner); 'manual': always `corner`. */
export type PipPlacement = 'auto' | 'manual';

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
    /** Optional so layouts saved before it existed stay valid; missing means 'auto'. */
    placement?: PipPlacement;
  };
  greenScreen: {
    keyColor: string;
    similarity: number;
    blend: number;
    despill: boolean;
  };
  /** Side by side: which half the camera takes. Optional so layouts saved before it existed stay valid. */
  sideBySide?: {
    cameraSide: CameraSide;
  };
  /** Letterbox colour behind slides that are not 16:9. */
  background: string;
}

/** Camera width as a fraction of the output width for each named PiP size. */
export const PIP_SIZE_FRACTION: Record<Exclude<PipSize, 'custom'>, number> = {
  small: 0.15,
  medium: 0.25,
  large: 0.4,
};

export const DEFAULT_LAYOUT: LayoutSettings = {
  mode: 'pip',
  pip: { corner: 'bottom_right', offset: 0.02, size: 'medium', customWidth: 0.25, opacity: 1, mask: 'none', placement: 'auto' },
  greenScreen: { keyColor: '#00b140', similarity: 0.15, blend: 0.08, despill: true },
  sideBySide: { cameraSide: 'right' },
  background: '#ffffff',
};

export function mergeLayout(base: LayoutSettings, override: Partial<LayoutSettings> | null | undefined): LayoutSettings {
  if (!override) return base;
  return {
    ...base,
    ...override,
    pip: { ...base.pip, ...(override.pip ?? {}) },
    greenScreen: { ...base.greenScreen, ...(override.greenScreen ?? {}) },
    sideBySide: { cameraSide: 'right', ...(base.sideBySide ?? {}), ...(override.sideBySide ?? {}) },
  };
}
