// Runs everywhere (shared, pure). The pen's event model: what the teacher draws over a slide while
// recording, kept as timed vector events on the take's media clock (never as video), so a take's
// preview replays them, they can be hidden after recording, and the montage draws them crisp at the
// output resolution. Points are in slide coordinates (0..1 across and down the slide picture).

/** Drawing tools that leave ink; the laser pointer and the eraser leave none. */
export type InkTool = 'pen' | 'highlighter';

export type InkEventType = InkTool | 'pointer' | 'erase' | 'undo' | 'clear' | 'slide';

/** One sampled point: x and y in 0..1 of the slide picture, t in ms on the take's media clock. */
export type InkPoint = readonly [x: number, y: number, t: number];

/**
 * One thing done with the pen. `pen`/`highlighter`: a stroke (its points, drawn as they were
 * sampled); `pointer`: the laser pointer's path while pressed (shown, never kept on the slide);
 * `erase`: strokes removed by the eraser (`targets`); `undo`: takes back the slide's last stroke,
 * erase or clear; `clear`: empties the slide; `slide`: the slide shown from `atMs` (drawings belong
 * to their slide: they leave with it and come back with it).
 */
export interface InkEvent {
  type: InkEventType;
  /** Unique within the take (a stroke is erased by its id). */
  id: string;
  /** 0-based slide of the grain the event happened on. */
  slideIndex: number;
  /** When it starts, ms on the media clock (for drawn events: the first point's time). */
  atMs: number;
  /** `#rrggbb`, for pen, highlighter and pointer. */
  color?: string;
  /** Line width as a fraction of the slide picture's height (pen and highlighter). */
  width?: number;
  points?: InkPoint[];
  /** The erased strokes' ids. */
  targets?: string[];
}

/** What a take's strokes file holds once read: the events, in the order they were written. */
export interface TakeInk {
  /** Whether the montage and the preview show the strokes (the teacher can hide them after recording). */
  shown: boolean;
  events: InkEvent[];
}

export const INK_COLORS = ['#e53935', '#1e63d6', '#2e9d46', '#111111', '#ffd400'] as const;
export const POINTER_COLOR = '#ff1744';
/** Thin, medium, thick: fractions of the slide's height (4, 8 and 17 pixels on a 1080-pixel slide). */
export const INK_WIDTHS = [0.004, 0.008, 0.016] as const;
/** A highlighter is this much wider than a pen of the same width setting, and see-through. */
export const HIGHLIGHTER_WIDTH_FACTOR = 3;
export const HIGHLIGHTER_ALPHA = 0.4;

/** At most this many points per event and events per call: a long stroke is a few hundred points. */
export const MAX_INK_POINTS = 20_000;
export const MAX_INK_EVENTS_PER_CALL = 2_000;

export function isDrawn(event: InkEvent): boolean {
  return event.type === 'pen' || event.type === 'highlighter' || event.type === 'pointer';
}

/** The last moment an event changes what is seen (its last point for drawn events). */
export function inkEventEndMs(event: InkEvent): number {
  const points = event.points ?? [];
  return points.length > 0 ? points[points.length - 1]![2] : event.atMs;
}
