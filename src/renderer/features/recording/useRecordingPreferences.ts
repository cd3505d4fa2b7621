// Runs in the renderer. The recording preferences (devices, format, countdown, prompter), read once and
// changed optimistically: the view follows at once, the studio stores the change (a failure is told).
import { useCallback, useEffect, useState } from 'react';
import type { RecordingPreferences } from '../../../shared/domain/recording';
import type { StudioClient } from '../../api/studioClient';
import type { PreferencesPatch } from './DevicePanel';

function mergeLocal(prefs: RecordingPreferences, patch: PreferencesPatch): RecordingPreferences {
  return { ...prefs, ...patch, probedResolutions: { ...prefs.probedResolutions, ...(patch.probedResolutions ?? {}) }, prompter: { ...prefs.prompter, ...(patch.prompter ?? {}) } };
}

export function useRecordingPreferences(studio: StudioClient, onError: (failure: unknown) => void) {
  const [prefs, setPrefs] = useState<RecordingPreferences | null>(null);
  useEffect(() => {
    studio.getRecordingPreferences().then(setPrefs).catch(onError);
  }, [studio, onError]);
  const update = useCallback(
    (patch: PreferencesPatch) => {
      setPrefs((current) => (current ? mergeLocal(current, patch) : current));
      studio.updateRecordingPreferences(patch).catch(onError);
    },
    [studio, onError],
  );
  return { prefs, update };
}
