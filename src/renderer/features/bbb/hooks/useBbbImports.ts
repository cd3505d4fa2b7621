// Runs in the renderer. The imports started from the panel: which job imports which recording (its
// progress is followed in the jobs store), and starting one.
import { useCallback, useState } from 'react';
import type { BbbImportOptions } from '../../../../shared/domain/bbb';
import type { StudioClient } from '../../../api/studioClient';
import { useJobsStore } from '../../../stores/jobsStore';

export interface BbbImports {
  /** The import job of each recording started here, by record ID. */
  jobIds: Record<string, string>;
  start(recordId: string, options: BbbImportOptions): Promise<void>;
}

export function useBbbImports(studio: StudioClient, profileId: string | null, onError: (failure: unknown) => void): BbbImports {
  const applyJob = useJobsStore((s) => s.applyJob);
  const [jobIds, setJobIds] = useState<Record<string, string>>({});
  const start = useCallback(
    async (recordId: string, options: BbbImportOptions) => {
      if (!profileId) return;
      try {
        const job = await studio.bbbImportRecording(profileId, recordId, options);
        applyJob(job);
        setJobIds((current) => ({ ...current, [recordId]: job.id }));
      } catch (caught) {
        onError(caught);
      }
    },
    [studio, profileId, applyJob, onError],
  );
  return { jobIds, start };
}
