// Runs everywhere (shared, pure). StudioApi methods about the application itself: info, settings, jobs.
import { v } from '../validate';
import { method } from './method';
import type { JobInfo } from '../domain/jobs';

export interface SecretStorageInfo {
  /** Where the key that encrypts the secrets lives: the system keyring, a key file, Electron's safeStorage. */
  kind: 'keyring' | 'key-file' | 'safeStorage' | 'none';
  /** True when an OS key store protects the key. */
  osProtected: boolean;
  /** One English sentence (the CLI's); the app shows its own translated text from `kind`. */
  description: string;
  /** The key file, when `kind` is 'key-file'. */
  keyFile?: string;
}

export interface AppInfo {
  version: string;
  /** Which binding serves this renderer. */
  binding: 'electron' | 'loopback';
  libraryDir: string;
  ffmpeg: { path: string; version: string; source: string } | { error: string };
  /** False when secrets cannot be encrypted by the OS store (they are then kept only for this session or in clear, as the user chose). */
  secretsEncrypted: boolean;
  /** Where secrets (tokens, stream keys) are kept at rest: the one truthful hint the app shows about them. */
  secretStorage: SecretStorageInfo;
  /** True in the desktop app: native dialogs and the system browser are available. */
  desktop: boolean;
  platform: string;
}

/** Largest value of one setting, serialised: the largest legitimate one (recording preferences) is under 2 KiB. */
export const MAX_SETTING_CHARS = 64 * 1024;

export const appMethods = {
  getAppInfo: method<AppInfo>()(),
  getSettings: method<Record<string, unknown>>()(),
  /**
   * Merges these keys into the settings; a null value removes a key. Bounded (settings are small
   * preferences): at most 32 keys of 64 characters, each value at most 64 KiB of JSON. Paths the
   * main side runs or writes (the FFmpeg binary) are not settable here.
   */
  updateSettings: method<Record<string, unknown>>()(v.record(v.json({ maxChars: MAX_SETTING_CHARS }), { maxKeys: 32, key: /^[A-Za-z0-9_.-]{1,64}$/ })),
  listJobs: method<JobInfo[]>()(v.optional(v.object({ capsuleId: v.optional(v.id()), activeOnly: v.optional(v.boolean()) }))),
  cancelJob: method<void>()(v.id()),
  retryJob: method<JobInfo>()(v.id()),
  /** Shows a library file (a render, a take) in the system file manager: desktop app only. */
  showMediaInFolder: method<void>()(v.string({ max: 200 })),
  /**
   * Saves a copy of a library file (a render) where the user chooses in a native save dialog, the
   * suggested name pre-filled: desktop app only (the browser build downloads the media URL instead).
   * Returns the path written, or null when the dialog was cancelled.
   */
  saveMediaAs: method<string | null>()(v.string({ max: 200 }), v.string({ min: 1, max: 200 })),
};

export interface AppEvents {
  /** Every change of any job: state, progress, ETA. */
  'job.progress': JobInfo;
}
