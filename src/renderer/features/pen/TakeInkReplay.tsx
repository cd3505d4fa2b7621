// Runs in the renderer. A take's strokes in its preview: replayed over the slide picture at the video's
// time (the same timeline and geometry the montage uses), and the controls to hide them or remove them.
import { useEffect, useMemo, useState, type ReactNode, type RefObject } from 'react';
import type { Take } from '../../../shared/domain/take';
import { inkOnSlide, sortInkEvents } from '../../../shared/logic/strokes/inkTimeline';
import type { StudioClient } from '../../api/studioClient';
import { ConfirmDialog } from '../../components/Dialog';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';
import { InkLayer } from './InkLayer';
import { useTakeInkStore } from './takeInkStore';

type InkApi = Pick<StudioClient, 'getTakeInk' | 'setTakeInkShown' | 'deleteTakeInk'>;

/** The video's time in ms, followed every frame while it plays. */
function useVideoTime(video: RefObject<HTMLVideoElement | null>): number {
  const [ms, setMs] = useState(0);
  useEffect(() => {
    const element = video.current;
    if (!element) return;
    let frame = 0;
    const read = () => setMs(element.currentTime * 1000);
    const tick = () => {
      read();
      if (!element.paused && !element.ended) frame = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    element.addEventListener('play', onPlay);
    element.addEventListener('seeked', read);
    element.addEventListener('timeupdate', read);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('play', onPlay);
      element.removeEventListener('seeked', read);
      element.removeEventListener('timeupdate', read);
    };
  }, [video]);
  return ms;
}

/** Wraps the playback's slide picture: the take's strokes drawn over it as the video plays. */
export function InkReplayStage({ studio, take, video, slideIndex, children }: { studio: InkApi; take: Take; video: RefObject<HTMLVideoElement | null>; slideIndex: number; children: ReactNode }) {
  const t = useT();
  const notifyError = useUiStore((state) => state.notifyError);
  const ink = useTakeInkStore((state) => (state.takeId === take.id ? state.ink : null));
  const ms = useVideoTime(video);
  useEffect(() => {
    useTakeInkStore.getState().load(studio, take.id).catch(notifyError);
  }, [studio, take.id, notifyError]);
  const sorted = useMemo(() => sortInkEvents(ink?.events ?? []), [ink]);
  const visible = ink?.shown && sorted.length > 0 ? inkOnSlide(sorted, slideIndex, ms) : null;
  return (
    <InkLayer ink={visible} label={t('pen.surface', { number: slideIndex + 1 })} testId="pen-replay">
      {children}
    </InkLayer>
  );
}

/** Show or hide a take's strokes (kept either way), or remove them after a confirmation. */
export function TakeInkControls({ studio, take }: { studio: InkApi; take: Take }) {
  const t = useT();
  const notifyError = useUiStore((state) => state.notifyError);
  const ink = useTakeInkStore((state) => (state.takeId === take.id ? state.ink : null));
  const [confirming, setConfirming] = useState(false);
  const drawn = ink?.events.filter((event) => event.type === 'pen' || event.type === 'highlighter').length ?? 0;
  if (!ink || ink.events.length === 0) return null;
  return (
    <div className="pen-take-ink" data-testid="take-ink">
      <span className="muted">{t('pen.inkCount', { count: drawn })}</span>
      <label>
        <input type="checkbox" checked={ink.shown} onChange={(event) => {
            useTakeInkStore.getState().setShown(studio, event.target.checked).catch(notifyError);
          }} /> {t('pen.showInk')}
      </label>
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        {t('pen.removeInk')}
      </button>
      <ConfirmDialog
        open={confirming}
        title={t('pen.removeInkTitle', { number: take.attempt })}
        body={t('pen.removeInkText')}
        confirmLabel={t('pen.removeInk')}
        cancelLabel={t('app.cancel')}
        danger
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          useTakeInkStore.getState().remove(studio).catch(notifyError);
        }}
      />
    </div>
  );
}
