// Runs everywhere (shared, pure). Reads the `structure.json` of a Polymny ZIP export (Polymny's
// client, `client/ports.js`, replaces every uuid by the file's path inside the ZIP) and turns it into
// grains, slides, prompts, extras, takes and take events of Capsule Studio, listing what cannot be
// carried over. Polymny's model: https://github.com/polymny/polymny (server/src/db/capsule.rs).
import { StudioError, type StudioErrorInfo } from '../errors';
import type { TakeEvent } from '../domain/take';
import { isSafeEntryName } from './zipEntryName';

export interface PolymnySlidePlan {
  /** The slide picture's path in the ZIP. */
  image: string;
  /** A video replacing the slide, or null. */
  extra: string | null;
  prompt: string;
}

export interface PolymnyGrainPlan {
  slides: PolymnySlidePlan[];
  /** The take's path in the ZIP, or null. */
  record: string | null;
  events: TakeEvent[];
  /** The `end` event's time, when the grain has one. */
  recordedMs: number | null;
}

export interface PolymnyPlan {
  title: string;
  grains: PolymnyGrainPlan[];
  soundTrack: { file: string; volume: number } | null;
  notes: StudioErrorInfo[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function invalid(problem: string): StudioError {
  return new StudioError('POLYMNY_STRUCTURE_INVALID', `This Polymny export cannot be read: ${problem}.`, { problem });
}

/** A path of the export (`"1/2.png"`), or an object holding it in `uuid` (older exports). */
function zipPath(value: unknown, where: string): string | null {
  const raw = isObject(value) ? value.uuid : value;
  if (raw === null || raw === undefined) return null;
  if (typeof raw !== 'string' || raw.length === 0) throw invalid(`${where} is not a file of the export`);
  const name = raw.replace(/^\.\//, '');
  if (!isSafeEntryName(name)) throw new StudioError('BUNDLE_UNSAFE_PATH', 'The Polymny export names a file outside itself: it was refused.', { name: name.slice(0, 100) });
  return name;
}

/**
 * Polymny's events (`ty`, `time` in ms from the take's start) as ours. Slide boundaries come from
 * `start`/`next_slide`/`end`, as in Polymny's montage; `previous_slide` moves back as the teacher did;
 * extra-video controls (`play`, `stop`, `pause`, `seek`) have no equivalent here and are counted.
 */
export function polymnyEvents(raw: unknown, slideCount: number): { events: TakeEvent[]; dropped: number } {
  if (!Array.isArray(raw)) return { events: [], dropped: 0 };
  const items = raw
    .filter((item): item is { ty: string; time: number } => isObject(item) && typeof item.ty === 'string' && typeof item.time === 'number' && Number.isFinite(item.time) && item.time >= 0)
    .sort((a, b) => a.time - b.time);
  const events: TakeEvent[] = [];
  let slide = 0;
  let sentence = 0;
  let dropped = raw.length - items.length;
  for (const item of items) {
    const atMs = Math.round(item.time);
    switch (item.ty) {
      case 'start':
        events.push({ type: 'start', atMs, slideIndex: 0, sentenceIndex: 0 });
        break;
      case 'next_slide':
        slide = Math.min(slide + 1, Math.max(0, slideCount - 1));
        sentence = 0;
        events.push({ type: 'next_slide', atMs, slideIndex: slide, sentenceIndex: 0 });
        break;
      case 'previous_slide':
        slide = Math.max(0, slide - 1);
        sentence = 0;
        events.push({ type: 'prev_slide', atMs, slideIndex: slide, sentenceIndex: 0 });
        break;
      case 'next_sentence':
        sentence += 1;
        events.push({ type: 'next_sentence', atMs, slideIndex: slide, sentenceIndex: sentence });
        break;
      case 'end':
        events.push({ type: 'end', atMs, slideIndex: slide, sentenceIndex: sentence });
        break;
      default:
        dropped += 1;
    }
  }
  return { events, dropped };
}

/** Parses structure.json; `fallbackTitle` names the capsule when the export has no name. */
export function parsePolymnyStructure(text: string, fallbackTitle: string): PolymnyPlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalid('structure.json is not valid JSON');
  }
  // The whole capsule object (Polymny 1.x–3.x) or, from older exporters, the grains alone.
  const capsule: Json = Array.isArray(data) ? { structure: data } : isObject(data) ? data : {};
  const structure = capsule.structure;
  if (!Array.isArray(structure) || structure.length === 0) throw invalid('structure.json lists no grain');
  if (structure.length > 5000) throw invalid('structure.json lists more than 5000 grains');
  const notes: StudioErrorInfo[] = [];
  const webcamGrains: number[] = [];
  const droppedEventGrains: number[] = [];
  const pointerGrains: number[] = [];
  const grains = structure.map((rawGrain, g): PolymnyGrainPlan => {
    if (!isObject(rawGrain) || !Array.isArray(rawGrain.slides) || rawGrain.slides.length === 0) throw invalid(`grain ${g + 1} has no slide`);
    const slides = rawGrain.slides.map((rawSlide, s): PolymnySlidePlan => {
      if (!isObject(rawSlide)) throw invalid(`slide ${s + 1} of grain ${g + 1} is not an object`);
      const image = zipPath(rawSlide.uuid, `the picture of slide ${s + 1} of grain ${g + 1}`);
      if (!image) throw invalid(`slide ${s + 1} of grain ${g + 1} has no picture`);
      const prompt = typeof rawSlide.prompt === 'string' ? rawSlide.prompt.replace(/\r\n?/g, '\n') : '';
      return { image, extra: zipPath(rawSlide.extra, `the video of slide ${s + 1} of grain ${g + 1}`), prompt };
    });
    const record = zipPath(rawGrain.record, `the take of grain ${g + 1}`);
    if (isObject(rawGrain.record) && rawGrain.record.pointer_uuid) pointerGrains.push(g + 1);
    if (isObject(rawGrain.webcam_settings)) webcamGrains.push(g + 1);
    const { events, dropped } = record ? polymnyEvents(rawGrain.events, slides.length) : { events: [], dropped: 0 };
    if (dropped > 0) droppedEventGrains.push(g + 1);
    const end = [...events].reverse().find((event) => event.type === 'end');
    return { slides, record, events, recordedMs: end ? end.atMs : null };
  });
  notes.push({
    code: 'POLYMNY_POINTER_LEFT_OUT',
    message: pointerGrains.length > 0
      ? `Pointer and pen tracks of grains ${pointerGrains.join(', ')} are not in Polymny’s export: the takes come without them.`
      : 'Polymny’s export carries no pointer or pen track: if you drew on the slides in Polymny, the takes come without it.',
    details: { grains: pointerGrains },
  });
  if (webcamGrains.length > 0 || isObject(capsule.webcam_settings)) {
    notes.push({
      code: 'POLYMNY_WEBCAM_SETTINGS_LEFT_OUT',
      message: 'Polymny’s webcam position, size and opacity were not carried over: the camera goes where Capsule Studio places it; change it in the layout.',
      details: { grains: webcamGrains },
    });
  }
  if (droppedEventGrains.length > 0) {
    notes.push({
      code: 'POLYMNY_EVENTS_LEFT_OUT',
      message: `Extra-video controls (play, pause, seek) of grains ${droppedEventGrains.join(', ')} have no equivalent here and were left out.`,
      details: { grains: droppedEventGrains },
    });
  }
  let soundTrack: PolymnyPlan['soundTrack'] = null;
  if (isObject(capsule.sound_track)) {
    const volume = typeof capsule.sound_track.volume === 'number' && Number.isFinite(capsule.sound_track.volume) ? Math.min(1, Math.max(0, capsule.sound_track.volume)) : 0.2;
    soundTrack = { file: 'soundtrack.m4a', volume };
  }
  const title = typeof capsule.name === 'string' && capsule.name.trim() ? capsule.name.trim().slice(0, 300) : fallbackTitle;
  return { title, grains, soundTrack, notes };
}
