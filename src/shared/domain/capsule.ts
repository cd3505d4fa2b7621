// Runs everywhere (shared, pure). The capsule model as the renderer and the CLI see it.
import type { StudioErrorInfo } from '../errors';
import type { LayoutSettings } from './layout';

export type CapsuleKind = 'capsule' | 'imported_recording' | 'live_recording';

export interface CapsuleSummary {
  id: string;
  title: string;
  kind: CapsuleKind;
  slideCount: number;
  grainCount: number;
  createdAt: string;
  updatedAt: string;
  /** Opaque media reference of the first slide's thumbnail, if any. */
  thumbnail: MediaRef | null;
}

export interface Slide {
  id: string;
  grainId: string;
  /** 0-based order inside its grain. */
  position: number;
  /** 1-based page of the source PDF, or null for slides not made from a PDF. */
  pageNumber: number | null;
  pageLabel: string | null;
  /** Prompter text: one sentence a line. */
  prompt: string;
  image: MediaRef;
  thumbnail: MediaRef;
  width: number;
  height: number;
  /** Absolute path on the main side; only the CLI and services use it. */
  imagePath: string;
  /** An extra video that replaces this slide in the montage (absolute path), if any. */
  extraVideoPath: string | null;
}

/**
 * What a grain shows behind the camera: its slides, or a recording of a screen or a window made
 * with the take (issue #15). A screen grain has no slides; its take carries the screen track.
 */
export type GrainKind = 'slides' | 'screen';

export interface Grain {
  id: string;
  /** Optional so grains built before screen grains existed stay valid; missing means 'slides'. */
  kind?: GrainKind;
  position: number;
  title: string;
  activeTakeId: string | null;
  /** Per-grain layout override; null means the capsule's layout. */
  layout: Partial<LayoutSettings> | null;
  slides: Slide[];
}

export interface CapsuleDetail extends Omit<CapsuleSummary, 'slideCount' | 'grainCount'> {
  layout: LayoutSettings;
  grains: Grain[];
  /** The folder holding this capsule's files. */
  directory: string;
  /**
   * Only on the result of an import: what the teacher should check, as translatable codes ('errors.CODE'):
   * PDF_XFA_FORM (an XFA form, content may be missing), PDF_TABLES_LEFT_OUT (details.pages).
   */
  importWarnings?: StudioErrorInfo[];
}

/**
 * Media are addressed by opaque references: `slide/<id>`, `thumb/<id>`, `take/<id>`, `render/<id>`.
 * The Electron shell serves them from `media://`, the loopback bridge from `/media/` with its token.
 */
export type MediaRef = string;
