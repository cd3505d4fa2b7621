// Runs in the renderer. The one place where the main side's events are mirrored into the stores:
// job progress into the jobs store, library changes into the capsule list and the open capsule, take
// changes into the open capsule's takes.
import type { StudioApi, Unsubscribe } from '../../shared/api/studioApi';
import { useEditorStore } from './editorStore';
import { useJobsStore } from './jobsStore';
import { useLibraryStore } from './libraryStore';
import { useTakesStore } from './takesStore';

/** Coalesce bursts of `library.changed` (an import touches the library many times). */
const REFRESH_DELAY_MS = 150;

export function syncStoresWith(api: Pick<StudioApi, 'on'>): Unsubscribe {
  let listTimer: ReturnType<typeof setTimeout> | null = null;
  let capsuleTimer: ReturnType<typeof setTimeout> | null = null;
  const offJobs = api.on('job.progress', (job) => useJobsStore.getState().applyJob(job));
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
    offLibrary();
    if (listTimer !== null) clearTimeout(listTimer);
    if (capsuleTimer !== null) clearTimeout(capsuleTimer);
  };
}
