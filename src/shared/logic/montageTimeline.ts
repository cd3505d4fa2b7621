// Runs everywhere (shared, pure). The montage timeline: when each slide is on screen, the
// caption cues from the prompter and the chapters, computed from a take's events on the media
// clock. Every time is snapped to the 25 fps frame grid so segments join exactly.
import type { TakeEvent } from '../domain/take';
import { StudioError } from '../errors';

export const OUTPUT_FPS = 25;
export const FRAME_MS = 1000 / OUTPUT_FPS;
export const DEFAULT_SLIDE_MS = 3000;

export interface TimelineSlide {
  prompt: string;
  /** Duration of the extra video replacing this slide, or null when the slide is an image. */
  extraDurationMs: number | null;
}

export interface TimelineTake {
  /** Duration of the take file (media clock). */
  durationMs: number;
  events: readonly TakeEvent[];
}

export interface Trim {
  /** Cut from the head of the take. */
  startMs: number;
  /** Cut from the tail of the take. */
  endMs: number;
}

export interface GrainTimelineInput {
  slides: readonly TimelineSlide[];
  take: TimelineTake | null;
  trim?: Trim;
  defaultSlideMs?: number;
}

/** One stretch of a slide on screen, in grain time (ms from the grain's first frame). */
export interface SlideSpan {
  slideIndex: number;
  startMs: number;
  endMs: number;
}

export interface CaptionCue {
  startMs: number;
  endMs: number;
  text: string;
  slideIndex: number;
}

/** Which prompter sentence was on screen when, in grain time (from the take's events). */
export interface SentenceSpan {
  slideIndex: number;
  sentenceIndex: number;
  startMs: number;
  endMs: number;
}

export interface GrainTimeline {
  durationMs: number;
  /** Where the take's used part starts in the take file (the head trim). */
  takeOffsetMs: number;
  spans: SlideSpan[];
  cues: CaptionCue[];
  /** The prompter's position over the take (empty without a take). */
  sentenceSpans: SentenceSpan[];
  /** Slides on which the teacher moved from sentence to sentence (next/previous sentence events). */
  sentenceEventSlides: number[];
}

export function snapToFrame(ms: number): number {
  return Math.round(ms / FRAME_MS) * FRAME_MS;
}

/** The prompter's sentences of a slide: one a line, blank lines dropped. */
export function sentencesOf(prompt: string): string[] {
  return prompt
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

const STATE_EVENTS: ReadonlySet<TakeEvent['type']> = new Set(['start', 'next_slide', 'prev_slide', 'next_sentence', 'prev_sentence']);

type StateSpan = SentenceSpan;

/**
 * The grain's timeline. With a take, the slide shown at each moment is the one the events say
 * (going back to a slide shows it again); without a take, each slide lasts its extra video's
 * length or the default (3 s).
 */
export function computeGrainTimeline(input: GrainTimelineInput): GrainTimeline {
  const slideCount = input.slides.length;
  if (slideCount === 0) return { durationMs: 0, takeOffsetMs: 0, spans: [], cues: [], sentenceSpans: [], sentenceEventSlides: [] };
  if (!input.take) return timelineWithoutTake(input.slides, input.defaultSlideMs ?? DEFAULT_SLIDE_MS);

  const trim = input.trim ?? { startMs: 0, endMs: 0 };
  // The take ends at its `end` event when it has one (the file may run a few ms longer: encoder tail).
  const endEvent = input.take.events.filter((event) => event.type === 'end').reduce<number | null>((last, event) => (last === null || event.atMs > last ? event.atMs : last), null);
  const contentEnd = endEvent !== null && endEvent > 0 && endEvent < input.take.durationMs ? endEvent : input.take.durationMs;
  const windowStart = Math.max(0, trim.startMs);
  const windowEnd = contentEnd - Math.max(0, trim.endMs);
  if (windowEnd - windowStart < FRAME_MS) {
    throw new StudioError('TRIM_INVALID', `The trims (${trim.startMs} ms + ${trim.endMs} ms) leave nothing of a ${contentEnd} ms take.`);
  }
  const takeOffsetMs = snapToFrame(windowStart);
  const durationMs = snapToFrame(windowEnd - windowStart);

  // State changes in media time order; events at the same time keep their recorded order.
  const changes = input.take.events
    .map((event, order) => ({ event, order }))
    .filter(({ event }) => STATE_EVENTS.has(event.type))
    .sort((a, b) => a.event.atMs - b.event.atMs || a.order - b.order)
    .map(({ event }) => event);
  const states: StateSpan[] = [];
  let current = { slideIndex: 0, sentenceIndex: 0, sinceMs: 0 };
  const sentenceEventSlides = new Set<number>();
  const push = (untilMs: number) => {
    const startMs = clampMs(snapToFrame(current.sinceMs - takeOffsetMs), durationMs);
    const endMs = clampMs(snapToFrame(untilMs - takeOffsetMs), durationMs);
    if (endMs > startMs) states.push({ slideIndex: current.slideIndex, sentenceIndex: current.sentenceIndex, startMs, endMs });
  };
  for (const event of changes) {
    const slideIndex = Math.min(slideCount - 1, Math.max(0, Math.trunc(event.slideIndex)));
    const sentenceIndex = Math.max(0, Math.trunc(event.sentenceIndex));
    if (event.type === 'next_sentence' || event.type === 'prev_sentence') sentenceEventSlides.add(slideIndex);
    if (slideIndex === current.slideIndex && sentenceIndex === current.sentenceIndex) continue;
    push(event.atMs);
    current = { slideIndex, sentenceIndex, sinceMs: event.atMs };
  }
  push(takeOffsetMs + durationMs);

  const spans = mergeSpans(states);
  const cues: CaptionCue[] = [];
  input.slides.forEach((slide, slideIndex) => {
    const sentences = sentencesOf(slide.prompt);
    if (sentences.length === 0) return;
    const mine = states.filter((state) => state.slideIndex === slideIndex);
    if (mine.length === 0) return;
    if (sentenceEventSlides.has(slideIndex)) {
      for (const state of mine) {
        const text = sentences[Math.min(state.sentenceIndex, sentences.length - 1)]!;
        const last = cues[cues.length - 1];
        if (last && last.slideIndex === slideIndex && last.text === text && last.endMs === state.startMs) last.endMs = state.endMs;
        else cues.push({ startMs: state.startMs, endMs: state.endMs, text, slideIndex });
      }
    } else {
      const first = spans.find((span) => span.slideIndex === slideIndex)!;
      cues.push(...spreadSentences(sentences, first, slideIndex));
    }
  });
  cues.sort((a, b) => a.startMs - b.startMs);
  return { durationMs, takeOffsetMs, spans, cues, sentenceSpans: states, sentenceEventSlides: [...sentenceEventSlides].sort((a, b) => a - b) };
}

function timelineWithoutTake(slides: readonly TimelineSlide[], defaultSlideMs: number): GrainTimeline {
  const spans: SlideSpan[] = [];
  const cues: CaptionCue[] = [];
  let at = 0;
  slides.forEach((slide, slideIndex) => {
    const length = Math.max(FRAME_MS, snapToFrame(slide.extraDurationMs ?? defaultSlideMs));
    const span = { slideIndex, startMs: at, endMs: at + length };
    spans.push(span);
    cues.push(...spreadSentences(sentencesOf(slide.prompt), span, slideIndex));
    at += length;
  });
  return { durationMs: at, takeOffsetMs: 0, spans, cues, sentenceSpans: [], sentenceEventSlides: [] };
}

/** Spreads sentences over a span in proportion to their length (characters), on the frame grid. */
export function spreadSentences(sentences: readonly string[], span: SlideSpan, slideIndex: number): CaptionCue[] {
  const total = sentences.reduce((sum, sentence) => sum + sentence.length, 0);
  if (total === 0) return [];
  const cues: CaptionCue[] = [];
  let chars = 0;
  for (const text of sentences) {
    const startMs = span.startMs + snapToFrame(((span.endMs - span.startMs) * chars) / total);
    chars += text.length;
    const endMs = span.startMs + snapToFrame(((span.endMs - span.startMs) * chars) / total);
    if (endMs > startMs) cues.push({ startMs, endMs: Math.min(endMs, span.endMs), text, slideIndex });
  }
  return cues;
}

function mergeSpans(states: readonly StateSpan[]): SlideSpan[] {
  const spans: SlideSpan[] = [];
  for (const state of states) {
    const last = spans[spans.length - 1];
    if (last && last.slideIndex === state.slideIndex && last.endMs === state.startMs) last.endMs = state.endMs;
    else spans.push({ slideIndex: state.slideIndex, startMs: state.startMs, endMs: state.endMs });
  }
  return spans;
}

function clampMs(ms: number, max: number): number {
  return Math.min(max, Math.max(0, ms));
}

// ---------------------------------------------------------------- capsule level

export interface CapsuleTimelineGrain {
  timeline: GrainTimeline;
  /** Chapter title of each slide of the grain. */
  slideTitles: readonly string[];
}

export interface Chapter {
  startMs: number;
  endMs: number;
  title: string;
}

export interface CapsuleTimeline {
  durationMs: number;
  /** Where each grain starts in the capsule. */
  grainStartsMs: number[];
  chapters: Chapter[];
  cues: CaptionCue[];
}

/** Places the grains one after the other: one chapter per slide at its first appearance, captions offset. */
export function computeCapsuleTimeline(grains: readonly CapsuleTimelineGrain[]): CapsuleTimeline {
  const grainStartsMs: number[] = [];
  const starts: { startMs: number; title: string }[] = [];
  const cues: CaptionCue[] = [];
  let at = 0;
  for (const grain of grains) {
    grainStartsMs.push(at);
    const seen = new Set<number>();
    for (const span of grain.timeline.spans) {
      if (seen.has(span.slideIndex)) continue;
      seen.add(span.slideIndex);
      starts.push({ startMs: at + span.startMs, title: grain.slideTitles[span.slideIndex] ?? `Slide ${starts.length + 1}` });
    }
    for (const cue of grain.timeline.cues) cues.push({ ...cue, startMs: at + cue.startMs, endMs: at + cue.endMs });
    at += grain.timeline.durationMs;
  }
  starts.sort((a, b) => a.startMs - b.startMs);
  const chapters = starts.map((start, index) => ({ startMs: start.startMs, endMs: starts[index + 1]?.startMs ?? at, title: start.title })).filter((c) => c.endMs > c.startMs);
  return { durationMs: at, grainStartsMs, chapters, cues };
}

/** A slide's chapter title: the first line of its text, else its page label, else its number. */
export function chapterTitle(slide: { prompt: string; pageLabel?: string | null; pageNumber?: number | null }, ordinal: number): string {
  const first = sentencesOf(slide.prompt)[0];
  if (first) return first.length > 80 ? `${first.slice(0, 77).trimEnd()}…` : first;
  if (slide.pageLabel) return `Slide ${slide.pageLabel}`;
  return `Slide ${slide.pageNumber ?? ordinal}`;
}
