// Runs everywhere (shared, pure). StudioApi methods and events of the BigBlueButton import panel.
import { v } from '../validate';
import { method } from './method';
import type { StudioErrorInfo } from '../errors';
import type { JobInfo } from '../domain/jobs';
import { BBB_RECORDING_STATES, type BbbConnectionReport, type BbbProfile, type BbbRecordingList } from '../domain/bbb';
import { BBB_CHECKSUM_ALGORITHMS } from '../logic/bbbChecksum';

export const bbbProfileInput = v.object({
  name: v.string({ min: 1, max: 200 }),
  url: v.string({ min: 1, max: 2000 }),
  secret: v.optional(v.string({ min: 1, max: 500 })),
  checksum: v.optional(v.oneOf(...BBB_CHECKSUM_ALGORITHMS)),
  meetingIds: v.optional(v.array(v.string({ min: 1, max: 256 }), { max: 500 })),
  metaFilters: v.optional(v.record(v.string({ max: 500 }))),
  states: v.optional(v.array(v.oneOf(...BBB_RECORDING_STATES), { max: 5 })),
});

export const bbbImportOptions = v.object({
  preferPresentation: v.optional(v.boolean()),
  cursor: v.optional(v.boolean()),
  chat: v.optional(v.boolean()),
  webcams: v.optional(v.boolean()),
  frameRate: v.optional(v.number({ integer: true, min: 5, max: 30 })),
});

/** BBB record ids are `<40 hex>-<13 digits>`; stay lenient about their form, strict about their characters. */
export const bbbRecordId = v.string({ min: 1, max: 200 });

export const bbbMethods = {
  bbbListProfiles: method<BbbProfile[]>()(),
  /** Creates (id null) or updates a profile; an omitted secret keeps the stored one. */
  bbbSaveProfile: method<BbbProfile>()(v.nullable(v.id()), bbbProfileInput),
  bbbDeleteProfile: method<void>()(v.id()),
  /** Imports the institution's BBB provisioning file (its JSON text): servers created, or updated by name. */
  bbbImportProvisioning: method<BbbProfile[]>()(v.object({ text: v.string({ min: 1, max: 1_000_000 }) })),
  /** Tests a saved profile, or a draft before saving it (the draft's secret never persists here). */
  bbbTestConnection: method<BbbConnectionReport>()(v.object({ profileId: v.optional(v.id()), draft: v.optional(bbbProfileInput) })),
  /**
   * The profile's recordings. With a cached list and no `refresh`, answers from the cache at once and
   * refreshes in the background (`bbb.recordingsUpdated`); otherwise asks the server and waits.
   */
  bbbListRecordings: method<BbbRecordingList>()(v.id(), v.optional(v.object({ refresh: v.optional(v.boolean()) }))),
  /**
   * A recording's preview thumbnail, fetched by the main side (the renderer's content policy allows no
   * remote images). Only URLs on the profile's own server are fetched.
   */
  bbbPreviewImage: method<{ mime: string; bytes: Uint8Array }>()(v.id(), v.string({ min: 1, max: 4000 })),
  /** Queues a `bbb_import` job; its progress arrives as `job.progress`, its result is a BbbImportResult. */
  bbbImportRecording: method<JobInfo>()(v.id(), bbbRecordId, v.optional(bbbImportOptions)),
};

export interface BbbEvents {
  /** A background refresh of a profile's recording list finished (list) or failed (error). */
  'bbb.recordingsUpdated': { profileId: string; list: BbbRecordingList | null; error: StudioErrorInfo | null };
}
