// Runs everywhere (shared, pure). StudioApi methods of the capsule library and the editor.
import { v } from '../validate';
import { method } from './method';
import type { JobInfo } from '../domain/jobs';
import type { CapsuleDetail, CapsuleSummary } from '../domain/capsule';
import type { LayoutSettings } from '../domain/layout';

/** Small PDFs may travel inline; larger ones are uploaded (files.beginUpload) and passed as a grant. */
const MAX_INLINE_PDF_BYTES = 12 * 1024 * 1024;

export const pdfSource = v.object({
  /** A main-side path (the CLI). Refused from a renderer: it passes a grant instead. */
  path: v.optional(v.string({ min: 1, max: 4096 })),
  /** A read-pdf grant: a native dialog or an upload (see src/shared/api/files.ts). */
  grant: v.optional(v.id()),
  /** The file's bytes, for a small PDF. */
  bytes: v.optional(v.bytes({ max: MAX_INLINE_PDF_BYTES })),
  name: v.optional(v.string({ max: 512 })),
});

export const layoutPatch = v.json() as (value: unknown, path: string) => Partial<LayoutSettings>;

export const libraryMethods = {
  listCapsules: method<CapsuleSummary[]>()(),
  getCapsule: method<CapsuleDetail>()(v.id()),
  /**
   * Imports a PDF as a new capsule. Progress arrives as `job.progress` events for `jobId`
   * (chosen by the caller so it can cancel before the promise settles).
   */
  createCapsuleFromPdf: method<CapsuleDetail>()(
    v.object({
      source: pdfSource,
      title: v.optional(v.string({ max: 300 })),
      password: v.optional(v.string({ max: 1000 })),
      jobId: v.optional(v.id()),
    }),
  ),
  renameCapsule: method<CapsuleSummary>()(v.id(), v.string({ min: 1, max: 300 })),
  duplicateCapsule: method<CapsuleSummary>()(v.id()),
  deleteCapsule: method<void>()(v.id()),
  updateSlidePrompt: method<void>()(v.id(), v.string({ max: 100_000 })),
  /** Moves a slide to a position in a grain (the same or another): drag and drop in the editor. */
  moveSlide: method<CapsuleDetail>()(v.id(), v.id(), v.number({ integer: true, min: 0 })),
  /** Starts a new grain at this slide: it and the slides after it in its grain move to the new grain. */
  splitGrainAt: method<CapsuleDetail>()(v.id()),
  /** Joins a grain to the one before it. */
  mergeGrainWithPrevious: method<CapsuleDetail>()(v.id()),
  moveGrain: method<CapsuleDetail>()(v.id(), v.number({ integer: true, min: 0 })),
  /** Adds a screen grain (a recorded screen or window instead of slides) at a position, by default the end. */
  addScreenGrain: method<CapsuleDetail>()(v.id(), v.optional(v.number({ integer: true, min: 0 }))),
  renameGrain: method<void>()(v.id(), v.string({ max: 300 })),
  setCapsuleLayout: method<CapsuleDetail>()(v.id(), layoutPatch),
  setGrainLayout: method<CapsuleDetail>()(v.id(), v.nullable(layoutPatch)),
};

export interface LibraryEvents {
  /** Something in the library changed; capsuleId null means the list itself. */
  'library.changed': { capsuleId: string | null };
  /**
   * Jobs a previous run of the studio left unfinished (it crashed or was killed) were put back in the
   * queue at start: the renderer shows a notice naming them (each also arrives as `job.progress`).
   */
  'jobs.resumed': { jobs: JobInfo[] };
}
