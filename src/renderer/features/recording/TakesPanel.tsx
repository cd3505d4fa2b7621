// Runs in the renderer. The takes of one grain: every take is kept; the user plays any of them back
// with its slide changes, chooses the active one, and deletes one after a confirmation.
import { useState } from 'react';
import type { Grain } from '../../../shared/domain/capsule';
import type { Take } from '../../../shared/domain/take';
import type { StudioClient } from '../../api/studioClient';
import { Dialog } from '../../components/Dialog';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';
import { formatClock } from './logic/mediaClock';
import { slideAt } from './logic/prompterPosition';

interface TakesPanelProps {
  studio: StudioClient;
  grain: Grain;
  grainNumber: number;
  takes: Take[];
  locked: boolean;
}

export function TakesPanel({ studio, grain, grainNumber, takes, locked }: TakesPanelProps) {
  const t = useT();
  const [playing, setPlaying] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<Take | null>(null);
  const notifyError = useUiStore((state) => state.notifyError);
  const playingTake = takes.find((take) => take.id === playing) ?? null;

  return (
    <section className="takes-panel" aria-label={t('recording.takesOfGrain', { number: grainNumber })}>
      <h2>{t('recording.takesOfGrain', { number: grainNumber })}</h2>
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
            {take.isActive && <span className="badge">{t('recording.takeActive')}</span>}
            <span className="take-actions">
              {take.state === 'ready' && (
                <button type="button" onClick={() => setPlaying(playing === take.id ? null : take.id)} aria-pressed={playing === take.id}>
                  {t('recording.play')}
                </button>
              )}
              {take.state === 'ready' && !take.isActive && (
                <button type="button" disabled={locked} onClick={() => studio.setActiveTake(take.id).catch(notifyError)}>
                  {t('recording.makeActive')}
                </button>
              )}
              {take.state !== 'recording' && (
                <button type="button" className="danger" disabled={locked} onClick={() => setConfirmDelete(take)}>
                  {t('recording.deleteTake')}
                </button>
              )}
            </span>
          </li>
        ))}
      </ol>
      {takes.length === 0 && <p className="muted">{t('recording.noTake')}</p>}
      {playingTake && <TakePlayback studio={studio} grain={grain} take={playingTake} />}
      <Dialog open={confirmDelete !== null} title={t('recording.deleteTitle', { number: confirmDelete?.attempt ?? 0 })} onClose={() => setConfirmDelete(null)}>
        <p>{t('recording.deleteText')}</p>
        <div className="dialog-actions">
          <button type="button" onClick={() => setConfirmDelete(null)}>
            {t('app.cancel')}
          </button>
          <button
            type="button"
            className="danger"
            onClick={() => {
              const take = confirmDelete;
              setConfirmDelete(null);
              if (take) {
                if (playing === take.id) setPlaying(null);
                studio.deleteTake(take.id).catch(notifyError);
              }
            }}
          >
            {t('recording.deleteTake')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}

/** Plays a take beside the slide its events say was shown at that moment. */
function TakePlayback({ studio, grain, take }: { studio: StudioClient; grain: Grain; take: Take }) {
  const t = useT();
  const [slideIndex, setSlideIndex] = useState(0);
  const slide = grain.slides[Math.min(slideIndex, grain.slides.length - 1)];
  return (
    <div className="take-playback" data-testid="take-playback">
      {slide && <img className="take-playback-slide" src={studio.platform.mediaUrl(slide.image)} alt={t('recording.playbackSlide', { number: slideIndex + 1 })} data-slide-index={slideIndex} />}
      <video
        className="take-playback-video"
        src={studio.platform.mediaUrl(take.media)}
        controls
        autoPlay
        onTimeUpdate={(event) => setSlideIndex(slideAt(take.events, event.currentTarget.currentTime * 1000))}
      />
    </div>
  );
}
