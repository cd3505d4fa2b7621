// Runs in the renderer. One drawing session over the slides: during a take, every stroke, erase, undo,
// clear and slide change is stamped on the take's media clock and sent to the take's strokes file as
// soon as it is done (in order, one call at a time); outside a take, a rehearsal kept in memory only.
import { type InkEvent, type InkPoint, type InkTool } from '../../../shared/logic/strokes/inkEvents';
import { strokesNear } from '../../../shared/logic/strokes/inkGeometry';
import { inkOnSlide, sortInkEvents, type VisibleInk } from '../../../shared/logic/strokes/inkTimeline';

export interface InkSessionOptions {
  /** The take's media time in ms (frozen while paused). */
  clock(): number;
  /** Saves events (absent for a rehearsal). */
  send?: (events: InkEvent[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

/** The eraser's reach around the pointer, as a fraction of the slide's height. */
const ERASER_RADIUS = 0.015;

let counter = 0;
function newId(): string {
  counter += 1;
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID().slice(0, 8) : Math.random().toString(36).slice(2, 10);
  return `ink${Date.now().toString(36)}${counter}${random}`.slice(0, 64);
}

export class InkSession {
  readonly events: InkEvent[] = [];
  private draft: (InkEvent & { points: InkPoint[] }) | null = null;
  private readonly listeners = new Set<() => void>();
  private sending: Promise<void> = Promise.resolve();
  private version = 0;

  constructor(private readonly options: InkSessionOptions) {}

  get recording(): boolean {
    return this.options.send !== undefined;
  }

  get changes(): number {
    return this.version;
  }

  now(): number {
    return Math.max(0, Math.round(this.options.clock()));
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The slide now shown: drawings belong to it (they leave with it and come back with it). */
  slide(slideIndex: number): void {
    this.commit({ type: 'slide', id: newId(), slideIndex, atMs: this.now() });
  }

  beginDraw(type: InkTool | 'pointer', slideIndex: number, x: number, y: number, color: string, width: number): void {
    const atMs = this.now();
    this.draft = { type, id: newId(), slideIndex, atMs, color, ...(type === 'pointer' ? {} : { width }), points: [[x, y, atMs]] };
    this.changed();
  }

  extendDraw(x: number, y: number): void {
    if (!this.draft) return;
    const last = this.draft.points[this.draft.points.length - 1]!;
    if (last[0] === x && last[1] === y) return;
    this.draft.points.push([x, y, Math.max(last[2], this.now())]);
    this.changed();
  }

  endDraw(): void {
    const draft = this.draft;
    this.draft = null;
    if (!draft) return;
    // The laser pointer shows until it is released, even held still: its path ends at the release.
    const last = draft.points[draft.points.length - 1]!;
    const now = this.now();
    if (draft.type === 'pointer' && now > last[2]) draft.points.push([last[0], last[1], now]);
    this.commit(draft);
  }

  get drawing(): boolean {
    return this.draft !== null;
  }

  /** Erases the strokes of the slide under (x, y); `aspect` is the slide's width / height. */
  eraseAt(slideIndex: number, x: number, y: number, aspect: number): void {
    const targets = strokesNear(this.visible(slideIndex), x, y, ERASER_RADIUS, aspect);
    if (targets.length > 0) this.commit({ type: 'erase', id: newId(), slideIndex, atMs: this.now(), targets });
  }

  undo(slideIndex: number): void {
    this.commit({ type: 'undo', id: newId(), slideIndex, atMs: this.now() });
  }

  clear(slideIndex: number): void {
    if (this.visible(slideIndex).strokes.length > 0) this.commit({ type: 'clear', id: newId(), slideIndex, atMs: this.now() });
  }

  /** What a slide shows now, the stroke being drawn included. */
  visible(slideIndex: number): VisibleInk {
    const draft = this.draft;
    const ink = inkOnSlide(sortInkEvents(draft && draft.type !== 'pointer' ? [...this.events, draft] : this.events), slideIndex, Number.MAX_SAFE_INTEGER);
    ink.pointer = null;
    if (draft?.type === 'pointer' && draft.slideIndex === slideIndex) {
      const last = draft.points[draft.points.length - 1]!;
      ink.pointer = { x: last[0], y: last[1], color: draft.color ?? '#ff1744' };
    }
    return ink;
  }

  /** Resolves once everything drawn so far is saved. */
  flushed(): Promise<void> {
    return this.sending;
  }

  private commit(event: InkEvent): void {
    this.events.push(event);
    const send = this.options.send;
    if (send) {
      this.sending = this.sending.then(() => send([event])).catch((error: unknown) => this.options.onError?.(error));
    }
    this.changed();
  }

  private changed(): void {
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
