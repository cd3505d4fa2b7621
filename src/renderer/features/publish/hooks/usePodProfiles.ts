// Runs in the renderer. The Pod servers the Publish step offers and the one chosen (kept when it still
// exists after a change, else the first).
import { useCallback, useEffect, useState } from 'react';
import type { PodProfile } from '../../../../shared/domain/pod';
import type { StudioClient } from '../../../api/studioClient';

export interface PodProfiles {
  profiles: PodProfile[];
  selectedId: string | null;
  selected: PodProfile | null;
  select(id: string): void;
  /** Reads the list again, choosing `selectId` when given. */
  reload(selectId?: string): Promise<void>;
}

export function usePodProfiles(studio: StudioClient, onError: (failure: unknown) => void): PodProfiles {
  const [profiles, setProfiles] = useState<PodProfile[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const reload = useCallback(
    async (selectId?: string) => {
      const list = await studio.listPodProfiles();
      setProfiles(list);
      setSelectedId((current) => selectId ?? (list.some((profile) => profile.id === current) ? current : (list[0]?.id ?? null)));
    },
    [studio],
  );
  useEffect(() => {
    reload().catch(onError);
  }, [reload, onError]);
  return { profiles, selectedId, selected: profiles.find((profile) => profile.id === selectedId) ?? null, select: setSelectedId, reload };
}
