// Runs in Node (test tooling). The fake Pod's data: seed objects of https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/fixtures/initial_data.json and everything
// tests create, plus the switches ("knobs") that make it behave like one Pod instance or another.
import type { StoredFile } from './multipart';
import type { PodLanguage } from './i18n';

/** 40 hex characters, like real DRF tokens. */
export const STAFF_TOKEN = '0123456789abcdef0123456789abcdef01234567';
export const NON_STAFF_TOKEN = 'fedcba9876543210fedcba9876543210fedcba98';
export const INACTIVE_TOKEN = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
export const STAFF_LOGIN = 'admin';
export const STAFF_PASSWORD = 'admin-password';

export interface PodUser {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  isStaff: boolean;
  isActive: boolean;
  password: string | null;
  hashkey: string;
}

export interface RelationItem {
  id: number;
  /** The original `title` column. */
  title: string;
  slug: string;
  /** modeltranslation columns (`title_fr`, `title_en`); absent or empty ones fall back fr → en → `title`. */
  titles?: Partial<Record<PodLanguage, string>>;
}

export interface ChannelItem extends RelationItem {
  owners: number[];
  users: number[];
}

export interface ThemeItem extends RelationItem {
  channel: number;
}

export type EncodingMode = 'normal' | 'fail' | 'failWrongPath' | 'stuck';

export interface VideoRecord {
  id: number;
  /** The original `title` column: modeltranslation also writes there whatever language the request had. */
  title: string;
  /** `title_fr` / `title_en`: only the request language's column is written (modeltranslation, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/translation.py). */
  titleFr: string | null;
  titleEn: string | null;
  slug: string;
  description: string;
  descriptionFr: string | null;
  descriptionEn: string | null;
  owner: number;
  additionalOwners: number[];
  dateAdded: string;
  dateEvt: string | null;
  cursus: string;
  mainLang: string;
  isDraft: boolean;
  isRestricted: boolean;
  password: string | null;
  type: number;
  disciplines: number[];
  channels: number[];
  themes: number[];
  licence: string | null;
  sites: number[];
  allowDownloading: boolean;
  disableComment: boolean;
  is360: boolean;
  /** 3.x only: the plain tag string. */
  tags: string;
  /** 4.x tagulous tags (added in the web UI or by Recorder presets; REST cannot write them, https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). */
  tagNames: string[];
  file: StoredFile;
  /** Every file this video had, oldest first (re-publication replaces the current one). */
  fileHistory: StoredFile[];
  encodingInProgress: boolean;
  encoded: boolean;
  encodingStep: string;
  /** Index in the encoding sequence, -1 before the first launch. */
  encodingIndex: number;
  pollsAtStep: number;
  launches: number;
  launchedAt: number;
  /** The encoding thread died with the web worker (a Pod restart): the video stays at its step, in progress, for ever (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py). */
  encoderDead: boolean;
  duration: number;
  thumbnail: number | null;
}

export interface ChapterRecord {
  id: number;
  video: number;
  title: string;
  timeStart: number;
}

export interface FolderRecord {
  id: number;
  name: string;
  owner: number;
}

export interface FileRecord {
  id: number;
  folder: number;
  name: string;
  createdBy: number;
  stored: StoredFile;
}

export interface ImageRecord {
  id: number;
  folder: number;
  name: string;
  createdBy: number;
  stored: StoredFile | null;
}

export interface PlaylistRecord {
  id: number;
  name: string;
  slug: string;
  owner: number;
  videos: number[];
}

export interface TrackRecord {
  id: number;
  video: number;
  kind: string;
  lang: string;
  src: number;
}

export interface PodKnobs {
  /** `/info_pod.json` VERSION: 3.x accepts tags as a string and answers "Not found."; 4.x rejects tags. */
  version: string;
  /** USE_PODFILE: folders/files/images routes exist (captions possible). */
  usePodfile: boolean;
  encoding: EncodingMode;
  /** How many polls of a video it takes to move one encoding step. */
  pollsPerStep: number;
  /** When set, encoding moves one step every this many ms since the launch (seen at the next poll) instead of per poll; 0 finishes at the first poll. */
  stepEveryMs: number | null;
  /** 4.x "video has tags" bug for every video at once: detail, list, launch and playlists answer an HTML 500
   *  (`state.addTagFromWebUi` tags one video, as real Pod does). */
  videoHasTags: boolean;
  /** The instance's LANGUAGE_CODE: the language of answers when Accept-Language names no language Pod has. Pod's own default is `fr`. */
  languageCode: PodLanguage;
  /** nginx client_max_body_size: larger bodies get an HTML 413. */
  maxUploadBytes: number | null;
  /** The scheme and host Pod writes into absolute URLs (a TLS proxy may make it differ from ours). */
  absoluteBase: string | null;
  /** Write uploaded files to disk (false: hash and count only, for benchmarks). */
  storeFiles: boolean;
  /** Compute the sha256 of uploaded files (false: count only, for benchmarks). */
  hashUploads: boolean;
  /** Duration (seconds) Pod finds when it encodes a video. */
  encodedDuration: number;
}

export const DEFAULT_KNOBS: PodKnobs = {
  version: '4.1.0',
  usePodfile: true,
  encoding: 'normal',
  pollsPerStep: 1,
  stepEveryMs: null,
  videoHasTags: false,
  languageCode: 'en',
  maxUploadBytes: null,
  absoluteBase: null,
  storeFiles: true,
  hashUploads: true,
  encodedDuration: 3600,
};

export const LICENCES: [string, string][] = [
  ['by', 'Attribution 4.0 International (CC BY 4.0)'],
  ['by-nd', 'Attribution-NoDerivatives 4.0 International (CC BY-ND 4.0)'],
  ['by-nc-nd', 'Attribution-NonCommercial-NoDerivatives 4.0 International (CC BY-NC-ND 4.0)'],
  ['by-nc', 'Attribution-NonCommercial 4.0 International (CC BY-NC 4.0)'],
  ['by-nc-sa', 'Attribution-NonCommercial-ShareAlike 4.0 International (CC BY-NC-SA 4.0)'],
  ['by-sa', 'Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)'],
];
export const CURSUS: [string, string][] = [
  ['0', 'None / All'],
  ['L', 'Bachelor’s Degree'],
  ['M', 'Master’s Degree'],
  ['D', 'Doctorate'],
  ['1', 'Other'],
];
export const LANGUAGES: [string, string][] = [
  ['fr', 'French'],
  ['en', 'English'],
];

export const DISCIPLINE_TITLES = [
  'Biologie', 'Chimie', 'Droit', 'Économie', 'Géographie', 'Histoire', 'Informatique',
  'Langues', 'Lettres', 'Mathématiques', 'Médecine', 'Philosophie', 'Physique', 'Sociologie',
];

/** Django's slugify: ASCII-folded, lower case, words joined by hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^\x00-\x7f]/g, '')
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .replace(/[-\s]+/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

/** The value modeltranslation reads for a translated field: the language's column, else fr, then en, then the original column. */
export function localized(original: string, columns: Partial<Record<PodLanguage, string | null>>, language: PodLanguage): string {
  for (const candidate of [language, 'fr', 'en'] as PodLanguage[]) {
    const value = columns[candidate];
    if (value) return value;
  }
  return original;
}

export function videoSlug(id: number, title: string): string {
  return `${String(id).padStart(4, '0')}-${slugify(title)}`;
}

export class PodState {
  knobs: PodKnobs;
  users: PodUser[] = [
    { id: 1, username: STAFF_LOGIN, firstName: 'Admin', lastName: 'Pod', email: 'admin@example.edu', isStaff: true, isActive: true, password: STAFF_PASSWORD, hashkey: 'a1' },
    { id: 7, username: 'colleague', firstName: 'Colin', lastName: 'Lègue', email: 'colin@example.edu', isStaff: false, isActive: true, password: null, hashkey: 'c7' },
    { id: 42, username: 'jdoe', firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@example.edu', isStaff: false, isActive: true, password: null, hashkey: '3f1c9a' },
    { id: 50, username: 'gone', firstName: 'Old', lastName: 'Account', email: 'gone@example.edu', isStaff: true, isActive: false, password: null, hashkey: 'g50' },
  ];
  /** token → user id */
  tokens = new Map<string, number>([
    [STAFF_TOKEN, 1],
    [NON_STAFF_TOKEN, 7],
    [INACTIVE_TOKEN, 50],
  ]);
  sites = [{ id: 1, name: 'Pod', domain: 'pod.localhost:8000' }];
  types: RelationItem[] = [
    // Pod's fixture (pod/video/fixtures/initial_data.json) sets title "Other" and title_fr "Autre" only, so it reads "Autre" in both languages.
    { id: 1, title: 'Other', slug: 'other', titles: { fr: 'Autre' } },
    { id: 2, title: 'Cours', slug: 'cours' },
  ];
  disciplines: RelationItem[] = DISCIPLINE_TITLES.map((title, index) => ({ id: index + 1, title, slug: slugify(title) }));
  channels: ChannelItem[] = [
    { id: 5, title: 'Sciences', slug: 'sciences', owners: [42], users: [] },
    { id: 6, title: 'Campus', slug: 'campus', owners: [1], users: [42] },
    { id: 8, title: 'Direction', slug: 'direction', owners: [1], users: [] },
  ];
  themes: ThemeItem[] = [
    { id: 9, title: 'Mécanique', slug: 'mecanique', channel: 5 },
    { id: 10, title: 'Optique', slug: 'optique', channel: 5 },
    { id: 11, title: 'Vie étudiante', slug: 'vie-etudiante', channel: 6 },
  ];
  renditions = [
    { id: 1, resolution: '640x360', videoBitrate: '750k', audioBitrate: '96k' },
    { id: 2, resolution: '1280x720', videoBitrate: '2000k', audioBitrate: '128k' },
    { id: 3, resolution: '1920x1080', videoBitrate: '3000k', audioBitrate: '192k' },
  ];
  /** Router prefixes of every registered module, for `GET /rest/` (set by the server). */
  listPrefixes: () => string[] = () => [];
  videos: VideoRecord[] = [];
  chapters: ChapterRecord[] = [];
  folders: FolderRecord[] = [];
  files: FileRecord[] = [];
  tracks: TrackRecord[] = [];
  images: ImageRecord[] = [];
  /** Every user gets a "Favorites" playlist (id = user id here); playlists nest full video objects. */
  playlists: PlaylistRecord[] = [];
  private nextIds = new Map<string, number>([
    ['video', 1],
    ['chapter', 300],
    ['folder', 70],
    ['file', 300],
    ['track', 50],
    ['image', 880],
    ['type', 3],
  ]);

  constructor(knobs: Partial<PodKnobs> = {}) {
    this.knobs = { ...DEFAULT_KNOBS, ...knobs };
    this.playlists = this.users.map((user) => ({ id: user.id, name: 'Favorites', slug: `favorites-${user.username}`, owner: user.id, videos: [] }));
  }

  videoById(id: number): VideoRecord | undefined {
    return this.videos.find((video) => video.id === id);
  }

  /** Test knob: a tag added to one video in Pod's web UI (or by a Recorder preset). From then on reading it through VideoSerializer fails (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py). */
  addTagFromWebUi(videoId: number, name: string): void {
    const video = this.videoById(videoId);
    if (!video) throw new Error(`fake Pod: no video ${videoId}`);
    if (!video.tagNames.includes(name)) video.tagNames.push(name);
  }

  /** Test knob: a teacher edits the video in Pod's web UI (the form writes the columns of the page's language). */
  editFromWebUi(videoId: number, changes: { title?: string; description?: string; isDraft?: boolean }, language: PodLanguage = this.knobs.languageCode): void {
    const video = this.videoById(videoId);
    if (!video) throw new Error(`fake Pod: no video ${videoId}`);
    if (changes.title !== undefined) {
      video.title = changes.title;
      if (language === 'fr') video.titleFr = changes.title;
      else video.titleEn = changes.title;
      video.slug = videoSlug(video.id, changes.title);
    }
    if (changes.description !== undefined) {
      video.description = changes.description;
      if (language === 'fr') video.descriptionFr = changes.description;
      else video.descriptionEn = changes.description;
    }
    if (changes.isDraft !== undefined) video.isDraft = changes.isDraft;
  }

  /** Test knob: an administrator creates a video type in Pod's admin after the client read the list. */
  addType(title: string, titles?: Partial<Record<PodLanguage, string>>): RelationItem {
    const type: RelationItem = { id: this.nextId('type'), title, slug: slugify(title), titles };
    this.types.push(type);
    return type;
  }

  /** Test knob: a video put in its owner's Favorites playlist (its nested video then breaks /rest/playlists/ when tagged). */
  addToFavorites(videoId: number): void {
    const video = this.videoById(videoId);
    const playlist = video && this.playlists.find((item) => item.owner === video.owner);
    if (!video || !playlist) throw new Error(`fake Pod: no video ${videoId} or no playlist for its owner`);
    if (!playlist.videos.includes(videoId)) playlist.videos.push(videoId);
  }

  /**
   * Test knob: Pod's web worker restarts. Local threaded encoding dies with it: every video being encoded
   * stays at its step with encoding_in_progress true, and launch_encode_view then does nothing (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py).
   * (`PodServer.restart()` also drops the connections in flight.)
   */
  killEncoders(): VideoRecord[] {
    const killed = this.videos.filter((video) => video.encodingInProgress && !video.encoderDead && !video.encodingStep.startsWith('-1'));
    for (const video of killed) video.encoderDead = true;
    return killed;
  }

  /** Test knob: the admin action "Encode selected" (pod/video/admin.py), which relaunches whatever the flag says. */
  adminEncode(videoId: number): void {
    const video = this.videoById(videoId);
    if (!video) throw new Error(`fake Pod: no video ${videoId}`);
    video.encoderDead = false;
    video.encodingInProgress = true;
    video.encodingIndex = 0;
    video.encodingStep = '0: start';
    video.pollsAtStep = 0;
    video.launchedAt = Date.now();
    video.launches += 1;
  }

  nextId(kind: string): number {
    const id = this.nextIds.get(kind) ?? 1;
    this.nextIds.set(kind, id + 1);
    return id;
  }

  get isV3(): boolean {
    return this.knobs.version.startsWith('3.');
  }

  userById(id: number): PodUser | undefined {
    return this.users.find((user) => user.id === id);
  }
}
