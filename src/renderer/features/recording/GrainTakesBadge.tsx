// Runs in the renderer. In the editor's grain header: how many takes the grain has and a button to
// record it (opens the recording step on that grain).
import { useEffect, useState } from 'react';
import type { SlotProps } from '../registry';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';

export function GrainTakesBadge({ studio, capsule, grain }: SlotProps['editor.grain']) {
  const t = useT();
  const [count, setCount] = useState<number | null>(null);
  const navigate = useUiStore((state) => state.navigate);
  useEffect(() => {
    const load = () => {
      studio
        .listTakes(grain.id)
        .then((takes) => setCount(takes.length))
        .catch((error: unknown) => console.warn('could not count the takes of a grain', error));
    };
    load();
    return studio.on('take.changed', ({ grainId }) => {
      if (grainId === grain.id) load();
    });
  }, [studio, grain.id]);
  return (
    <button type="button" className="link-button grain-takes" onClick={() => navigate('record', capsule.id)} title={t('recording.start')}>
      ● {count ? t('recording.takes', { count }) : t('recording.noTake')}
    </button>
  );
}
