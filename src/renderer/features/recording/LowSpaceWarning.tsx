// Runs in the renderer. The Record step's warning when the free space holds only a few minutes of
// takes at the camera's real size, said before a take is cut short by a full disk.
import { useT } from '../../i18n/useT';
import { bitratesFor, LOW_SPACE_MINUTES, recordingMinutesLeft } from './logic/recorderFormat';

export function LowSpaceWarning({ freeBytes, videoHeight }: { freeBytes: number | null; videoHeight: number | null }) {
  const t = useT();
  if (freeBytes === null) return null;
  const minutesLeft = recordingMinutesLeft(freeBytes, bitratesFor(videoHeight));
  if (minutesLeft >= LOW_SPACE_MINUTES) return null;
  return (
    <p className="warning" role="alert" data-testid="low-space">
      {t('recording.lowSpace', { gb: (freeBytes / 1e9).toFixed(1), minutes: minutesLeft })}
    </p>
  );
}
