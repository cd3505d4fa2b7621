// Runs everywhere (shared, pure). StudioApi methods of publishing to Esup-Pod: server profiles,
// connection tests, vocabularies, metadata defaults, the publish job, and opening the video page.
import { v } from '../validate';
import { method } from './method';
import { REPLACEABLE_FIELDS } from '../logic/podMetadata';
import type { JobInfo } from '../domain/jobs';
import type { PodConnectionReport, PodMetadata, PodMetadataDefaults, PodProfile, PodPublication, PodReplacePreview, PodVocabulary, PublishDraft } from '../domain/pod';

const relation = v.string({ min: 1, max: 300 });

export const podMetadataValidator = v.object({
  title: v.string({ max: 1000 }),
  description: v.string({ max: 100_000 }),
  dateEvt: v.nullable(v.string({ max: 10 })),
  type: v.nullable(relation),
  disciplines: v.array(relation, { max: 200 }),
  channels: v.array(relation, { max: 200 }),
  themes: v.array(relation, { max: 200 }),
  licence: v.nullable(v.string({ max: 50 })),
  mainLang: v.nullable(v.string({ max: 10 })),
  tags: v.string({ max: 1000 }),
  isDraft: v.boolean(),
  isRestricted: v.boolean(),
  password: v.string({ max: 200 }),
  allowDownloading: v.boolean(),
}) as (value: unknown, path: string) => PodMetadata;

export const podDefaultsValidator = v.object({
  type: v.optional(v.nullable(relation)),
  disciplines: v.optional(v.array(relation, { max: 200 })),
  channels: v.optional(v.array(relation, { max: 200 })),
  themes: v.optional(v.array(relation, { max: 200 })),
  licence: v.optional(v.nullable(v.string({ max: 50 }))),
  mainLang: v.optional(v.nullable(v.string({ max: 10 }))),
  tags: v.optional(v.string({ max: 1000 })),
  isDraft: v.optional(v.boolean()),
  isRestricted: v.optional(v.boolean()),
  allowDownloading: v.optional(v.boolean()),
}) as (value: unknown, path: string) => PodMetadataDefaults;

const chapterValidator = v.object({ title: v.string({ max: 1000 }), startMs: v.number({ min: 0 }) });

/**
 * What to publish, as every publishing method names it: a capsule (its latest render), or a file given as
 * a main-side path (the CLI) or, from a renderer, as a `read-video` grant.
 */
const publishSourceFields = {
  profileId: v.id(),
  capsuleId: v.optional(v.id()),
  filePath: v.optional(v.string({ min: 1, max: 4096 })),
  fileGrant: v.optional(v.id()),
};

export const podMethods = {
  listPodProfiles: method<PodProfile[]>()(),
  /** Creates or updates a profile. `token` undefined keeps the stored token; it is never returned. */
  savePodProfile: method<PodProfile>()(
    v.object({
      id: v.optional(v.id()),
      name: v.string({ min: 1, max: 100 }),
      baseUrl: v.string({ min: 1, max: 2000 }),
      username: v.string({ max: 150 }),
      token: v.optional(v.string({ max: 200 })),
    }),
  ),
  deletePodProfile: method<void>()(v.id()),
  /** Imports an institution's provisioning file (its JSON text); returns the profiles created or updated. */
  importPodProvisioning: method<PodProfile[]>()(v.object({ text: v.string({ min: 1, max: 1_000_000 }) })),
  /** Walks address → Pod → token → staff → username, and says precisely what is wrong. */
  testPodConnection: method<PodConnectionReport>()(v.id()),
  /** Types, disciplines, channels, themes, licences, languages: cached; `refresh` fetches every page again. */
  getPodVocabulary: method<PodVocabulary>()(v.id(), v.optional(v.object({ refresh: v.optional(v.boolean()) }))),
  setPodDefaults: method<PodProfile>()(v.id(), podDefaultsValidator),
  /** The form's starting point: profile defaults, title and description from the capsule, the previous publication. */
  getPublishDraft: method<PublishDraft>()(
    v.object(publishSourceFields),
  ),
  /**
   * Before a replace: re-reads the video on Pod and says, field by field, what the replace sends (changed in
   * the studio since the last publication) and what stays as Pod holds it (perhaps edited on Pod).
   */
  previewPodReplace: method<PodReplacePreview>()(
    v.object({ ...publishSourceFields, metadata: podMetadataValidator }),
  ),
  /**
   * Queues a publication; progress arrives as `job.progress` events of kind 'publish'. When a publication of
   * the same capsule (or file) to the same server is unfinished, that job is continued and returned instead.
   */
  publishToPod: method<JobInfo>()(
    v.object({
      ...publishSourceFields,
      metadata: podMetadataValidator,
      mode: v.oneOf('new', 'replace'),
      chapters: v.optional(v.array(chapterValidator, { max: 2000 })),
      captionsPath: v.optional(v.string({ min: 1, max: 4096 })),
      captionsGrant: v.optional(v.id()),
      captionsLang: v.optional(v.string({ min: 2, max: 2 })),
      withCaptions: v.optional(v.boolean()),
      rememberDefaults: v.optional(v.boolean()),
      rerunFields: v.optional(v.array(v.oneOf(...REPLACEABLE_FIELDS), { max: REPLACEABLE_FIELDS.length })),
      jobId: v.optional(v.id()),
    }),
  ),
  listPodPublications: method<PodPublication[]>()(v.optional(v.object({ capsuleId: v.optional(v.id()) }))),
  /**
   * Opens a Pod page in the system browser. Only http(s) URLs on a configured Pod server are accepted;
   * where the shell cannot open it (browser binding) this fails with OPEN_EXTERNAL_UNAVAILABLE and the
   * renderer shows the link instead.
   */
  openExternalUrl: method<void>()(v.string({ min: 1, max: 4096 })),
};

export interface PodEvents {
  /** Profiles were added, changed or removed. */
  'pod.profilesChanged': { profileId: string | null };
}
