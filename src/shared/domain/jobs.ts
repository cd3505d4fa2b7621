// Runs everywhere (shared, pure). Every long operation is a job with progress and an ETA.

import type { StudioErrorInfo } from '../errors';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobInfo {
  id: string;
  /** What kind of work: pdf_import, render, publish, bbb_import, take_remux, … */
  kind: string;
  /** Human title, for example the capsule's title. */
  title: string;
  capsuleId: string | null;
  state: JobState;
  /** 0..1, or null while unknown. */
  progress: number | null;
  etaSeconds: number | null;
  /** Short status such as "uploading" or "encoding on Pod"; a key the renderer translates. */
  stage: string | null;
  error: StudioErrorInfo | null;
  result: unknown;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}
