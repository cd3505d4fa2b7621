// Runs in the renderer. Takes an interruption left behind (a crash, a closed window, a full disk),
// repaired by the main side and offered back: keep or discard, like Kap's "didn't shut down correctly".
import { useCallback, useEffect, useState } from 'react';
import type { CapsuleDetail } from '../../../shared/domain/capsule';
import type { Take } from '../../../shared/domain/take';
import type { StudioClient } from '../../api/studioClient';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';
import { formatClock } from './logic/mediaClock';

export function RecoveredTakes({ studio, capsule }: { studio: StudioClient; capsule: CapsuleDetail }) {
  const t = useT();
  const [recovered, setRecovered] = useState<Take[]>([]);
  const notifyError = useUiStore((state) => state.notifyError);
  const load = useCallback(() => {
    studio.listRecoveredTakes(capsule.id).then(setRecovered).catch(notifyError);
  }, [studio, capsule.id, notifyError]);
  useEffect(() => {
    load();
    const off = studio.on('take.recovered', (take) => {
      if (take.capsuleId === capsule.id) load();
    });
    return off;
  }, [studio, capsule.id, load]);

  if (recovered.length === 0) return null;
  const grainNumber = (grainId: string) => capsule.grains.findIndex((grain) => grain.id === grainId) + 1;
  const decide = (take: Take, decision: 'keep' | 'discard') => {
    studio
      .acknowledgeRecoveredTake(take.id, decision)
      .then(load)
      .catch(notifyError);
  };
  return (
    <section className="recovered" role="alert" aria-label={t('recording.recoveredTitle')} data-testid="recovered-takes">
      <h2>{t('recording.recoveredTitle')}</h2>
      {recovered.map((take) => (
        <div key={take.id} className="recovered-take">
          <p>
            {take.state === 'ready'
              ? t('recording.recoveredText', { number: take.attempt, grain: grainNumber(take.grainId), time: formatClock(take.durationMs ?? 0) })
              : t('recording.recoveredFailed', { number: take.attempt, grain: grainNumber(take.grainId) })}
          </p>
          {take.state === 'ready' && (
            <button type="button" onClick={() => decide(take, 'keep')}>
              {t('recording.keep')}
            </button>
          )}
          <button type="button" className="danger" onClick={() => decide(take, 'discard')}>
            {t('recording.discard')}
          </button>
        </div>
      ))}
    </section>
  );
}
