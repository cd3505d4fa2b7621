// Runs in the renderer. The Record step's slide as a drawing surface: wraps the slide picture with the
// pen's canvas (mouse, pen tablet or touch through pointer events), records what is drawn on the
// running take's media clock, and keeps each slide's drawing with its slide.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type PointerEvent, type ReactNode } from 'react';
import { INK_WIDTHS } from '../../../shared/logic/strokes/inkEvents';
import { pixelsToSlide } from '../../../shared/logic/strokes/inkGeometry';
import type { StudioClient } from '../../api/studioClient';
import { useT } from '../../i18n/useT';
import { useUiStore } from '../../stores/uiStore';
import { InkLayer, type SlideBox } from './InkLayer';
import { InkSession } from './inkSession';
import { capturePointer } from './capturePointer';
import { colorFor, rehearsalSession, usePenStore } from './penStore';

/** What the stage needs of the take being recorded: its id and its media clock. */
export interface PenTake {
  readonly takeId: string | null;
  elapsed(): number;
}

interface PenStageProps {
  studio: Pick<StudioClient, 'appendTakeInk'>;
  /** The take being recorded (null: not recording, drawings are a rehearsal). */
  take: PenTake | null;
  slideIndex: number;
  children: ReactNode;
}

export function PenStage({ studio, take, slideIndex, children }: PenStageProps) {
  const t = useT();
  const notifyError = useUiStore((state) => state.notifyError);
  const tool = usePenStore((state) => state.tool);
  const session = usePenStore((state) => state.session);
  const geometry = useRef<SlideBox | null>(null);
  const [pointerId, setPointerId] = useState<number | null>(null);
  const takeId = take?.takeId ?? null;
  const takeRef = useRef(take);
  takeRef.current = take;

  // One session per take: a new take starts with blank slides; between takes, a rehearsal.
  useEffect(() => {
    const recorder = takeRef.current;
    const next =
      takeId && recorder
        ? new InkSession({ clock: () => recorder.elapsed(), send: (events) => studio.appendTakeInk(takeId, events), onError: notifyError })
        : rehearsalSession();
    usePenStore.getState().setSession(next);
  }, [takeId, studio, notifyError]);

  // The slide shown is part of the record: drawings leave with their slide and come back with it.
  useEffect(() => {
    session.endDraw();
    session.slide(slideIndex);
    usePenStore.getState().setSlideIndex(slideIndex);
  }, [session, slideIndex]);

  useSyncExternalStore(
    useCallback((listener) => session.subscribe(listener), [session]),
    () => session.changes,
  );
  const ink = session.visible(slideIndex);

  const toSlide = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = geometry.current;
    if (!box) return null;
    return pixelsToSlide(event.nativeEvent.offsetX, event.nativeEvent.offsetY, box.slide);
  };

  const onPointerDown = (event: PointerEvent<HTMLCanvasElement>) => {
    const { tool: current, color, widthIndex } = usePenStore.getState();
    const point = toSlide(event);
    if (!current || !point || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    capturePointer(event.currentTarget, event.pointerId);
    setPointerId(event.pointerId);
    if (current === 'eraser') session.eraseAt(slideIndex, point.x, point.y, geometry.current!.aspect);
    else session.beginDraw(current, slideIndex, point.x, point.y, colorFor(current, color), INK_WIDTHS[widthIndex] ?? INK_WIDTHS[1]);
  };

  const onPointerMove = (event: PointerEvent<HTMLCanvasElement>) => {
    if (pointerId !== event.pointerId) return;
    // A pen or a finger sends several samples per frame: keep them all for a smooth line.
    const samples = typeof event.nativeEvent.getCoalescedEvents === 'function' ? event.nativeEvent.getCoalescedEvents() : [];
    const box = geometry.current;
    for (const sample of samples.length > 0 ? samples : [event.nativeEvent]) {
      if (!box) break;
      const point = pixelsToSlide(sample.offsetX, sample.offsetY, box.slide);
      if (usePenStore.getState().tool === 'eraser') session.eraseAt(slideIndex, point.x, point.y, box.aspect);
      else session.extendDraw(point.x, point.y);
    }
  };

  const onPointerUp = (event: PointerEvent<HTMLCanvasElement>) => {
    if (pointerId !== event.pointerId) return;
    setPointerId(null);
    session.endDraw();
  };

  const onGeometry = useCallback((next: SlideBox | null) => {
    geometry.current = next;
  }, []);

  const label = tool ? t('pen.surface', { number: slideIndex + 1 }) : t('pen.surfaceIdle', { number: slideIndex + 1 });
  return (
    <InkLayer
      ink={ink}
      interactive={tool !== null}
      label={label}
      cursor={tool === 'eraser' ? 'cell' : 'crosshair'}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onGeometry={onGeometry}
      testId="pen-surface"
    >
      {children}
    </InkLayer>
  );
}
