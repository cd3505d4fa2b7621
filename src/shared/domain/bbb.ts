// Runs everywhere (shared, pure). The BigBlueButton model the renderer, the CLI and the services share.
import type { BbbChecksumAlgorithm } from '../logic/bbbChecksum';
import type { StudioErrorCode } from '../errors';

export type BbbRecordingState = 'processing' | 'processed' | 'published' | 'unpublished' | 'deleted';
export const BBB_RECORDING_STATES: readonly BbbRecordingState[] = ['processing', 'processed', 'published', 'unpublished', 'deleted'];

/** A BBB or Scalelite server, as the user configured it. The secret is never part of it. */
export interface BbbProfile {
  id: string;
  name: string;
  /** The API base, ending in `/bigbluebutton/api/`. */
  apiUrl: string;
  checksum: BbbChecksumAlgorithm;
  /** Which recordings are the teacher's: external meeting ids (empty = no id filter). */
  meetingIds: string[];
  /** `meta_<key>=<value>` filters, keys without the `meta_` prefix. */
  metaFilters: Record<string, string>;
  /** Recording states to list (empty = the server default, published + unpublished). */
  states: BbbRecordingState[];
  hasSecret: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface BbbProfileInput {
  name: string;
  url: string;
  /** Given when set or changed; omitted to keep the stored one. */
  secret?: string;
  checksum?: BbbChecksumAlgorithm;
  meetingIds?: string[];
  metaFilters?: Record<string, string>;
  states?: BbbRecordingState[];
}

export interface BbbPreviewImage {
  url: string;
  alt: string;
  width: number | null;
  height: number | null;
}

export interface BbbPlaybackFormat {
  /** presentation, video, podcast, screenshare, notes, capture… */
  type: string;
  url: string;
  /** Minutes, rounded by the server (not exact: the exact length is in metadata.xml). */
  lengthMinutes: number | null;
  processingTimeMs: number | null;
  sizeBytes: number | null;
  previews: BbbPreviewImage[];
}

export interface BbbRecording {
  recordId: string;
  meetingId: string;
  internalMeetingId: string | null;
  /** Display name (HTML-unescaped, trimmed). */
  name: string;
  state: BbbRecordingState | string;
  published: boolean;
  startTime: number | null;
  endTime: number | null;
  participants: number | null;
  metadata: Record<string, string>;
  formats: BbbPlaybackFormat[];
  isBreakout: boolean;
  /** `<recording><error>…` entries: the server could not read this recording's metadata. */
  unreadable: boolean;
}

export interface BbbServerInfo {
  apiVersion: string | null;
  bbbVersion: string | null;
  /** True when the version document looks like Scalelite's (it has `<build>`). */
  scalelite: boolean;
  /** BBB 3.x (GraphQL URLs in the version document). */
  graphql: boolean;
}

export interface BbbConnectionReport {
  ok: boolean;
  server: BbbServerInfo | null;
  /** How many recordings a first signed getRecordings call returned (proves the secret and checksum). */
  recordingsSeen: number | null;
  /** A plain-words explanation when ok is false. */
  problem: { code: StudioErrorCode; message: string } | null;
}

export interface BbbRecordingList {
  profileId: string;
  recordings: BbbRecording[];
  /** When the list was fetched from the server (ISO), null if never. */
  fetchedAt: string | null;
  /** True when this answer came from the local cache (a refresh runs in the background). */
  fromCache: boolean;
  /** Whether the server honoured offset/limit paging. */
  paged: boolean | null;
}

export interface BbbImportOptions {
  /** Force local rendering even when a `video` format exists. */
  preferPresentation?: boolean;
  cursor?: boolean;
  chat?: boolean;
  webcams?: boolean;
  /** Output frame rate (default 15: no source of the presentation format moves faster). */
  frameRate?: number;
}

export interface BbbImportResult {
  capsuleId: string;
  /** Absolute path of the MP4 in the capsule's folder. */
  file: string;
  durationSec: number;
  source: 'video' | 'presentation';
  chapters: { startSec: number; title: string }[];
  warnings: string[];
}
