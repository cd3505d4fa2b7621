// Runs in Node (test tooling). What a generated published BBB recording contains (https://github.com/bigbluebutton/bigbluebutton/blob/develop/record-and-playback/presentation/scripts/publish/presentation.rb): known
// slide-change times, known annotations at known times, a deskshare segment and tone bursts in the
// meeting audio. Tests and the bench read the same spec to know what the rendered MP4 must show.

export type FixtureLayout = 'svg' | 'tldraw';

export interface FixtureAppearance {
  start: number;
  end: number;
  /** Slide number (1-based) or 'deskshare' for the placeholder shown while sharing. */
  slide: number | 'deskshare';
}

export interface FixtureRect {
  kind: 'rect';
  /** Appearance index the drawing belongs to. */
  appearance: number;
  start: number;
  undo: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FixturePencil {
  kind: 'pencil';
  appearance: number;
  /** One entry per version: start time and its points (each version extends the stroke). */
  versions: { start: number; points: [number, number][] }[];
}

export interface FixtureText {
  kind: 'text';
  appearance: number;
  start: number;
  /** Top-left of the text box, slide units. */
  x: number;
  y: number;
  /** Lines separated by '\n' (`<br/>` in shapes.svg). */
  text: string;
  /** shapes.svg: the font size BBB writes in the <g> style, slide units (default 48). */
  fontSize?: number;
  /** tldraw.json: the size name (v2 s/m/l/xl, default xl; v1 small/medium/large, default large). */
  size?: string;
  /** tldraw.json: the text shape's scale (default 1). */
  scale?: number;
}

export interface FixtureHighlight {
  kind: 'highlight';
  appearance: number;
  start: number;
  points: [number, number][];
}

export type FixtureAnnotation = FixtureRect | FixturePencil | FixtureText | FixtureHighlight;

export interface FixtureSpec {
  recordId: string;
  meetingId: string;
  name: string;
  startTime: number;
  durationSec: number;
  layout: FixtureLayout;
  /** Slide images are this size (shapes.svg width/height, tldraw page coordinates). */
  slideWidth: number;
  slideHeight: number;
  appearances: FixtureAppearance[];
  annotations: FixtureAnnotation[];
  panzooms: { time: number; viewBox: [number, number, number, number] }[];
  cursor: { time: number; position: [number, number] | null }[];
  deskshare: { start: number; end: number }[];
  chat: { time: number; name: string; message: string }[];
  /** Times of 0.3 s tone bursts (880 Hz) in the meeting audio; silence elsewhere. */
  beeps: number[];
  /** Webcams with audio (video/webcams.webm) or audio only (audio/audio.webm). */
  webcams: boolean;
  /** Generate a short piece of each media file and repeat it by stream copy (long bench recordings). */
  mediaPieceSec?: number;
  /** Also publish a `video` format (a small MP4 at /playback/video/<id>/video-0.m4v). */
  videoFormat?: boolean;
  metadata?: Record<string, string>;
  participants?: number;
  /** Live captions: captions.json + caption_fr-FR.vtt with two cues (https://github.com/bigbluebutton/bigbluebutton/blob/develop/record-and-playback/core/scripts/utils/gen_webvtt.rb). */
  captions?: boolean;
  /** Webcam video size (BBB's default is 640x480; tests use a smaller one to generate faster). */
  webcamSize?: string;
  /** tldraw layout: v2 records of BBB 3.0 (default) or v1 records of BBB 2.6/2.7 (point/style). */
  tldrawVersion?: 1 | 2;
}

/** Slide colours, cycled by slide number: far from each other, from the deskshare green and the annotation yellow. */
export const SLIDE_COLORS = ['#c83232', '#3250c8', '#7d32a0', '#32a0a0'] as const;
export const DESKSHARE_COLOR = '#30b030';
export const RECT_FILL_SVG = '#ffff00';

export function slideColor(slide: number): string {
  return SLIDE_COLORS[(slide - 1) % SLIDE_COLORS.length]!;
}

/** The 20-second test recording, in the layout of https://github.com/bigbluebutton/bigbluebutton/blob/develop/record-and-playback/presentation/scripts/publish/presentation.rb (with a third slide so a plain slide→slide change is tested too). */
export function shortFixtureSpec(layout: FixtureLayout, overrides: Partial<FixtureSpec> = {}): FixtureSpec {
  const suffix = layout === 'svg' ? '1700000000000' : '1700000100000';
  return {
    recordId: `0123456789abcdef0123456789abcdef01234567-${suffix}`,
    meetingId: 'course-42',
    name: layout === 'svg' ? 'Capsule fixture (2.5)' : 'Capsule fixture (3.0 tldraw)',
    startTime: Number(suffix),
    durationSec: 20,
    layout,
    slideWidth: 1600,
    slideHeight: 1200,
    appearances: [
      { start: 0, end: 8, slide: 1 },
      { start: 8, end: 14, slide: 'deskshare' },
      { start: 14, end: 17, slide: 2 },
      { start: 17, end: 20, slide: 3 },
    ],
    annotations: [
      { kind: 'pencil', appearance: 0, versions: [{ start: 2, points: [[100, 100], [200, 150]] }, { start: 3, points: [[100, 100], [200, 150], [300, 120], [300, 300]] }] },
      { kind: 'rect', appearance: 0, start: 4, undo: 6, x: 500, y: 400, width: 300, height: 200 },
      { kind: 'text', appearance: 2, start: 15, x: 200, y: 900, text: 'Bonjour' },
      { kind: 'highlight', appearance: 2, start: 16, points: [[200, 1000], [900, 1000]] },
    ],
    panzooms: [
      { time: 0, viewBox: [0, 0, 1600, 1200] },
      { time: 5, viewBox: [400, 300, 800, 600] },
      { time: 8, viewBox: [0, 0, 1280, 720] },
      { time: 14, viewBox: [0, 0, 1600, 1200] },
    ],
    cursor: [
      { time: 1, position: [0.5, 0.5] },
      { time: 2.5, position: [0.25, 0.75] },
      { time: 7, position: null },
      { time: 15, position: [0.8, 0.2] },
    ],
    deskshare: [{ start: 8, end: 14 }],
    chat: [
      { time: 1.2, name: 'Jane Doe', message: 'Bonjour à tous' },
      { time: 9.5, name: 'Student', message: 'Voir <a href="https://example.org" rel="nofollow"><u>example.org</u></a>' },
    ],
    beeps: [2, 9, 15],
    webcams: true,
    metadata: { 'bbb-origin': 'Moodle', 'bbb-context': 'Physique 101', creator: 'jdoe' },
    participants: 2,
    captions: true,
    webcamSize: '320x240',
    ...overrides,
  };
}

/** A long recording for the bench: `minutes` long, `slideChanges` changes, `annotationEvents` drawing events, one deskshare. */
export function longFixtureSpec(minutes: number, slideChanges: number, annotationEvents: number): FixtureSpec {
  const duration = minutes * 60;
  const appearances: FixtureAppearance[] = [];
  const slot = duration / (slideChanges + 1);
  const deskshareAt = Math.floor((slideChanges + 1) / 2);
  for (let i = 0; i <= slideChanges; i++) {
    const start = Math.round(i * slot * 10) / 10;
    const end = i === slideChanges ? duration : Math.round((i + 1) * slot * 10) / 10;
    appearances.push({ start, end, slide: i === deskshareAt ? 'deskshare' : (i % 40) + 1 });
  }
  const deskshareAppearance = appearances[deskshareAt]!;
  const annotations: FixtureAnnotation[] = [];
  let events = 0;
  let appearance = 0;
  while (events < annotationEvents) {
    const index = appearance % appearances.length;
    appearance++;
    if (index === deskshareAt) continue;
    const { start, end } = appearances[index]!;
    const span = end - start;
    // Per slide: a pencil with three versions, a rectangle drawn then undone: 4 events.
    const t = (f: number) => Math.round((start + span * f) * 10) / 10;
    annotations.push({
      kind: 'pencil',
      appearance: index,
      versions: [
        { start: t(0.1), points: [[100, 100], [300, 200]] },
        { start: t(0.2), points: [[100, 100], [300, 200], [500, 150]] },
        { start: t(0.3), points: [[100, 100], [300, 200], [500, 150], [700, 400]] },
      ],
    });
    annotations.push({ kind: 'rect', appearance: index, start: t(0.4), undo: t(0.8), x: 500, y: 400, width: 300, height: 200 });
    events += 4; // three pencil versions and the rectangle (its undo is part of the same event)
  }
  const panzooms: FixtureSpec['panzooms'] = [];
  for (const a of appearances) {
    panzooms.push({ time: a.start, viewBox: a.slide === 'deskshare' ? [0, 0, 1280, 720] : [0, 0, 1600, 1200] });
    if (a.slide !== 'deskshare') panzooms.push({ time: Math.round((a.start + (a.end - a.start) * 0.5) * 10) / 10, viewBox: [400, 300, 800, 600] });
  }
  return {
    recordId: `fedcba9876543210fedcba9876543210fedcba98-${1700000000000 + minutes}`,
    meetingId: 'bench-course',
    name: `Bench ${minutes} min`,
    startTime: 1700000000000,
    durationSec: duration,
    layout: 'tldraw',
    slideWidth: 1600,
    slideHeight: 1200,
    appearances,
    annotations,
    panzooms,
    cursor: [],
    deskshare: [{ start: deskshareAppearance.start, end: deskshareAppearance.end }],
    chat: [],
    beeps: [2, 9, 15, 31, 47],
    webcams: true,
    mediaPieceSec: 60,
  };
}

/**
 * A short recording whose only annotations are text boxes of known size and place, on one slide shown
 * whole (no webcams, chat or cursor: the slide fills the frame's 960×720 middle), for measuring them.
 */
export function textFixtureSpec(layout: FixtureLayout, tldrawVersion: 1 | 2 = 2): FixtureSpec {
  const v1 = tldrawVersion === 1;
  const suffix = layout === 'svg' ? '1700000200000' : v1 ? '1700000300000' : '1700000400000';
  return {
    recordId: `00112233445566778899aabbccddeeff00112233-${suffix}`,
    meetingId: 'text-course',
    name: 'Text annotations',
    startTime: Number(suffix),
    durationSec: 4,
    layout,
    slideWidth: 1600,
    slideHeight: 1200,
    appearances: [{ start: 0, end: 4, slide: 1 }],
    annotations: [
      { kind: 'text', appearance: 0, start: 1, x: 200, y: 250, text: 'Bonjour', fontSize: 64, size: v1 ? 'large' : 'xl' },
      { kind: 'text', appearance: 0, start: 1, x: 240, y: 650, text: 'Hauteur\nligne', fontSize: 40, size: v1 ? 'medium' : 'l', scale: v1 ? 1 : 1.5 },
    ],
    panzooms: [{ time: 0, viewBox: [0, 0, 1600, 1200] }],
    cursor: [],
    deskshare: [],
    chat: [],
    beeps: [],
    webcams: false,
    tldrawVersion: layout === 'tldraw' ? tldrawVersion : undefined,
  };
}
