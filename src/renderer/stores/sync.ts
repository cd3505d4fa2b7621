// Runs in the renderer. The one place where the main side's events are mirrored into the stores:
// job progress into the jobs store, library changes into the capsule list and the open capsule, take
// changes into the open capsule's takes, jobs resumed from an earlier run into a notice.
import type { StudioApi, Unsubscribe } from '../../shared/api/studioApi';
import type { JobInfo } from '../../shared/domain/jobs';
import { unfinishedJobsNotice } from '../logic/unfinishedJobs';
import { useEditorStore } from './editorStore';
import { useJobsStore } from './jobsStore';
import { useLibraryStore } from './libraryStore';
import { useTakesStore } from './takesStore';
import { useUiStore } from './uiStore';

/** Jobs already named in a notice (the event and the start-up list may both name the same job). */
const announcedJobs = new Set<string>();

/** Tells the person, once per job, that work an earlier run left unfinished goes on. */
export function announceUnfinishedJobs(jobs: readonly JobInfo[], source: 'resumed' | 'unfinished'): void {
  const notice = unfinishedJobsNotice(jobs, source, announcedJobs);
  if (notice) useUiStore.getState().notify({ tone: 'info', message: notice });
}

/** Coalesce bursts of `library.changed` (an import touches the library many times). */
const REFRESH_DELAY_MS = 150;

export function syncStoresWith(api: Pick<StudioApi, 'on'>): Unsubscribe {
  let listTimer: ReturnType<typeof setTimeout> | null = null;
  let capsuleTimer: ReturnType<typeof setTimeout> | null = null;
  const offJobs = api.on('job.progress', (job) => useJobsStore.getState().applyJob(job));
  const offResumed = api.on('jobs.resumed', ({ jobs }) => {
    for (const job of jobs) useJobsStore.getState().applyJob(job);
    announceUnfinishedJobs(jobs, 'resumed');
  });
  const offLibrary = api.on('library.changed', ({ capsuleId }) => {
    if (listTimer === null) {
      listTimer = setTimeout(() => {
        listTimer = null;
        void useLibraryStore.getState().refresh();
      }, REFRESH_DELAY_MS);
    }
    // A choice for an unrecorded grain (leave out, silent) changes the Record step's status.
    const takes = useTakesStore.getState();
    if (capsuleId !== null && capsuleId === takes.capsuleId) void takes.load(capsuleId);
    const open = useEditorStore.getState().capsuleId;
    if (capsuleId !== null && capsuleId === open && capsuleTimer === null) {
      capsuleTimer = setTimeout(() => {
        capsuleTimer = null;
        void useEditorStore.getState().reload();
      }, REFRESH_DELAY_MS);
    }
  });
  const offTakes = api.on('take.changed', ({ capsuleId }) => {
    const takes = useTakesStore.getState();
    if (capsuleId === takes.capsuleId) void takes.load(capsuleId);
  });
  return () => {
    offTakes();
    offJobs();
    offResumed();
    offLibrary();
    if (listTimer !== null) clearTimeout(listTimer);
    if (capsuleTimer !== null) clearTimeout(capsuleTimer);
  };
}
