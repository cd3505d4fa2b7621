// Runs everywhere (shared, pure). StudioApi methods that let the user designate files without the
// renderer ever naming a path: native dialogs and uploads yield grants (opaque ids bound to one path
// and one purpose) that the renderer passes back to the methods that take files.
import { v } from '../validate';
import { method } from './method';

export const READ_PURPOSES = ['read-pdf', 'read-video', 'read-audio', 'read-captions', 'read-bundle'] as const;
export const SAVE_PURPOSES = ['save-video', 'save-bundle'] as const;
export type FilePurpose = (typeof READ_PURPOSES)[number] | (typeof SAVE_PURPOSES)[number];

/** What a dialog or an upload gives the renderer: the grant to pass back, and a name to show. */
export interface FileChoice {
  grant: string;
  name: string;
}

/** One upload part: well under the loopback bridge's 16 MiB frame. */
export const UPLOAD_PART_BYTES = 4 * 1024 * 1024;

/** Largest upload per purpose: a PDF as the importer accepts it, a take or extra video, music, captions. */
export const MAX_UPLOAD_BYTES: Record<(typeof READ_PURPOSES)[number], number> = {
  'read-pdf': 512 * 1024 * 1024,
  'read-video': 8 * 1024 * 1024 * 1024,
  'read-audio': 1024 * 1024 * 1024,
  'read-captions': 16 * 1024 * 1024,
  /** A capsule bundle or a Polymny export: slides and every take. */
  'read-bundle': 8 * 1024 * 1024 * 1024,
};

/** A grant argument (`g` + 32 hex digits); the format is checked again where grants are kept. */
export const grantId = v.id();

export const filesMethods = {
  /** A native open dialog (desktop app). Null when cancelled. */
  chooseFile: method<FileChoice | null>()(v.oneOf(...READ_PURPOSES)),
  /** A native save dialog (desktop app); it asks before replacing a file. Null when cancelled. */
  chooseSaveFile: method<FileChoice | null>()(v.oneOf(...SAVE_PURPOSES), v.optional(v.string({ max: 255 }))),
  /** Starts sending a file the user picked or dropped in the page (both bindings). */
  beginUpload: method<{ uploadId: string }>()(
    v.object({ purpose: v.oneOf(...READ_PURPOSES), name: v.string({ min: 1, max: 255 }), size: v.number({ integer: true, min: 1, max: MAX_UPLOAD_BYTES['read-video'] }) }),
  ),
  /** Part `seq` (0, 1, 2, …) of an upload, in order. */
  appendUpload: method<void>()(v.id(), v.number({ integer: true, min: 0 }), v.bytes({ max: UPLOAD_PART_BYTES })),
  /** Ends an upload: every byte arrived; returns its grant. */
  finishUpload: method<FileChoice>()(v.id()),
  abortUpload: method<void>()(v.id()),
  /**
   * Chooses the FFmpeg program in a native dialog (desktop app), checks it by running `-version`, and
   * only then stores it. Null when cancelled. The renderer can never name a program to run.
   */
  chooseFfmpeg: method<{ path: string; version: string } | null>()(),
};
