// Runs everywhere (shared, pure). StudioApi methods of capsule bundles: export a capsule to one
// `.capsule` file, import a bundle or a Polymny ZIP export as a new capsule. Both run as jobs
// (progress and ETA as `job.progress` events for the caller's `jobId`).
import { v } from '../validate';
import { method } from './method';
import type { BundleExportResult, ImportReport } from '../domain/bundle';

export const bundleMethods = {
  /**
   * Writes a capsule bundle. Where: a save-bundle grant (native save dialog), a main-side path (the
   * CLI), or neither (the browser build): the bundle is then kept in the library and `media` is the
   * reference to download it from.
   */
  exportCapsuleBundle: method<BundleExportResult & { media: string | null }>()(
    v.id(),
    v.optional(
      v.object({
        takes: v.optional(v.oneOf('chosen', 'all')),
        saveGrant: v.optional(v.id()),
        path: v.optional(v.string({ min: 1, max: 4096 })),
        /** Replace an existing file at `path` (the CLI's choice; a save grant carries the dialog's). */
        overwrite: v.optional(v.boolean()),
        jobId: v.optional(v.id()),
      }),
    ),
  ),
  /** Imports a `.capsule` bundle or a Polymny export (`.zip`, detected by its structure.json) as a new capsule. */
  importCapsuleFile: method<ImportReport>()(
    v.object({
      /** A read-bundle grant (dialog, upload or drop), or a main-side path (the CLI). */
      source: v.object({ grant: v.optional(v.id()), path: v.optional(v.string({ min: 1, max: 4096 })) }),
      jobId: v.optional(v.id()),
    }),
  ),
};
