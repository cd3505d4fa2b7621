// Runs in the renderer. A take played back in the stage, large enough to judge it: the camera beside
// the slide its events say was shown at that moment, with the take's own controls.
import { useRef, useState } from 'react';
import type { Grain } from '../../../shared/domain/capsule';
import type { Take } from '../../../shared/domain/take';
import type { StudioClient } from '../../api/studioClient';
import { useT } from '../../i18n/useT';
import { slideAt } from './logic/prompterPosition';
import { InkReplayStage, TakeInkControls } from '../pen'; // pen (issue 15)

export function TakePlayback({ studio, grain, take, onClose }: { studio: StudioClient; grain: Grain; take: Take; onClose(): void }) {
  const t = useT();
  const [slideIndex, setSlideIndex] = useState(0);
  const videoRef = useRef<HTMLVideoElement>(null); // pen (issue 15)
  const slide = grain.slides[Math.min(slideIndex, grain.slides.length - 1)];
  return (
    <section className="take-playback" data-testid="take-playback" aria-label={t('recording.playingTake', { number: take.attempt })}>
      <div className="take-playback-head">
        <strong>{t('recording.playingTake', { number: take.attempt })}</strong>
        <button type="button" onClick={onClose}>
          {t('recording.backToRecording')}
        </button>
      </div>
      {/* pen (issue 15): show, hide or remove the take's strokes, replayed over the slide below */}
      <TakeInkControls studio={studio} take={take} />
      <div className="take-playback-media">
        <video ref={videoRef} className="take-playback-video" src={studio.platform.mediaUrl(take.media)} controls autoPlay onTimeUpdate={(event) => setSlideIndex(slideAt(take.events, event.currentTarget.currentTime * 1000))} />
        {slide && (
          <InkReplayStage studio={studio} take={take} video={videoRef} slideIndex={slideIndex}>
            <img className="take-playback-slide" src={studio.platform.mediaUrl(slide.image)} alt={t('recording.playbackSlide', { number: slideIndex + 1 })} data-slide-index={slideIndex} />
          </InkReplayStage>
        )}
      </div>
    </section>
  );
}
