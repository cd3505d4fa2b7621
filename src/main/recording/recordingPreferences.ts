// Runs in Node (main side). The camera, microphone and prompter choices, remembered per machine in
// the library's settings (device ids are stable on one machine, meaningless on another).
import { DEFAULT_RECORDING_PREFERENCES, type RecordingPreferences } from '../../shared/domain/recording';
import type { SettingsStore } from '../settings/settingsStore';

const KEY = 'recording.preferences';

export function readRecordingPreferences(settings: SettingsStore): RecordingPreferences {
  const stored = settings.get<Partial<RecordingPreferences>>(KEY, {});
  return mergePreferences(DEFAULT_RECORDING_PREFERENCES, stored);
}

export function updateRecordingPreferences(settings: SettingsStore, patch: Partial<Omit<RecordingPreferences, 'prompter'>> & { prompter?: Partial<RecordingPreferences['prompter']> }): RecordingPreferences {
  const next = mergePreferences(readRecordingPreferences(settings), patch);
  settings.set(KEY, next);
  return next;
}

/** Shallow merge, except the prompter settings and probed resolutions, which merge one level deeper. */
export function mergePreferences(
  base: RecordingPreferences,
  patch: Partial<Omit<RecordingPreferences, 'prompter'>> & { prompter?: Partial<RecordingPreferences['prompter']> },
): RecordingPreferences {
  return {
    ...base,
    ...patch,
    probedResolutions: { ...base.probedResolutions, ...(patch.probedResolutions ?? {}) },
    prompter: { ...base.prompter, ...(patch.prompter ?? {}) },
  };
}
