// Runs in the renderer. The BigBlueButton servers the panel knows and the one whose recordings are
// shown (the first at start); a server removed, or added from the institution's provisioning file.
import { useCallback, useEffect, useState } from 'react';
import type { BbbProfile } from '../../../../shared/domain/bbb';
import type { StudioClient } from '../../../api/studioClient';
import type { ErrorNotice } from '../../../hooks/useErrorNotice';

export interface BbbProfiles {
  profiles: BbbProfile[];
  selectedId: string | null;
  select(id: string | null): void;
  reload(): Promise<void>;
  remove(profile: BbbProfile): Promise<void>;
  /** Saves the servers of a provisioning file and shows the first; resolves once done or shown as an error. */
  importProvisioning(file: File): Promise<void>;
  /** How many servers the last provisioning file added, or null. */
  imported: number | null;
}

export function useBbbProfiles(studio: StudioClient, notice: ErrorNotice): BbbProfiles {
  const { show, run } = notice;
  const [profiles, setProfiles] = useState<BbbProfile[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [imported, setImported] = useState<number | null>(null);

  const load = useCallback(async () => {
    const loaded = await studio.bbbListProfiles();
    setProfiles(loaded);
    setSelectedId((current) => current ?? loaded[0]?.id ?? null);
  }, [studio]);
  const reload = useCallback(() => load().catch(show), [load, show]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const remove = useCallback(
    async (profile: BbbProfile) => {
      try {
        await studio.bbbDeleteProfile(profile.id);
        setSelectedId((current) => (current === profile.id ? null : current));
        await load();
      } catch (caught) {
        show(caught);
      }
    },
    [studio, load, show],
  );

  const importProvisioning = useCallback(
    async (file: File) => {
      setImported(null);
      await run(async () => {
        const saved = await studio.bbbImportProvisioning({ text: await file.text() });
        setImported(saved.length);
        await load();
        if (saved[0]) setSelectedId(saved[0].id);
      });
    },
    [studio, load, run],
  );

  return { profiles, selectedId, select: setSelectedId, reload, remove, importProvisioning, imported };
}
