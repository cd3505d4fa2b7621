// Runs in the renderer. A canvas laid exactly over a slide picture (the <img> child), painting ink with
// the shared paintInk at the slide's place inside the picture's box (fitRect of the shared layout
// maths, as object-fit: contain places it), so ink drawn here lands where the montage draws it.
import { useCallback, useEffect, useLayoutEffect, useRef, useState, type PointerEventHandler, type ReactNode } from 'react';
import { fitRect, type Rect } from '../../../shared/logic/layoutGeometry';
import { paintInk } from '../../../shared/logic/strokes/inkGeometry';
import type { VisibleInk } from '../../../shared/logic/strokes/inkTimeline';

export interface SlideBox {
  /** The picture's box inside the wrapper, in CSS pixels. */
  box: Rect;
  /** Where the slide itself is inside that box (CSS pixels, relative to the box). */
  slide: Rect;
  /** The slide's width / height. */
  aspect: number;
}

interface InkLayerProps {
  ink: VisibleInk | null;
  children: ReactNode;
  /** Pointer handlers make the canvas a drawing surface; without them it lets clicks through. */
  interactive?: boolean;
  label: string;
  cursor?: string;
  onPointerDown?: PointerEventHandler<HTMLCanvasElement>;
  onPointerMove?: PointerEventHandler<HTMLCanvasElement>;
  onPointerUp?: PointerEventHandler<HTMLCanvasElement>;
  /** Reports the geometry whenever it changes (for turning pointer positions into slide points). */
  onGeometry?: (geometry: SlideBox | null) => void;
  testId?: string;
}

function measure(wrapper: HTMLElement | null): SlideBox | null {
  const image = wrapper?.querySelector('img');
  if (!image || !image.naturalWidth || !image.naturalHeight || !image.offsetWidth || !image.offsetHeight) return null;
  const box = { x: image.offsetLeft, y: image.offsetTop, width: image.offsetWidth, height: image.offsetHeight };
  const natural = { width: image.naturalWidth, height: image.naturalHeight };
  return { box, slide: fitRect(natural, { x: 0, y: 0, width: box.width, height: box.height }), aspect: natural.width / natural.height };
}

export function InkLayer({ ink, children, interactive = false, label, cursor, onPointerDown, onPointerMove, onPointerUp, onGeometry, testId }: InkLayerProps) {
  const wrapper = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [geometry, setGeometry] = useState<SlideBox | null>(null);

  const remeasure = useCallback(() => {
    const next = measure(wrapper.current);
    setGeometry((current) => (JSON.stringify(current) === JSON.stringify(next) ? current : next));
  }, []);

  useEffect(() => {
    const element = wrapper.current;
    if (!element) return;
    remeasure();
    const observer = new ResizeObserver(remeasure);
    observer.observe(element);
    const image = element.querySelector('img');
    if (image) observer.observe(image);
    // A new slide picture: measure once it has loaded (its natural size is known then).
    element.addEventListener('load', remeasure, true);
    return () => {
      observer.disconnect();
      element.removeEventListener('load', remeasure, true);
    };
  }, [remeasure]);

  useEffect(() => onGeometry?.(geometry), [geometry, onGeometry]);

  useLayoutEffect(() => {
    const element = canvas.current;
    if (!element || !geometry) return;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.round(geometry.box.width * ratio);
    const height = Math.round(geometry.box.height * ratio);
    if (element.width !== width) element.width = width;
    if (element.height !== height) element.height = height;
    const context = element.getContext('2d');
    if (!context) return;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, width, height);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    if (ink) paintInk(context, ink, geometry.slide);
  }, [ink, geometry]);

  return (
    <div className="pen-stage" ref={wrapper}>
      {children}
      <canvas
        ref={canvas}
        className={`pen-canvas ${interactive ? 'is-drawing' : ''}`}
        data-testid={testId}
        role="img"
        aria-label={label}
        style={geometry ? { left: geometry.box.x, top: geometry.box.y, width: geometry.box.width, height: geometry.box.height, cursor } : { display: 'none' }}
        onPointerDown={interactive ? onPointerDown : undefined}
        onPointerMove={interactive ? onPointerMove : undefined}
        onPointerUp={interactive ? onPointerUp : undefined}
        onPointerCancel={interactive ? onPointerUp : undefined}
      />
    </div>
  );
}
