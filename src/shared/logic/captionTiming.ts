// Runs everywhere (shared, pure). Caption cues from what the recording shows: the prompter's
// sentence on screen during the take (its events) and when someone is speaking (the take's sound).
// The text is the script (what was planned, not a transcript), so cues carry `source: 'script'`
// elsewhere; here they are only timed: no cue where nobody speaks, none shorter than a readable
// minimum, at most two lines of about 42 characters (the usual subtitle limits).
import type { SentenceSpan, SlideSpan } from './montageTimeline';

/** A cue shorter than this cannot be read: it is merged with a neighbour, or lengthened. */
export const MIN_CUE_MS = 1000;
/** Characters a caption line holds (EBU/Netflix-style limit for Latin scripts). */
export const MAX_LINE_CHARS = 42;
export const MAX_LINES = 2;
/** Sound shorter than this between two silences is a click (or a codec's first frames), not a word. */
export const MIN_SPEECH_MS = 120;
/** A short cue merges with a neighbour across a pause of at most this (a breath, not a silence). */
export const BRIDGE_PAUSE_MS = 800;

/** When someone speaks, in grain time. */
export interface SpeechInterval {
  startMs: number;
  endMs: number;
}

/** A silence found in a take's sound, in take time (endMs null: it lasts to the end of the file). */
export interface SilenceSpan {
  startMs: number;
  endMs: number | null;
}

export interface TimedCue {
  startMs: number;
  endMs: number;
  /** One or two lines, separated by `\n`. */
  text: string;
  slideIndex: number;
}

export interface GrainCaptionInput {
  /** The prompter's sentences of each slide of the grain. */
  sentences: readonly (readonly string[])[];
  /** Which sentence was on screen when (grain time). */
  sentenceSpans: readonly SentenceSpan[];
  /** Which slide was on screen when (grain time), to spread a slide's sentences when the prompter was not followed. */
  slideSpans: readonly SlideSpan[];
  /** The teacher followed the prompter in this grain (see prompterFollowed): the sentence spans say what was read when. */
  followedPrompter: boolean;
  /**
   * Slides on which the teacher moved from sentence to sentence. A followed grain's slide with
   * several sentences but no such move has its sentences spread over its speech instead.
   */
  sentenceEventSlides?: readonly number[];
  speech: readonly SpeechInterval[];
  durationMs: number;
}

/**
 * Where someone speaks in a grain: the complement of the take's silences, moved from take time to
 * grain time (`offsetMs` is the head trim) and kept inside the grain.
 */
export function speechFromSilences(silences: readonly SilenceSpan[], takeDurationMs: number, offsetMs: number, grainDurationMs: number): SpeechInterval[] {
  const sorted = [...silences].sort((a, b) => a.startMs - b.startMs);
  const speech: SpeechInterval[] = [];
  let at = 0;
  for (const silence of sorted) {
    if (silence.startMs > at) speech.push({ startMs: at, endMs: silence.startMs });
    at = Math.max(at, silence.endMs ?? takeDurationMs);
  }
  if (at < takeDurationMs) speech.push({ startMs: at, endMs: takeDurationMs });
  return speech
    .filter((interval) => interval.endMs - interval.startMs >= MIN_SPEECH_MS)
    .map((interval) => ({ startMs: Math.max(0, interval.startMs - offsetMs), endMs: Math.min(grainDurationMs, interval.endMs - offsetMs) }))
    .filter((interval) => interval.endMs > interval.startMs);
}

/** The speech inside a span, as one stretch from its first to its last word; null when nobody speaks. */
export function speechWithin(speech: readonly SpeechInterval[], startMs: number, endMs: number): SpeechInterval | null {
  let first: number | null = null;
  let last: number | null = null;
  for (const interval of speech) {
    const from = Math.max(startMs, interval.startMs);
    const to = Math.min(endMs, interval.endMs);
    if (to <= from) continue;
    first = first === null ? from : Math.min(first, from);
    last = last === null ? to : Math.max(last, to);
  }
  return first === null || last === null ? null : { startMs: first, endMs: last };
}

/** Cuts a text into lines of at most `max` characters at spaces, two lines as even as possible. */
export function wrapCaption(text: string, max = MAX_LINE_CHARS): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean === '' ? [] : [clean];
  const words = clean.split(' ');
  // Two lines: the break that makes the longer line shortest.
  let best: [string, string] | null = null;
  for (let i = 1; i < words.length; i += 1) {
    const first = words.slice(0, i).join(' ');
    const second = words.slice(i).join(' ');
    if (first.length > max || second.length > max) continue;
    if (!best || Math.max(first.length, second.length) < Math.max(best[0].length, best[1].length)) best = [first, second];
  }
  if (best) return best;
  // Longer: greedy lines (the caller splits such text into several cues first).
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line && `${line} ${word}`.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function fitsOneCue(text: string): boolean {
  const lines = wrapCaption(text);
  return lines.length <= MAX_LINES && lines.every((line) => line.length <= MAX_LINE_CHARS);
}

/**
 * Splits a cue whose text does not fit two lines into consecutive cues that do, timed in proportion
 * to their characters; never into pieces shorter than the readable minimum (then a piece holds more).
 */
export function splitForReading(cue: TimedCue): TimedCue[] {
  const text = cue.text.replace(/\s+/g, ' ').trim();
  if (fitsOneCue(text)) return [{ ...cue, text: wrapCaption(text).join('\n') }];
  const words = text.split(' ');
  const chunks: string[] = [];
  let chunk = '';
  for (const word of words) {
    const candidate = chunk ? `${chunk} ${word}` : word;
    if (chunk && !fitsOneCue(candidate)) {
      chunks.push(chunk);
      chunk = word;
    } else chunk = candidate;
  }
  if (chunk) chunks.push(chunk);
  const duration = cue.endMs - cue.startMs;
  const pieces = Math.max(1, Math.min(chunks.length, Math.floor(duration / MIN_CUE_MS)));
  // Fewer pieces than chunks when time is short: regroup the words evenly by characters.
  const groups = pieces === chunks.length ? chunks : regroup(words, pieces);
  const total = groups.reduce((sum, group) => sum + group.length, 0);
  const cues: TimedCue[] = [];
  let chars = 0;
  for (const group of groups) {
    const startMs = cue.startMs + Math.round((duration * chars) / total);
    chars += group.length;
    const endMs = cue.startMs + Math.round((duration * chars) / total);
    cues.push({ startMs, endMs, text: wrapCaption(group).join('\n'), slideIndex: cue.slideIndex });
  }
  return cues;
}

function regroup(words: readonly string[], pieces: number): string[] {
  const total = words.join(' ').length;
  const groups: string[] = [];
  let group = '';
  for (const word of words) {
    const candidate = group ? `${group} ${word}` : word;
    if (group && groups.length < pieces - 1 && candidate.length > total / pieces) {
      groups.push(group);
      group = word;
    } else group = candidate;
  }
  if (group) groups.push(group);
  return groups;
}

/**
 * No cue shorter than the readable minimum: a short cue merges with the nearer neighbour when they
 * are one breath apart (BRIDGE_PAUSE_MS), else it is lengthened into the quiet around it, without
 * reaching its neighbours or leaving the grain; as a last resort it merges with a neighbour anyway.
 */
export function enforceMinimum(cues: readonly TimedCue[], durationMs: number): TimedCue[] {
  const list = cues.map((cue) => ({ ...cue }));
  for (;;) {
    let index = -1;
    for (let i = 0; i < list.length; i += 1) {
      const length = list[i]!.endMs - list[i]!.startMs;
      if (length < MIN_CUE_MS && (index < 0 || length < list[index]!.endMs - list[index]!.startMs)) index = i;
    }
    if (index < 0) return list;
    const cue = list[index]!;
    const previous = list[index - 1];
    const next = list[index + 1];
    const gapBefore = previous ? cue.startMs - previous.endMs : Number.POSITIVE_INFINITY;
    const gapAfter = next ? next.startMs - cue.endMs : Number.POSITIVE_INFINITY;
    const merge = (withPrevious: boolean) => {
      const at = withPrevious ? index - 1 : index;
      const a = list[at]!;
      const b = list[at + 1]!;
      list.splice(at, 2, { startMs: a.startMs, endMs: b.endMs, text: `${a.text} ${b.text}`, slideIndex: a.slideIndex });
    };
    if (Math.min(gapBefore, gapAfter) <= BRIDGE_PAUSE_MS) {
      // A neighbour on the same slide first: a slide's title joins its own text, not the previous slide's.
      const sameBefore = previous !== undefined && previous.slideIndex === cue.slideIndex && gapBefore <= BRIDGE_PAUSE_MS;
      const sameAfter = next !== undefined && next.slideIndex === cue.slideIndex && gapAfter <= BRIDGE_PAUSE_MS;
      merge(sameBefore !== sameAfter ? sameBefore : gapBefore <= gapAfter);
      continue;
    }
    const limitAfter = next ? next.startMs : durationMs;
    const limitBefore = previous ? previous.endMs : 0;
    const endMs = Math.min(limitAfter, cue.startMs + MIN_CUE_MS);
    const startMs = Math.max(limitBefore, endMs - MIN_CUE_MS);
    if (endMs - startMs >= MIN_CUE_MS || (!previous && !next)) {
      list[index] = { ...cue, startMs, endMs };
      // A grain shorter than the minimum keeps its one cue as long as the grain.
      if (endMs - startMs < MIN_CUE_MS) return list;
      continue;
    }
    merge(previous !== undefined && (next === undefined || gapBefore <= gapAfter));
  }
}

/** A slide's sentences over the speech of its span, in proportion to their length (prompter not followed). */
function spreadOverSpeech(sentences: readonly string[], span: SlideSpan, speech: readonly SpeechInterval[], slideIndex: number): TimedCue[] {
  const spoken = speechWithin(speech, span.startMs, span.endMs);
  if (!spoken || sentences.length === 0) return [];
  const total = sentences.reduce((sum, sentence) => sum + sentence.length, 0) || 1;
  const length = spoken.endMs - spoken.startMs;
  let chars = 0;
  return sentences.map((text) => {
    const startMs = spoken.startMs + Math.round((length * chars) / total);
    chars += text.length;
    return { startMs, endMs: spoken.startMs + Math.round((length * chars) / total), text, slideIndex };
  });
}

/**
 * The cues of one grain, in grain time. Each sentence is shown while it was on the prompter AND
 * someone spoke: from the first to the last speech inside its span. Sentences read in silence (a
 * teacher skipping table labels) get no cue. Then the readable minimum and the line limits.
 */
export function timeGrainCaptions(input: GrainCaptionInput): TimedCue[] {
  const raw: TimedCue[] = [];
  if (input.followedPrompter) {
    const moved = new Set(input.sentenceEventSlides ?? input.sentences.map((_, index) => index));
    const bySentence = (slideIndex: number) => moved.has(slideIndex) || (input.sentences[slideIndex]?.length ?? 0) <= 1;
    for (const span of input.slideSpans) {
      if (!bySentence(span.slideIndex)) raw.push(...spreadOverSpeech(input.sentences[span.slideIndex] ?? [], span, input.speech, span.slideIndex));
    }
    for (const span of input.sentenceSpans) {
      const sentences = input.sentences[span.slideIndex] ?? [];
      if (sentences.length === 0 || !bySentence(span.slideIndex)) continue;
      const text = sentences[Math.min(span.sentenceIndex, sentences.length - 1)]!;
      const spoken = speechWithin(input.speech, span.startMs, span.endMs);
      if (!spoken) continue;
      const last = raw[raw.length - 1];
      // The same sentence again right after (a slide change without a sentence change): one cue.
      if (last && last.text === text && last.slideIndex === span.slideIndex && spoken.startMs - last.endMs <= BRIDGE_PAUSE_MS) last.endMs = spoken.endMs;
      else raw.push({ startMs: spoken.startMs, endMs: spoken.endMs, text, slideIndex: span.slideIndex });
    }
  } else {
    for (const span of input.slideSpans) raw.push(...spreadOverSpeech(input.sentences[span.slideIndex] ?? [], span, input.speech, span.slideIndex));
  }
  raw.sort((a, b) => a.startMs - b.startMs);
  const readable = enforceMinimum(raw, input.durationMs);
  return readable.flatMap((cue) => splitForReading(cue));
}

/** Whether the prompter was followed: the teacher moved through sentences, or there was nothing to move through. */
export function prompterFollowed(sentences: readonly (readonly string[])[], sentenceEventSlides: readonly number[]): boolean {
  if (sentenceEventSlides.length > 0) return true;
  return sentences.every((slide) => slide.length <= 1);
}

/** Problems of cues a teacher edited: empty text, end before start, overlaps, past the video's end. */
export function captionProblems(cues: readonly { startMs: number; endMs: number; text: string }[], durationMs: number): string[] {
  const problems: string[] = [];
  cues.forEach((cue, index) => {
    const name = `cue ${index + 1}`;
    if (cue.text.trim() === '') problems.push(`${name} has no text`);
    if (!(cue.endMs > cue.startMs)) problems.push(`${name} ends before it starts`);
    if (cue.startMs < 0 || cue.endMs > durationMs) problems.push(`${name} is outside the video`);
    const previous = cues[index - 1];
    if (previous && cue.startMs < previous.endMs) problems.push(`${name} overlaps the one before`);
  });
  return problems;
}
