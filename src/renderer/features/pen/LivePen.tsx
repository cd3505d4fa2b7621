// Runs in the renderer. The pen in the Live panel: the same toolbar and shortcuts, drawing with the
// pointer on the program preview, the ink painted into the composed program itself (so viewers and the
// local recording see it), at the slide's place from the shared layout maths. Each slide keeps its
// drawing; nothing is saved beside the stream (the program is the record).
import { useEffect } from 'react';
import type { Rect } from '../../../shared/logic/layoutGeometry';
import { INK_WIDTHS } from '../../../shared/logic/strokes/inkEvents';
import { paintInk, pixelsToSlide } from '../../../shared/logic/strokes/inkGeometry';
import { capturePointer } from './capturePointer';
import { colorFor, rehearsalSession, usePenStore } from './penStore';
import { PenToolbar } from './PenToolbar';

/** What the pen needs of the live program's compositor. */
export interface PenProgram {
  readonly canvas: HTMLCanvasElement;
  readonly slideRect: Rect | null;
  setOverlay(overlay: ((context: CanvasRenderingContext2D, slide: Rect) => void) | null): void;
}

export function LivePen({ program, slideIndex }: { program: PenProgram; slideIndex: number }) {
  const tool = usePenStore((state) => state.tool);
  const session = usePenStore((state) => state.session);

  // A fresh drawing for this program; the compositor paints it into every frame.
  useEffect(() => {
    usePenStore.getState().setSession(rehearsalSession());
    program.setOverlay((context, slide) => {
      const pen = usePenStore.getState();
      paintInk(context, pen.session.visible(pen.slideIndex), slide);
    });
    return () => program.setOverlay(null);
  }, [program]);

  useEffect(() => {
    session.endDraw();
    session.slide(slideIndex);
    usePenStore.getState().setSlideIndex(slideIndex);
  }, [session, slideIndex]);

  // Pointer events on the program preview: CSS pixels → program pixels → slide coordinates.
  useEffect(() => {
    const canvas = program.canvas;
    canvas.style.touchAction = tool ? 'none' : '';
    canvas.style.cursor = tool ? (tool === 'eraser' ? 'cell' : 'crosshair') : '';
    if (!tool) return;
    let pointerId: number | null = null;
    const toSlide = (event: PointerEvent) => {
      const slide = program.slideRect;
      if (!slide || canvas.clientWidth === 0 || canvas.clientHeight === 0) return null;
      return pixelsToSlide((event.offsetX * canvas.width) / canvas.clientWidth, (event.offsetY * canvas.height) / canvas.clientHeight, slide);
    };
    const aspect = () => (program.slideRect ? program.slideRect.width / program.slideRect.height : 16 / 9);
    const onDown = (event: PointerEvent) => {
      const point = toSlide(event);
      const { color, widthIndex } = usePenStore.getState();
      if (!point || (event.pointerType === 'mouse' && event.button !== 0)) return;
      event.preventDefault();
      capturePointer(canvas, event.pointerId);
      pointerId = event.pointerId;
      if (tool === 'eraser') session.eraseAt(slideIndex, point.x, point.y, aspect());
      else session.beginDraw(tool, slideIndex, point.x, point.y, colorFor(tool, color), INK_WIDTHS[widthIndex] ?? INK_WIDTHS[1]);
    };
    const onMove = (event: PointerEvent) => {
      if (event.pointerId !== pointerId) return;
      const point = toSlide(event);
      if (!point) return;
      if (tool === 'eraser') session.eraseAt(slideIndex, point.x, point.y, aspect());
      else session.extendDraw(point.x, point.y);
    };
    const onUp = (event: PointerEvent) => {
      if (event.pointerId !== pointerId) return;
      pointerId = null;
      session.endDraw();
    };
    canvas.addEventListener('pointerdown', onDown);
    canvas.addEventListener('pointermove', onMove);
    canvas.addEventListener('pointerup', onUp);
    canvas.addEventListener('pointercancel', onUp);
    return () => {
      session.endDraw();
      canvas.removeEventListener('pointerdown', onDown);
      canvas.removeEventListener('pointermove', onMove);
      canvas.removeEventListener('pointerup', onUp);
      canvas.removeEventListener('pointercancel', onUp);
    };
  }, [program, tool, session, slideIndex]);

  return <PenToolbar rehearsalNote={false} />;
}
