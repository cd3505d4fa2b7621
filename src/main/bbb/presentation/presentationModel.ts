// Runs in Node (main side). The published presentation recording (https://docs.bigbluebutton.org/development/recording/) as plain data:
// every time is in seconds on the edited timeline (pauses already cut).

export type ViewBox = readonly [x: number, y: number, width: number, height: number];

export interface SlideAppearance {
  /** `image<N>` in shapes.svg. */
  imageId: string;
  /** N of `image<N>`: the key of this appearance's drawings in tldraw.json. */
  imageNumber: number;
  start: number;
  end: number;
  /** Relative to the recording's base URL, e.g. `presentation/p1/slide-1.png`. */
  href: string;
  width: number;
  height: number;
  /** The placeholder shown while the screen is shared. */
  isDeskshare: boolean;
  /** Slide text file (for chapter titles), if any. */
  textHref: string | null;
}

/** One SVG primitive of a pre-2.6 drawing, in the slide image's pixel space. */
export type SvgPrimitive =
  | { kind: 'path'; d: string }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number }
  | { kind: 'rect'; x: number; y: number; width: number; height: number }
  | { kind: 'circle'; cx: number; cy: number; r: number }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number }
  | { kind: 'polyline'; points: number[]; closed: boolean }
  | { kind: 'text'; x: number; y: number; width: number; height: number; text: string; fontSize: number; color: string };

export interface SvgStyle {
  stroke: string | null;
  strokeWidth: number;
  fill: string | null;
  opacity: number;
  lineCap: 'round' | 'butt' | 'square';
}

/** One version of a pre-2.6 drawing (`<g class="shape">`). */
export interface SvgDrawingVersion {
  /** Index in document order: the drawing order. */
  order: number;
  canvasImageId: string;
  /** The `shape` attribute: versions of one drawing share it. */
  shapeKey: string;
  start: number;
  /** Infinity when never undone (`undo="-1"`). */
  undo: number;
  style: SvgStyle;
  primitives: SvgPrimitive[];
}

/** One version of a tldraw shape (2.6+), normalised from tldraw v1 or v2 records. */
export interface TldrawShapeVersion {
  order: number;
  imageNumber: number;
  shapeId: string;
  start: number;
  undo: number;
  /** The merged tldraw record at this time. */
  record: Record<string, unknown>;
}

export interface PanzoomEvent {
  time: number;
  viewBox: ViewBox;
}

export interface CursorEvent {
  time: number;
  /** Pre-2.6: fractions of the current viewBox; tldraw: slide coordinates. Null = hidden. */
  position: readonly [number, number] | null;
}

export interface DeskshareInterval {
  start: number;
  end: number;
  width: number;
  height: number;
}

export interface ChatMessage {
  time: number;
  /** Null while never cleared. */
  clearedAt: number | null;
  name: string;
  /** Plain text (HTML stripped). */
  text: string;
}

export interface PresentationRecording {
  recordId: string;
  name: string;
  durationSec: number;
  tldraw: { version: 1 | 2 } | null;
  slides: SlideAppearance[];
  drawings: SvgDrawingVersion[];
  tldrawShapes: TldrawShapeVersion[];
  panzooms: PanzoomEvent[];
  cursor: CursorEvent[];
  deskshare: DeskshareInterval[];
  chat: ChatMessage[];
}
