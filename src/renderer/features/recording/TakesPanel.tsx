// Runs in the renderer. The takes of one grain, newest first: every take is kept; the active one (the
// one the video uses: by default the newest finished take) is marked, any other is one click from
// being used, played back in the stage beside its slides, or deleted after a confirmation.
import { useState } from 'react';
import type { Take } from '../../../shared/domain/take';
import type { StudioClient } from '../../api/studioClient';
import { ConfirmDialog } from '../../components/Dialog';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';
import { formatClock } from './logic/mediaClock';
import { TakeBackgroundToggle } from '../background/TakeBackgroundToggle';

interface TakesPanelProps {
  studio: StudioClient;
  grainNumber: number;
  /** This grain's takes, newest first. */
  takes: Take[];
  locked: boolean;
  playingId: string | null;
  onPlay(takeId: string | null): void;
}

export function TakesPanel({ studio, grainNumber, takes, locked, playingId, onPlay }: TakesPanelProps) {
  const t = useT();
  const [confirmDelete, setConfirmDelete] = useState<Take | null>(null);
  const notifyError = useUiStore((state) => state.notifyError);

  return (
    <section className="takes-panel" aria-labelledby="takes-panel-title">
      <h2 id="takes-panel-title">{t('recording.takesOfGrain', { number: grainNumber })}</h2>
      <ol className="takes-list" data-testid="takes-list">
        {takes.map((take) => (
          <li key={take.id} className={`take-row ${take.isActive ? 'take-active' : ''}`} data-testid={`take-${take.attempt}`} data-active={take.isActive ? 'true' : 'false'}>
            <span className="take-name">{t('recording.take', { number: take.attempt })}</span>
            <span className="take-facts">
              {take.state === 'ready' && take.durationMs !== null && formatClock(take.durationMs)}
              {take.state === 'ready' && take.hasVideo === false && ` · ${t('recording.takeAudioOnly')}`}
              {take.state === 'failed' && t('recording.takeFailed')}
              {(take.state === 'recording' || take.state === 'complete' || take.state === 'interrupted') && t('recording.takeProcessing')}
            </span>
            {take.isActive && <span className="badge">{t('recording.takeInVideo')}</span>}
            <TakeBackgroundToggle studio={studio} take={take} locked={locked} /> {/* virtual background (issue #15) */}
            <span className="take-actions">
              {take.state === 'ready' && (
                <button type="button" onClick={() => onPlay(playingId === take.id ? null : take.id)} aria-pressed={playingId === take.id} aria-label={t('recording.playTake', { number: take.attempt })}>
                  {playingId === take.id ? t('recording.stopPlaying') : t('recording.play')}
                </button>
              )}
              {take.state === 'ready' && !take.isActive && (
                <button type="button" disabled={locked} onClick={() => {
                    studio.setActiveTake(take.id).catch(notifyError);
                  }}
                  data-testid={`use-take-${take.attempt}`}>
                  {t('recording.makeActive')}
                </button>
              )}
              {take.state !== 'recording' && (
                <button type="button" className="danger" disabled={locked} onClick={() => setConfirmDelete(take)} aria-label={t('recording.deleteTakeNumber', { number: take.attempt })}>
                  {t('recording.deleteTake')}
                </button>
              )}
            </span>
          </li>
        ))}
      </ol>
      {takes.length === 0 && <p className="muted">{t('recording.noTake')}</p>}
      <ConfirmDialog
        open={confirmDelete !== null}
        title={t('recording.deleteTitle', { number: confirmDelete?.attempt ?? 0 })}
        body={t('recording.deleteText')}
        confirmLabel={t('recording.deleteTake')}
        cancelLabel={t('app.cancel')}
        danger
        onCancel={() => setConfirmDelete(null)}
        onConfirm={() => {
          const take = confirmDelete;
          setConfirmDelete(null);
          if (take) {
            if (playingId === take.id) onPlay(null);
            studio.deleteTake(take.id).catch(notifyError);
          }
        }}
      />
    </section>
  );
}
