// Runs in Node (main side). Parses the files of a published presentation recording (https://docs.bigbluebutton.org/development/recording/)
// into a PresentationRecording: metadata.xml, shapes.svg, tldraw.json, panzooms.xml, cursor.xml,
// deskshare.xml, slides_new.xml. Tolerant of missing optional files and of old generators' quirks.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { StudioError } from '../../../shared/errors';
import { scalarText } from '../../../shared/logic/scalarText';
import { BBB_XML_OPTIONS, htmlUnescape } from '../bbbXml';
import type {
  ChatMessage,
  CursorEvent,
  DeskshareInterval,
  PanzoomEvent,
  PresentationRecording,
  SlideAppearance,
  SvgDrawingVersion,
  SvgPrimitive,
  SvgStyle,
  TldrawShapeVersion,
} from './presentationModel';

type El = Record<string, unknown>;

function parseAllArrays(xml: string, what: string): El {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new StudioError('BBB_BAD_RECORDING', `The recording's ${what} is not valid XML (line ${valid.err.line}: ${valid.err.msg}).`);
  return new XMLParser({ ...BBB_XML_OPTIONS, isArray: (_name, _path, _leaf, isAttribute) => !isAttribute }).parse(xml) as El;
}

const children = (el: El | undefined, name: string): El[] => (el && Array.isArray(el[name]) ? (el[name] as El[]) : []);
const attr = (el: El, name: string): string | undefined => {
  const value = el[`@_${name}`];
  return value === undefined ? undefined : scalarText(value);
};
const num = (value: string | undefined, fallback = 0): number => {
  if (value === undefined) return fallback;
  const parsed = Number.parseFloat(value);
  return Number.isFinite(parsed) ? parsed : fallback;
};
function textOf(el: unknown): string {
  if (el === undefined || el === null) return '';
  if (typeof el === 'string' || typeof el === 'number') return String(el).trim();
  if (Array.isArray(el)) return el.map(textOf).filter(Boolean).join(' ');
  if (typeof el === 'object') {
    const parts: string[] = [];
    for (const [key, value] of Object.entries(el as El)) if (!key.startsWith('@_')) parts.push(textOf(value));
    return parts.filter(Boolean).join(' ');
  }
  return '';
}

export interface RecordingMetadata {
  recordId: string;
  name: string;
  durationSec: number;
  startTime: number | null;
}

export function parseMetadataXml(xml: string): RecordingMetadata {
  const doc = parseAllArrays(xml, 'metadata.xml');
  const recording = children(doc, 'recording')[0];
  if (!recording) throw new StudioError('BBB_BAD_RECORDING', 'metadata.xml has no <recording> element.');
  const playback = children(recording, 'playback')[0];
  const durationMs = num(textOf(playback?.duration), NaN);
  if (!Number.isFinite(durationMs) || durationMs <= 0) throw new StudioError('BBB_BAD_RECORDING', 'metadata.xml gives no playback duration.');
  const meeting = children(recording, 'meeting')[0];
  const meta = children(recording, 'meta')[0];
  const name = htmlUnescape((meeting && attr(meeting, 'name')) || textOf(meta?.meetingName) || textOf(recording.id));
  const start = num(textOf(recording.start_time), NaN);
  return { recordId: textOf(recording.id), name, durationSec: durationMs / 1000, startTime: Number.isFinite(start) ? start : null };
}

/** Older generators write several space-separated times in `in`/`out`: each pair is one appearance. */
function timeList(value: string | undefined): number[] {
  return (value ?? '').trim().split(/\s+/).filter(Boolean).map((item) => num(item, NaN)).filter(Number.isFinite);
}

export function parseStyle(style: string | undefined, el: El): SvgStyle {
  const map = new Map<string, string>();
  for (const part of (style ?? '').split(';')) {
    const [key, ...rest] = part.split(':');
    if (key && rest.length) map.set(key.trim().toLowerCase(), rest.join(':').trim());
  }
  const pick = (name: string) => map.get(name) ?? attr(el, name);
  const stroke = pick('stroke');
  const fill = pick('fill');
  const cap = pick('stroke-linecap');
  return {
    stroke: stroke && stroke !== 'none' ? stroke : null,
    strokeWidth: num(pick('stroke-width'), 1),
    fill: fill && fill !== 'none' ? fill : null,
    opacity: num(pick('opacity'), 1) * num(pick('stroke-opacity') ?? pick('fill-opacity'), 1),
    lineCap: cap === 'butt' || cap === 'square' ? cap : 'round',
  };
}

function primitivesOf(shape: El): SvgPrimitive[] {
  const out: SvgPrimitive[] = [];
  for (const path of children(shape, 'path')) {
    const d = attr(path, 'd');
    if (d) out.push({ kind: 'path', d });
  }
  for (const line of children(shape, 'line')) {
    out.push({ kind: 'line', x1: num(attr(line, 'x1')), y1: num(attr(line, 'y1')), x2: num(attr(line, 'x2')), y2: num(attr(line, 'y2')) });
  }
  for (const rect of children(shape, 'rect')) {
    out.push({ kind: 'rect', x: num(attr(rect, 'x')), y: num(attr(rect, 'y')), width: num(attr(rect, 'width')), height: num(attr(rect, 'height')) });
  }
  for (const circle of children(shape, 'circle')) {
    out.push({ kind: 'circle', cx: num(attr(circle, 'cx')), cy: num(attr(circle, 'cy')), r: num(attr(circle, 'r'), 1) });
  }
  for (const ellipse of children(shape, 'ellipse')) {
    out.push({ kind: 'ellipse', cx: num(attr(ellipse, 'cx')), cy: num(attr(ellipse, 'cy')), rx: num(attr(ellipse, 'rx')), ry: num(attr(ellipse, 'ry')) });
  }
  for (const [tag, closed] of [['polyline', false], ['polygon', true]] as const) {
    for (const poly of children(shape, tag)) {
      const points = (attr(poly, 'points') ?? '').split(/[\s,]+/).filter(Boolean).map(Number).filter(Number.isFinite);
      if (points.length >= 4) out.push({ kind: 'polyline', points, closed });
    }
  }
  // BBB writes the text's font size and colour on the shape's <g> (svg_render_shape_text in
  // record-and-playback/presentation/scripts/publish/presentation.rb), and bbb-playback styles the
  // text with that <g> style; a style on the paragraph or the foreignObject, which other generators
  // write, applies inside it and wins, as in CSS.
  const cssOf = (...styles: (string | undefined)[]) => {
    const map = new Map<string, string>();
    for (const style of styles) {
      for (const part of (style ?? '').split(';')) {
        const [key, ...rest] = part.split(':');
        if (key && rest.length) map.set(key.trim().toLowerCase(), rest.join(':').trim());
      }
    }
    return map;
  };
  for (const sw of children(shape, 'switch')) {
    for (const fo of children(sw, 'foreignObject')) {
      const paragraph = children(fo, 'p')[0] ?? children(fo, 'div')[0];
      const css = cssOf(attr(shape, 'style'), attr(fo, 'style'), paragraph ? attr(paragraph, 'style') : undefined);
      const fontSize = /^([\d.]+)(px)?$/.exec(css.get('font-size') ?? '');
      const fill = css.get('fill');
      out.push({
        kind: 'text',
        x: num(attr(fo, 'x')),
        y: num(attr(fo, 'y')),
        width: num(attr(fo, 'width')),
        height: num(attr(fo, 'height')),
        text: htmlUnescape(textOf(paragraph ?? fo)).split(LINE_BREAK).map((line) => line.trim()).join('\n'),
        // 16 px is the browser's default font size when no style gives one.
        fontSize: fontSize ? num(fontSize[1], 16) : 16,
        color: css.get('color') ?? (fill && fill !== 'none' ? fill : '#000000'),
      });
    }
  }
  return out;
}

export interface ParsedShapes {
  slides: SlideAppearance[];
  drawings: SvgDrawingVersion[];
}

/** Stands for a `<br/>` of a text annotation while the XML is parsed (element order is not kept). */
const LINE_BREAK = '\uE000';

export function parseShapesSvg(xml: string): ParsedShapes {
  const doc = parseAllArrays(xml.replace(/<br\s*\/?>|<\/br>/gi, LINE_BREAK), 'shapes.svg');
  const svg = children(doc, 'svg')[0];
  if (!svg) throw new StudioError('BBB_BAD_RECORDING', 'shapes.svg has no <svg> root.');
  const slides: SlideAppearance[] = [];
  for (const image of children(svg, 'image')) {
    if (attr(image, 'class') !== 'slide') continue;
    const imageId = attr(image, 'id') ?? '';
    const href = attr(image, 'xlink:href') ?? attr(image, 'href') ?? '';
    const starts = timeList(attr(image, 'in'));
    const ends = timeList(attr(image, 'out'));
    starts.forEach((start, index) => {
      slides.push({
        imageId,
        imageNumber: num(/(\d+)$/.exec(imageId)?.[1], 0),
        start,
        end: ends[index] ?? Number.POSITIVE_INFINITY,
        href,
        width: num(attr(image, 'width'), 1600),
        height: num(attr(image, 'height'), 1200),
        isDeskshare: /deskshare\.png$/.test(href),
        textHref: attr(image, 'text') ?? null,
      });
    });
  }
  slides.sort((a, b) => a.start - b.start);

  const drawings: SvgDrawingVersion[] = [];
  let order = 0;
  const visitCanvas = (group: El) => {
    const canvasImageId = attr(group, 'image') ?? '';
    for (const shape of children(group, 'g')) {
      if (attr(shape, 'class') !== 'shape') continue;
      const undo = num(attr(shape, 'undo'), -1);
      drawings.push({
        order: order++,
        canvasImageId,
        shapeKey: attr(shape, 'shape') ?? attr(shape, 'id') ?? `shape${order}`,
        start: num(attr(shape, 'timestamp')),
        undo: undo < 0 ? Number.POSITIVE_INFINITY : undo,
        style: parseStyle(attr(shape, 'style'), shape),
        primitives: primitivesOf(shape),
      });
    }
  };
  for (const group of children(svg, 'g')) {
    if (attr(group, 'class') === 'canvas') visitCanvas(group);
  }
  return { slides, drawings };
}

function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const previous = out[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && previous && typeof previous === 'object' && !Array.isArray(previous)) {
      out[key] = deepMerge(previous as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export interface ParsedTldraw {
  version: 1 | 2;
  shapes: TldrawShapeVersion[];
}

/** tldraw.json: `{ "bbb_version": "3.0.4", "<N>": { "shapes": [ {id, timestamp, undo, shape_data} … ] } }`. */
export function parseTldrawJson(json: string): ParsedTldraw {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(json) as Record<string, unknown>;
  } catch (error) {
    throw new StudioError('BBB_BAD_RECORDING', `The recording's tldraw.json is not valid JSON: ${(error as Error).message}`);
  }
  const bbbVersion = scalarText(doc.bbb_version);
  const major = Number.parseInt(bbbVersion.split('.')[0] ?? '', 10);
  const shapes: TldrawShapeVersion[] = [];
  let order = 0;
  let sawV2Record = false;
  for (const [key, page] of Object.entries(doc)) {
    if (!/^\d+$/.test(key) || !page || typeof page !== 'object') continue;
    const entries = (page as { shapes?: unknown }).shapes;
    if (!Array.isArray(entries)) continue;
    const merged = new Map<string, Record<string, unknown>>();
    for (const entry of entries as Record<string, unknown>[]) {
      const data = (entry.shape_data ?? {}) as Record<string, unknown>;
      // The top-level id is the drawing event's number in BBB's files: group by the shape's own id.
      const shapeId = scalarText(data.id ?? entry.id, `shape${order}`);
      const record = deepMerge(merged.get(shapeId) ?? {}, data);
      merged.set(shapeId, record);
      if ('props' in record) sawV2Record = true;
      const undo = Number(entry.undo ?? -1);
      shapes.push({
        order: order++,
        imageNumber: Number(key),
        shapeId,
        start: Number(entry.timestamp ?? 0),
        undo: !Number.isFinite(undo) || undo < 0 ? Number.POSITIVE_INFINITY : undo,
        record,
      });
    }
  }
  const version: 1 | 2 = Number.isFinite(major) ? (major >= 3 ? 2 : 1) : sawV2Record ? 2 : 1;
  return { version, shapes };
}

export function parsePanzooms(xml: string): { events: PanzoomEvent[]; tldraw: boolean } {
  const doc = parseAllArrays(xml, 'panzooms.xml');
  const recording = children(doc, 'recording')[0] ?? {};
  const events: PanzoomEvent[] = [];
  for (const event of children(recording, 'event')) {
    const values = textOf(event.viewBox).split(/\s+/).map(Number);
    if (values.length !== 4 || values.some((value) => !Number.isFinite(value))) continue;
    events.push({ time: num(attr(event, 'timestamp')), viewBox: values as unknown as PanzoomEvent['viewBox'] });
  }
  events.sort((a, b) => a.time - b.time);
  return { events, tldraw: attr(recording, 'tldraw') === 'true' };
}

export function parseCursor(xml: string): { events: CursorEvent[]; tldraw: boolean } {
  const doc = parseAllArrays(xml, 'cursor.xml');
  const recording = children(doc, 'recording')[0] ?? {};
  const events: CursorEvent[] = [];
  for (const event of children(recording, 'event')) {
    const values = textOf(event.cursor).split(/\s+/).map(Number);
    if (values.length < 2 || values.some((value) => !Number.isFinite(value))) continue;
    const [x, y] = values as [number, number];
    events.push({ time: num(attr(event, 'timestamp')), position: x < 0 || y < 0 ? null : [x, y] });
  }
  events.sort((a, b) => a.time - b.time);
  return { events, tldraw: attr(recording, 'tldraw') === 'true' };
}

export function parseDeskshare(xml: string): DeskshareInterval[] {
  if (xml.trim() === '') return [];
  const doc = parseAllArrays(xml, 'deskshare.xml');
  const recording = children(doc, 'recording')[0] ?? {};
  return children(recording, 'event')
    .map((event) => ({
      start: num(attr(event, 'start_timestamp')),
      end: num(attr(event, 'stop_timestamp')),
      width: num(attr(event, 'video_width'), 1280),
      height: num(attr(event, 'video_height'), 720),
    }))
    .filter((interval) => interval.end > interval.start)
    .sort((a, b) => a.start - b.start);
}

/** Chat messages are escaped HTML: decode, then drop the tags (links become their text). */
export function chatText(message: string): string {
  return htmlUnescape(htmlUnescape(message).replace(/<br\s*\/?>/gi, '\n').replace(/<[^>]+>/g, '')).trim();
}

export function parseChat(xml: string): ChatMessage[] {
  if (xml.trim() === '') return [];
  const doc = parseAllArrays(xml, 'slides_new.xml');
  const popcorn = children(doc, 'popcorn')[0] ?? {};
  return children(popcorn, 'chattimeline')
    .filter((line) => (attr(line, 'target') ?? 'chat') === 'chat')
    .map((line) => {
      const cleared = attr(line, 'out');
      return { time: num(attr(line, 'in')), clearedAt: cleared === undefined ? null : num(cleared), name: htmlUnescape(attr(line, 'name') ?? ''), text: chatText(attr(line, 'message') ?? '') };
    })
    .sort((a, b) => a.time - b.time);
}

export interface PresentationFiles {
  metadataXml: string;
  shapesSvg: string;
  tldrawJson: string | null;
  panzoomsXml: string | null;
  cursorXml: string | null;
  deskshareXml: string | null;
  chatXml: string | null;
}

/** Assembles the model, deciding the tldraw path as https://github.com/bigbluebutton/bigbluebutton/blob/develop/record-and-playback/presentation/scripts/publish/presentation.rb says. */
export function parsePresentation(files: PresentationFiles): PresentationRecording {
  const metadata = parseMetadataXml(files.metadataXml);
  const shapes = parseShapesSvg(files.shapesSvg);
  const panzooms = files.panzoomsXml ? parsePanzooms(files.panzoomsXml) : { events: [], tldraw: false };
  const cursor = files.cursorXml ? parseCursor(files.cursorXml) : { events: [], tldraw: false };
  const tldrawDoc = files.tldrawJson ? parseTldrawJson(files.tldrawJson) : null;
  const svgSlides = shapes.slides.some((slide) => /\/svgs\//.test(slide.href));
  const isTldraw = tldrawDoc !== null || panzooms.tldraw || cursor.tldraw || svgSlides;
  const duration = metadata.durationSec;
  return {
    recordId: metadata.recordId,
    name: metadata.name,
    durationSec: duration,
    tldraw: isTldraw ? { version: tldrawDoc?.version ?? 1 } : null,
    slides: shapes.slides.map((slide) => ({ ...slide, end: Math.min(slide.end, duration) })).filter((slide) => slide.end > slide.start),
    drawings: isTldraw ? [] : shapes.drawings,
    tldrawShapes: tldrawDoc?.shapes ?? [],
    panzooms: panzooms.events,
    cursor: cursor.events,
    deskshare: files.deskshareXml ? parseDeskshare(files.deskshareXml).map((d) => ({ ...d, end: Math.min(d.end, duration) })) : [],
    chat: files.chatXml ? parseChat(files.chatXml) : [],
  };
}
