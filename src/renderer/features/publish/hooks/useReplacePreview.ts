// Runs in the renderer. A replace is shown field by field before anything is sent: Pod's values are read
// back (a moment after the last edit) and compared with what the studio would send.
import { useEffect, useState } from 'react';
import type { PodMetadata, PodReplacePreview, PublishMode } from '../../../../shared/domain/pod';
import type { StudioClient } from '../../../api/studioClient';

/** Edits closer together than this ask Pod once. */
const PREVIEW_DELAY_MS = 300;

export function useReplacePreview(studio: StudioClient, mode: PublishMode | null, profileId: string | null, capsuleId: string | null, metadata: PodMetadata | null, onError: (failure: unknown) => void) {
  const [preview, setPreview] = useState<PodReplacePreview | null>(null);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (mode !== 'replace' || !profileId || !capsuleId || !metadata) {
      setPreview(null);
      return;
    }
    let stale = false;
    setLoading(true);
    const timer = setTimeout(() => {
      studio
        .previewPodReplace({ profileId, capsuleId, metadata })
        .then((result) => !stale && setPreview(result))
        .catch((failure: unknown) => !stale && onError(failure))
        .finally(() => !stale && setLoading(false));
    }, PREVIEW_DELAY_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [studio, mode, profileId, capsuleId, metadata, onError]);
  return { preview, loading };
}
