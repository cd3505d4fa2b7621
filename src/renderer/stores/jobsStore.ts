// Runs in the renderer. Mirror of the main side's jobs, fed by `job.progress` events (and one
// listJobs at start), so every long operation can show its progress bar and ETA.
import type { JobInfo } from '../../shared/domain/jobs';
import { toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { studio } from '../studio';
import { createResettable } from './resettable';

export interface JobsState {
  jobs: Record<string, JobInfo>;
  error: StudioErrorInfo | null;
  applyJob(job: JobInfo): void;
  load(): Promise<void>;
  cancel(id: string): Promise<void>;
  retry(id: string): Promise<void>;
  dismissError(): void;
}

/** Newer event wins; a stale event (older updatedAt) never overwrites a newer state. */
function newer(existing: JobInfo | undefined, incoming: JobInfo): boolean {
  return !existing || incoming.updatedAt >= existing.updatedAt;
}

export const useJobsStore = createResettable<JobsState>((set, get) => ({
  jobs: {},
  error: null,
  applyJob(job) {
    if (!newer(get().jobs[job.id], job)) return;
    set((state) => ({ jobs: { ...state.jobs, [job.id]: job } }));
  },
  async load() {
    try {
      const list = await studio().listJobs({});
      set((state) => {
        const jobs = { ...state.jobs };
        for (const job of list) if (newer(jobs[job.id], job)) jobs[job.id] = job;
        return { jobs };
      });
    } catch (error) {
      set({ error: toErrorInfo(error) });
    }
  },
  async cancel(id) {
    try {
      await studio().cancelJob(id);
    } catch (error) {
      set({ error: toErrorInfo(error) });
    }
  },
  async retry(id) {
    try {
      get().applyJob(await studio().retryJob(id));
    } catch (error) {
      set({ error: toErrorInfo(error) });
    }
  },
  dismissError() {
    set({ error: null });
  },
}));

const ACTIVE = new Set(['queued', 'running']);

export function isActiveJob(job: JobInfo): boolean {
  return ACTIVE.has(job.state);
}

/** Active jobs first, then the most recent. */
export function sortJobs(jobs: Iterable<JobInfo>): JobInfo[] {
  return [...jobs].sort((a, b) => {
    const activeOrder = Number(isActiveJob(b)) - Number(isActiveJob(a));
    if (activeOrder !== 0) return activeOrder;
    return b.createdAt.localeCompare(a.createdAt);
  });
}
