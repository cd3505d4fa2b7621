// Runs everywhere (shared, pure). A capsule bundle (`.capsule`): one ZIP file carrying a capsule to
// another machine, described by a versioned manifest; and the report an import gives back.
import type { StudioErrorInfo } from '../errors';
import type { LayoutSettings } from './layout';
import type { CaptionCueInfo, MontageSettings, UnrecordedGrainChoice } from './montage';
import type { TakeEvent } from './take';

/** The `format` field of every manifest: a ZIP without it is not a capsule bundle. */
export const BUNDLE_FORMAT = 'capsule-studio.bundle';
/** The manifest version this studio writes and the newest it reads. Raise it when a reader must change. */
export const BUNDLE_FORMAT_VERSION = 1;
/** The manifest's name at the root of the ZIP. */
export const BUNDLE_MANIFEST = 'manifest.json';
/** Version of the per-take extra files list (pen strokes and whatever a take's folder holds). */
export const TAKE_EXTRAS_VERSION = 1;

export type BundleTakeChoice = 'chosen' | 'all';

/**
 * Files a take carries beside its media (pen strokes, for example): every file of the take's folder
 * `takes/<take id>/` in the library. Versioned on its own, so new kinds of files need no new manifest.
 */
export interface BundleTakeExtras {
  version: number;
  /** Paths inside the ZIP, under the take's own folder; `name` is the file's name in the take's folder. */
  files: { path: string; name: string }[];
}

export interface BundleTake {
  /** The take's key inside the bundle (its folder is `takes/<key>/`). */
  key: string;
  attempt: number;
  mime: string;
  /** The take's media file inside the ZIP. */
  file: string;
  events: TakeEvent[];
  recordedMs: number | null;
  createdAt: string;
  extras?: BundleTakeExtras;
}

export interface BundleSlide {
  image: string;
  thumb: string;
  width: number;
  height: number;
  pageNumber: number | null;
  pageLabel: string | null;
  prompt: string;
  extraVideo: string | null;
}

export interface BundleGrain {
  title: string;
  layout: Partial<LayoutSettings> | null;
  slides: BundleSlide[];
  takes: BundleTake[];
  /** Key of the grain's chosen take, or null. */
  activeTake: string | null;
  trim: { startMs: number; endMs: number } | null;
  unrecorded: UnrecordedGrainChoice | null;
  /** The teacher's captions on/off for this grain, when set. */
  captions: boolean | null;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: number;
  createdAt: string;
  createdBy: string;
  takes: BundleTakeChoice;
  capsule: {
    title: string;
    kind: 'capsule' | 'imported_recording' | 'live_recording';
    sourceName: string | null;
    layout: Partial<LayoutSettings>;
    metadata: Record<string, unknown>;
  };
  montage: {
    settings: Omit<MontageSettings, 'music'> & { music: { file: string; volume: number; duck: boolean } | null };
    captions: {
      enabled: boolean;
      cues: (Omit<CaptionCueInfo, 'grainId'> & { grain: number | null })[] | null;
      basis: string | null;
      /** The edited cues matched the automatic ones when exported (not stale): the import re-bases them on its new grains. */
      fresh?: boolean;
    };
  };
  grains: BundleGrain[];
}

/** What an import (bundle or Polymny export) made, and what it could not carry over. */
export interface ImportReport {
  capsuleId: string;
  title: string;
  source: 'bundle' | 'polymny';
  grains: number;
  slides: number;
  takes: number;
  /** Files carried beside takes (pen strokes…). */
  takeExtras: number;
  /** What was left out or changed, each with a stable code (translated like errors). */
  notes: StudioErrorInfo[];
}

export interface BundleExportResult {
  /** Where the bundle was written (main side), reduced to its name when it crosses a binding. */
  file: string;
  bytes: number;
  grains: number;
  takes: number;
}
