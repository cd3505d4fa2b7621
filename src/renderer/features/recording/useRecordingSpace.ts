// Runs in the renderer. The free space where takes are written, read when the Record step opens and
// after every take, so the step can warn before the disk fills up in the middle of a take.
import { useCallback, useEffect, useState } from 'react';
import type { StudioClient } from '../../api/studioClient';

export interface RecordingSpace {
  /** Free bytes on the takes' disk, or null until known. */
  freeBytes: number | null;
  refresh(): void;
}

export function useRecordingSpace(studio: StudioClient, onError: (failure: unknown) => void): RecordingSpace {
  const [freeBytes, setFreeBytes] = useState<number | null>(null);
  const refresh = useCallback(() => {
    studio
      .getRecordingSpace()
      .then((space) => setFreeBytes(space.freeBytes))
      .catch(onError);
  }, [studio, onError]);
  useEffect(refresh, [refresh]);
  return { freeBytes, refresh };
}
