// Runs in the renderer (pure, unit-tested in Node). Where the prompter is in a grain (slide,
// sentence) and how the clicker keys move it, with the take event each move records. Polymny's
// workflow: the next sentence, and after a slide's last sentence the next slide.
import type { TakeEventType } from '../../../../shared/domain/take';

export interface PrompterPosition {
  slideIndex: number;
  sentenceIndex: number;
}

/** Sentences of each slide of the grain (a slide without prompt has none). */
export type GrainScript = readonly (readonly string[])[];

export type PrompterMove = 'nextSentence' | 'previousSentence' | 'nextSlide' | 'previousSlide';

export interface MoveResult {
  position: PrompterPosition;
  /** The event to record, or null when the move changed nothing (already at an end). */
  event: TakeEventType | null;
  /** The move went past the last sentence of the last slide: the grain is read to the end. */
  atEnd: boolean;
}

export const START: PrompterPosition = { slideIndex: 0, sentenceIndex: 0 };

export function movePrompter(script: GrainScript, position: PrompterPosition, move: PrompterMove): MoveResult {
  const slides = script.length;
  const sentencesOf = (slide: number) => script[slide]?.length ?? 0;
  const { slideIndex, sentenceIndex } = position;
  const same = (atEnd = false): MoveResult => ({ position, event: null, atEnd });
  switch (move) {
    case 'nextSentence':
      if (sentenceIndex + 1 < sentencesOf(slideIndex)) return { position: { slideIndex, sentenceIndex: sentenceIndex + 1 }, event: 'next_sentence', atEnd: false };
      if (slideIndex + 1 < slides) return { position: { slideIndex: slideIndex + 1, sentenceIndex: 0 }, event: 'next_slide', atEnd: false };
      return same(true);
    case 'previousSentence':
      if (sentenceIndex > 0) return { position: { slideIndex, sentenceIndex: sentenceIndex - 1 }, event: 'prev_sentence', atEnd: false };
      if (slideIndex > 0) return { position: { slideIndex: slideIndex - 1, sentenceIndex: Math.max(0, sentencesOf(slideIndex - 1) - 1) }, event: 'prev_slide', atEnd: false };
      return same();
    case 'nextSlide':
      if (slideIndex + 1 < slides) return { position: { slideIndex: slideIndex + 1, sentenceIndex: 0 }, event: 'next_slide', atEnd: false };
      return same(true);
    case 'previousSlide':
      if (slideIndex > 0) return { position: { slideIndex: slideIndex - 1, sentenceIndex: 0 }, event: 'prev_slide', atEnd: false };
      return same();
  }
}

/** The line to read now and the one after it (next sentence of the slide, or first of the next slide). */
export function prompterLines(script: GrainScript, position: PrompterPosition): { current: string | null; next: string | null; nextIsNewSlide: boolean } {
  const sentences = script[position.slideIndex] ?? [];
  const current = sentences[position.sentenceIndex] ?? null;
  if (position.sentenceIndex + 1 < sentences.length) return { current, next: sentences[position.sentenceIndex + 1]!, nextIsNewSlide: false };
  for (let slide = position.slideIndex + 1; slide < script.length; slide += 1) {
    const first = script[slide]?.[0];
    if (first !== undefined) return { current, next: first, nextIsNewSlide: true };
  }
  return { current, next: null, nextIsNewSlide: false };
}

/** The slide shown at media time `atMs` of a take, from its events (for playback with slide changes). */
export function slideAt(events: readonly { type: TakeEventType; atMs: number; slideIndex: number }[], atMs: number): number {
  let slide = 0;
  for (const event of events) {
    if (event.atMs > atMs) break;
    slide = event.slideIndex;
  }
  return slide;
}

/** Replaces one sentence of a slide's prompt (one sentence a line), keeping the other lines as typed. */
export function replaceSentence(prompt: string, sentenceIndex: number, text: string): string {
  const lines = prompt.split('\n');
  let seen = -1;
  for (let index = 0; index < lines.length; index += 1) {
    if (lines[index]!.trim() === '') continue;
    seen += 1;
    if (seen === sentenceIndex) {
      lines[index] = text.replace(/\s*\n\s*/g, ' ').trim();
      return lines.filter((line, lineIndex) => lineIndex !== index || line !== '').join('\n');
    }
  }
  return [...lines.filter((line) => line.trim() !== ''), text.trim()].join('\n');
}
