// Runs in Node (main side; pure). "Render each distinct visual state once" (https://trac.ffmpeg.org/wiki/Slideshow): collects every
// time the picture can change, evaluates the state at each, and merges consecutive identical states.
// Visibility rules follow bbb-playback: half-open intervals, latest started version of each drawing.
import type { ChatMessage, PresentationRecording, SlideAppearance, ViewBox } from './presentationModel';

export interface VisualState {
  /** Index in recording.slides, or -1 for no slide (before the first upload) or during deskshare. */
  slideIndex: number;
  viewBox: ViewBox | null;
  /** Orders of the visible drawing versions (shapes.svg or tldraw.json, as the recording has). */
  drawings: number[];
  /** Cursor in slide coordinates, or null. */
  cursor: readonly [number, number] | null;
  /** Indices in recording.chat of the visible messages. */
  chat: number[];
  /** The slide area shows the shared screen. */
  deskshare: boolean;
}

export interface StateSegment {
  start: number;
  end: number;
  key: string;
  state: VisualState;
}

export interface TimelineOptions {
  cursor: boolean;
  chat: boolean;
  /** Cursor positions are kept at most once per this many seconds (default 0.2). */
  cursorStepSec?: number;
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

interface Versioned {
  order: number;
  key: string;
  start: number;
  undo: number;
}

/** Latest started version of each key at time t, kept when t is before its undo time. */
export function visibleVersions(versions: readonly Versioned[], t: number): number[] {
  const latest = new Map<string, Versioned>();
  for (const version of versions) {
    if (version.start > t) continue;
    const previous = latest.get(version.key);
    if (!previous || version.start > previous.start || (version.start === previous.start && version.order > previous.order)) latest.set(version.key, version);
  }
  return [...latest.values()].filter((version) => t < version.undo).map((version) => version.order).sort((a, b) => a - b);
}

function latestAt<T extends { time: number }>(events: readonly T[], t: number): T | null {
  // Events are sorted by time: binary search for the last one with time <= t.
  let low = 0;
  let high = events.length - 1;
  let found: T | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const event = events[mid]!;
    if (event.time <= t) {
      found = event;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

function viewBoxFor(slide: SlideAppearance, event: { time: number; viewBox: ViewBox } | null): ViewBox {
  const full: ViewBox = [0, 0, slide.width, slide.height];
  if (!event) return full;
  const [x, y, w, h] = event.viewBox;
  // A viewBox set for an earlier, differently sized slide does not apply to this one.
  const fits = x >= -1 && y >= -1 && x + w <= slide.width * 1.01 + 1 && y + h <= slide.height * 1.01 + 1 && w > 0 && h > 0;
  if (event.time < slide.start && !fits) return full;
  return fits ? event.viewBox : full;
}

export function chatVisibleAt(chat: readonly ChatMessage[], t: number): number[] {
  const out: number[] = [];
  chat.forEach((message, index) => {
    if (message.time <= t && (message.clearedAt === null || t < message.clearedAt)) out.push(index);
  });
  return out;
}

export function buildStateTimeline(recording: PresentationRecording, options: TimelineOptions): StateSegment[] {
  const duration = recording.durationSec;
  const points = new Set<number>([0]);
  const add = (t: number) => {
    if (Number.isFinite(t) && t > 0 && t < duration) points.add(round3(t));
  };
  for (const slide of recording.slides) {
    add(slide.start);
    add(slide.end);
  }
  for (const drawing of recording.drawings) {
    add(drawing.start);
    add(drawing.undo);
  }
  for (const shape of recording.tldrawShapes) {
    add(shape.start);
    add(shape.undo);
  }
  for (const event of recording.panzooms) add(event.time);
  for (const interval of recording.deskshare) {
    add(interval.start);
    add(interval.end);
  }
  const step = options.cursorStepSec ?? 0.2;
  if (options.cursor) for (const event of recording.cursor) add(Math.round(event.time / step) * step);
  if (options.chat) {
    for (const message of recording.chat) {
      add(message.time);
      if (message.clearedAt !== null) add(message.clearedAt);
    }
  }
  const times = [...points].sort((a, b) => a - b);

  const drawingsByCanvas = new Map<string, Versioned[]>();
  for (const drawing of recording.drawings) {
    const list = drawingsByCanvas.get(drawing.canvasImageId) ?? [];
    list.push({ order: drawing.order, key: drawing.shapeKey, start: drawing.start, undo: drawing.undo });
    drawingsByCanvas.set(drawing.canvasImageId, list);
  }
  const shapesByImage = new Map<number, Versioned[]>();
  for (const shape of recording.tldrawShapes) {
    const list = shapesByImage.get(shape.imageNumber) ?? [];
    list.push({ order: shape.order, key: shape.shapeId, start: shape.start, undo: shape.undo });
    shapesByImage.set(shape.imageNumber, list);
  }

  const segments: StateSegment[] = [];
  times.forEach((start, index) => {
    const end = index + 1 < times.length ? times[index + 1]! : duration;
    if (end <= start) return;
    const probe = start; // every change point is in `times`, so the state holds until `end`
    const deskshare = recording.deskshare.some((interval) => interval.start <= probe && probe < interval.end);
    let slideIndex = -1;
    for (let i = recording.slides.length - 1; i >= 0; i--) {
      const slide = recording.slides[i]!;
      if (slide.start <= probe && probe < slide.end) {
        slideIndex = i;
        break;
      }
    }
    let viewBox: ViewBox | null = null;
    let drawings: number[] = [];
    let cursor: readonly [number, number] | null = null;
    if (!deskshare && slideIndex >= 0) {
      const slide = recording.slides[slideIndex]!;
      viewBox = viewBoxFor(slide, latestAt(recording.panzooms, probe));
      drawings = recording.tldraw
        ? visibleVersions(shapesByImage.get(slide.imageNumber) ?? [], probe)
        : visibleVersions(drawingsByCanvas.get(slide.imageId) ?? [], probe);
      if (options.cursor) {
        const event = latestAt(recording.cursor, probe + step / 2);
        if (event?.position) {
          const [cx, cy] = event.position;
          cursor = recording.tldraw ? [cx, cy] : [viewBox[0] + cx * viewBox[2], viewBox[1] + cy * viewBox[3]];
          cursor = [Math.round(cursor[0]), Math.round(cursor[1])];
        }
      }
    }
    const chat = options.chat ? chatVisibleAt(recording.chat, probe) : [];
    const state: VisualState = { slideIndex: deskshare ? -1 : slideIndex, viewBox, drawings, cursor, chat, deskshare };
    const slideHref = state.slideIndex >= 0 ? recording.slides[state.slideIndex]!.href : null;
    const canvas = state.slideIndex >= 0 ? recording.slides[state.slideIndex]!.imageId : null;
    const key = JSON.stringify([slideHref, canvas, viewBox, drawings, cursor, chat, deskshare]);
    const previous = segments[segments.length - 1];
    if (previous && previous.key === key) previous.end = end;
    else segments.push({ start, end, key, state });
  });
  return segments;
}

export interface Chapter {
  startSec: number;
  title: string;
}

/** One chapter per slide change (consecutive appearances of the same slide merge; deskshare is a chapter). */
export function chaptersFromSlides(recording: PresentationRecording): Chapter[] {
  const chapters: Chapter[] = [];
  let lastTitle: string | null = null;
  const events: { start: number; title: string }[] = [];
  for (const slide of recording.slides) {
    if (slide.isDeskshare) continue;
    const number = /slide-?(\d+)\.(?:png|svg|jpe?g)$/i.exec(slide.href)?.[1];
    events.push({ start: slide.start, title: number ? `Slide ${number}` : 'Slide' });
  }
  for (const interval of recording.deskshare) events.push({ start: interval.start, title: 'Screen sharing' });
  events.sort((a, b) => a.start - b.start);
  // A slide that resumes after a screen share is a new chapter even when it is the same slide.
  for (const event of events) {
    if (event.title === lastTitle) continue;
    chapters.push({ startSec: round3(event.start), title: event.title });
    lastTitle = event.title;
  }
  if (chapters.length > 0 && chapters[0]!.startSec > 0) chapters[0] = { ...chapters[0]!, startSec: 0 };
  return chapters;
}
