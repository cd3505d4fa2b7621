// Runs in the renderer. In a take's row: whether the video uses the camera with its virtual background
// or the camera as filmed (both files are kept, so the choice can be changed at any time).
import { useEffect, useState } from 'react';
import type { Take } from '../../../shared/domain/take';
import type { StudioClient } from '../../api/studioClient';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';

export function TakeBackgroundToggle({ studio, take, locked }: { studio: Pick<StudioClient, 'setTakeBackground'>; take: Take; locked: boolean }) {
  const t = useT();
  const notifyError = useUiStore((state) => state.notifyError);
  // The box follows the click at once; the saved take (reloaded by the takes list) then confirms it.
  const [pending, setPending] = useState<boolean | null>(null);
  const saved = take.background?.applied ?? null;
  useEffect(() => {
    if (pending !== null && pending === saved) setPending(null);
  }, [pending, saved]);
  if (!take.background || !take.processed) return null;
  const applied = pending ?? take.background.applied;
  return (
    <label className="take-background" data-testid={`take-background-${take.attempt}`}>
      <input
        type="checkbox"
        checked={applied}
        disabled={locked}
        onChange={(event) => {
          const next = event.target.checked;
          setPending(next);
          studio.setTakeBackground(take.id, next).catch((error: unknown) => {
            setPending(null);
            notifyError(error);
          });
        }}
      />{' '}
      {t('background.takeApplied', { number: take.attempt })}
    </label>
  );
}
