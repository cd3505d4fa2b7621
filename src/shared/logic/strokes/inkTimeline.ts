// Runs everywhere (shared, pure). The pen's timeline: what ink is visible at a time t of a take,
// from its events (strokes drawn progressively, erase, undo and clear per slide, the laser pointer
// while held). The take preview, the Record step's overlay and the montage all ask this one place.
import { inkEventEndMs, isDrawn, type InkEvent, type InkPoint } from './inkEvents';

export interface VisibleStroke {
  id: string;
  tool: 'pen' | 'highlighter';
  color: string;
  width: number;
  /** The points drawn by time t (a stroke appears as it was drawn). */
  points: InkPoint[];
}

export interface VisibleInk {
  slideIndex: number;
  strokes: VisibleStroke[];
  /** The laser pointer's place while it is held, else null. */
  pointer: { x: number; y: number; color: string } | null;
}

/** Events by start time (stable: same-time events keep their written order). */
export function sortInkEvents(events: readonly InkEvent[]): InkEvent[] {
  return events.map((event, index) => ({ event, index })).sort((a, b) => a.event.atMs - b.event.atMs || a.index - b.index).map(({ event }) => event);
}

/** The slide shown at t according to the log's own `slide` events (0 before any). */
export function inkSlideAt(events: readonly InkEvent[], t: number): number {
  let slide = 0;
  for (const event of sortInkEvents(events)) {
    if (event.atMs > t) break;
    if (event.type === 'slide') slide = event.slideIndex;
  }
  return slide;
}

type Action = { kind: 'stroke'; event: InkEvent } | { kind: 'erase'; targets: ReadonlySet<string> } | { kind: 'clear' };

/**
 * The ink of one slide at time t: strokes replayed in order, an erase removing its targets, a
 * clear emptying the slide, an undo taking back the slide's last stroke, erase or clear.
 * `sorted` must come from sortInkEvents (callers that ask many times sort once).
 */
export function inkOnSlide(sorted: readonly InkEvent[], slideIndex: number, t: number): VisibleInk {
  const actions: Action[] = [];
  let pointer: VisibleInk['pointer'] = null;
  for (const event of sorted) {
    if (event.atMs > t) break;
    if (event.slideIndex !== slideIndex) continue;
    switch (event.type) {
      case 'pen':
      case 'highlighter':
        actions.push({ kind: 'stroke', event });
        break;
      case 'erase':
        actions.push({ kind: 'erase', targets: new Set(event.targets ?? []) });
        break;
      case 'clear':
        actions.push({ kind: 'clear' });
        break;
      case 'undo':
        actions.pop();
        break;
      case 'pointer': {
        const end = inkEventEndMs(event);
        const shown = (event.points ?? []).filter((point) => point[2] <= t);
        const last = shown[shown.length - 1];
        pointer = t <= end && last ? { x: last[0], y: last[1], color: event.color ?? '#ff1744' } : pointer;
        break;
      }
      default:
        break;
    }
  }
  let strokes: InkEvent[] = [];
  for (const action of actions) {
    if (action.kind === 'stroke') strokes.push(action.event);
    else if (action.kind === 'clear') strokes = [];
    else strokes = strokes.filter((stroke) => !action.targets.has(stroke.id));
  }
  return {
    slideIndex,
    pointer,
    strokes: strokes
      .map((stroke) => ({
        id: stroke.id,
        tool: stroke.type === 'highlighter' ? ('highlighter' as const) : ('pen' as const),
        color: stroke.color ?? '#e53935',
        width: stroke.width ?? 0.008,
        points: (stroke.points ?? []).filter((point) => point[2] <= t),
      }))
      .filter((stroke) => stroke.points.length > 0),
  };
}

/** The ink at t on the slide the log's own `slide` events say is shown. */
export function inkAt(events: readonly InkEvent[], t: number): VisibleInk {
  const sorted = sortInkEvents(events);
  return inkOnSlide(sorted, inkSlideAt(sorted, t), t);
}

/**
 * Every time at which what is visible may change: each sampled point, each erase/undo/clear/slide,
 * and just after a pointer is released. Sorted, without duplicates.
 */
export function inkChangeTimes(events: readonly InkEvent[]): number[] {
  const times = new Set<number>();
  for (const event of events) {
    times.add(event.atMs);
    if (isDrawn(event)) for (const point of event.points ?? []) times.add(point[2]);
    if (event.type === 'pointer') times.add(inkEventEndMs(event) + 1);
  }
  return [...times].sort((a, b) => a - b);
}

/** Whether two visible states draw the same picture (the montage writes one image per distinct state). */
export function sameInk(a: VisibleInk, b: VisibleInk): boolean {
  if (a.strokes.length !== b.strokes.length) return false;
  if ((a.pointer === null) !== (b.pointer === null)) return false;
  if (a.pointer && b.pointer && (a.pointer.x !== b.pointer.x || a.pointer.y !== b.pointer.y || a.pointer.color !== b.pointer.color)) return false;
  return a.strokes.every((stroke, index) => {
    const other = b.strokes[index]!;
    return stroke.id === other.id && stroke.points.length === other.points.length && stroke.color === other.color && stroke.width === other.width && stroke.tool === other.tool;
  });
}

export function isEmptyInk(ink: VisibleInk): boolean {
  return ink.strokes.length === 0 && ink.pointer === null;
}

/**
 * Whether a take's pen events ever draw anything: the recorder notes every slide change in the strokes
 * file, so a take on which the teacher never drew still has events (and erase, undo, clear alone show nothing).
 */
export function drawsInk(events: readonly InkEvent[] | null | undefined): boolean {
  return (events ?? []).some((event) => event.type === 'pen' || event.type === 'highlighter' || event.type === 'pointer');
}
