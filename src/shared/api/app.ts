// Runs everywhere (shared, pure). StudioApi methods about the application itself: info, settings, jobs.
import { v } from '../validate';
import { method } from './method';
import type { JobInfo } from '../domain/jobs';

export interface AppInfo {
  version: string;
  /** Which binding serves this renderer. */
  binding: 'electron' | 'loopback';
  libraryDir: string;
  ffmpeg: { path: string; version: string; source: string } | { error: string };
  /** False when secrets cannot be encrypted by the OS store (they are then kept only for this session or in clear, as the user chose). */
  secretsEncrypted: boolean;
  platform: string;
}

export const appMethods = {
  getAppInfo: method<AppInfo>()(),
  getSettings: method<Record<string, unknown>>()(),
  /** Merges these keys into the settings; a null value removes a key. */
  updateSettings: method<Record<string, unknown>>()(v.record(v.json())),
  listJobs: method<JobInfo[]>()(v.optional(v.object({ capsuleId: v.optional(v.id()), activeOnly: v.optional(v.boolean()) }))),
  cancelJob: method<void>()(v.id()),
  retryJob: method<JobInfo>()(v.id()),
};

export interface AppEvents {
  /** Every change of any job: state, progress, ETA. */
  'job.progress': JobInfo;
}
