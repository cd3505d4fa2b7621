// Runs everywhere (shared, pure). The Esup-Pod publishing model as the renderer, the CLI and the services see it.

/** What a teacher fills in before publishing. Relations are Pod paths such as `/rest/types/1/`. */
export interface PodMetadata {
  title: string;
  /** Plain text; the client wraps it in `<p>` paragraphs for Pod. */
  description: string;
  /** Date of the event, `YYYY-MM-DD`, or null for Pod's default (today). */
  dateEvt: string | null;
  type: string | null;
  disciplines: string[];
  channels: string[];
  /** Themes must belong to one of the chosen channels. */
  themes: string[];
  licence: string | null;
  mainLang: string | null;
  /** Space-separated tags; only Pod 3.x accepts them (4.x breaks on tags, see https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). */
  tags: string;
  /** Always sent to Pod: a multipart upload without it makes the video public (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). */
  isDraft: boolean;
  isRestricted: boolean;
  /** Empty means no password. */
  password: string;
  allowDownloading: boolean;
}

export type PodMetadataField = keyof PodMetadata;

/** Field errors: our own checks (stable codes such as `required`) and Pod's own `{field: [messages]}`. */
export type PodFieldErrors = Partial<Record<PodMetadataField | 'general', string[]>>;

export const EMPTY_POD_METADATA: PodMetadata = {
  title: '',
  description: '',
  dateEvt: null,
  type: null,
  disciplines: [],
  channels: [],
  themes: [],
  licence: null,
  mainLang: null,
  tags: '',
  isDraft: true,
  isRestricted: false,
  password: '',
  allowDownloading: false,
};

/** Metadata remembered per profile: everything except what belongs to one capsule. */
export type PodMetadataDefaults = Partial<Omit<PodMetadata, 'title' | 'description' | 'dateEvt' | 'password'>>;

export interface PodProfile {
  id: string;
  name: string;
  /** Base URL of the Pod server, without trailing slash, e.g. `https://pod.example.edu`. */
  baseUrl: string;
  /** The teacher's Pod login, resolved to `ownerUrl` by the last successful connection test. */
  username: string;
  ownerUrl: string | null;
  ownerName: string | null;
  /** True when a token is stored (the token itself never leaves the main side). */
  hasToken: boolean;
  /** What pre-fills the app's form: the provisioning file's defaults, then the teacher's remembered choices (never visibility). */
  defaults: PodMetadataDefaults;
  /** The institution's defaults from its provisioning file (the only remembered source of a visibility). */
  provisionedDefaults: PodMetadataDefaults;
  /** Imported from an institution's provisioning file. */
  provisioned: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PodProfileInput {
  id?: string;
  name: string;
  baseUrl: string;
  username: string;
  /** A new token; undefined keeps the stored one, an empty string removes it. */
  token?: string;
}

export interface PodChoice {
  value: string;
  label: string;
}

export interface PodRelationOption {
  /** The relation's path, e.g. `/rest/channels/5/`. */
  path: string;
  title: string;
}

export interface PodVocabulary {
  fetchedAt: string;
  version: string | null;
  sites: PodRelationOption[];
  types: PodRelationOption[];
  disciplines: PodRelationOption[];
  channels: (PodRelationOption & { themes: string[]; memberPaths: string[] })[];
  themes: (PodRelationOption & { channel: string | null })[];
  licences: PodChoice[];
  languages: PodChoice[];
  /** Whether the server has its file manager (folders/files/tracks), needed for captions. */
  hasFileManager: boolean;
}

export type PodConnectionStep = 'address' | 'reachable' | 'is_pod' | 'token' | 'staff' | 'owner';

export interface PodConnectionReport {
  ok: boolean;
  /** Every step tried, in order; the first failing one says what is wrong. */
  steps: { step: PodConnectionStep; ok: boolean; message: string }[];
  problem: { code: string; message: string } | null;
  version: string | null;
  siteTitle: string | null;
  ownerUrl: string | null;
  ownerName: string | null;
  hasFileManager: boolean | null;
}

export interface PodChapterInput {
  title: string;
  startMs: number;
}

export type PublishMode = 'new' | 'replace';

export interface PublishRequest {
  profileId: string;
  capsuleId?: string;
  /** An MP4 to publish; for a capsule, its latest render is used when this is absent. */
  filePath?: string;
  metadata: PodMetadata;
  /** For a capsule already published with this profile: replace that video's file, or make a new video. */
  mode: PublishMode;
  chapters?: PodChapterInput[];
  captionsPath?: string;
  captionsLang?: string;
  /** false: publish without captions even when the render has some (default true). */
  withCaptions?: boolean;
  /**
   * When this continues an unfinished publication: the fields the user gave again (the CLI's explicit flags).
   * Their values here replace the unfinished job's, and are applied to the same video. Absent: the job keeps its own.
   */
  rerunFields?: PodMetadataField[];
  jobId?: string;
}

export interface PublishResult {
  pageUrl: string;
  videoId: number;
  slug: string;
  chapterCount: number;
  captions: 'added' | 'none' | 'skipped_no_file_manager';
  /** A message for the user about something that was not published (e.g. captions). */
  notice: string | null;
  /** As Pod holds it after the publication: a draft page opens for its owners only. */
  isDraft: boolean;
  /** Whether the rendered poster became the video's thumbnail. */
  thumbnail: 'set' | 'none' | 'skipped_no_file_manager';
}

/** One field of a replace: Pod's current value, what the studio sent last time, what it holds now. */
export interface PodFieldChange {
  field: PodMetadataField;
  /** Display text; null when Pod's value cannot be read (some 4.x reads fail). */
  onPod: string | null;
  /** null when the last publication's values are not known. */
  lastPublished: string | null;
  inStudio: string;
  /** send: changed in the studio since the last publication; keep: Pod's value stays (perhaps edited on Pod). */
  action: 'send' | 'keep';
}

export interface PodReplacePreview {
  videoId: number;
  pageUrl: string;
  /** Pod's values could be read (detail or user_videos). */
  readable: boolean;
  changes: PodFieldChange[];
}

/** A publication of the same source that was started and not finished: publishing again continues it. */
export interface PodUnfinishedPublication {
  jobId: string;
  title: string;
  state: 'queued' | 'running' | 'failed' | 'cancelled';
  createdAt: string;
  /** The Pod video it already made, if it got that far. */
  videoId: number | null;
  /** Its last error, as the job recorded it. */
  errorCode: string | null;
  /** What it sends (or sent) to Pod, the password left out: continuing it keeps these unless given again. */
  metadata: PodMetadata;
}

export interface PodPublication {
  id: string;
  capsuleId: string | null;
  profileId: string;
  videoId: number;
  slug: string;
  pageUrl: string;
  title: string;
  publishedAt: string;
}

export interface PublishDraft {
  metadata: PodMetadata;
  previous: PodPublication | null;
  /** A publication of this source that did not finish: publishing continues it instead of making a second video. */
  unfinished: PodUnfinishedPublication | null;
  /** The MP4 that would be published, or null with a reason. */
  source: { path: string; bytes: number } | null;
  sourceProblem: string | null;
}
