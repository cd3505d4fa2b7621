// Runs in Node (unit tests). Caption timing from what the recording shows: the prompter's sentence
// changes and the speech in the take. Cases come from the fixture decks' kind of slides: a beamer
// table whose prompter lines were its cell labels ("BS", "HT", "LF", read in a fraction of a second),
// a long sentence, a take with a silent stretch, a grain read without following the prompter.
import { describe, expect, it } from 'vitest';
import {
  MAX_LINE_CHARS,
  MIN_CUE_MS,
  captionProblems,
  enforceMinimum,
  prompterFollowed,
  speechFromSilences,
  speechWithin,
  splitForReading,
  timeGrainCaptions,
  wrapCaption,
  type SpeechInterval,
  type TimedCue,
} from '../../src/shared/logic/captionTiming';
import { computeGrainTimeline, sentencesOf } from '../../src/shared/logic/montageTimeline';
import type { TakeEvent } from '../../src/shared/domain/take';

function ev(type: TakeEvent['type'], atMs: number, slideIndex: number, sentenceIndex = 0): TakeEvent {
  return { type, atMs, slideIndex, sentenceIndex };
}

/** Times a grain as the service does: the timeline of the take's events, then the cues. */
function captions(prompts: string[], events: TakeEvent[], durationMs: number, speech: SpeechInterval[]): TimedCue[] {
  const timeline = computeGrainTimeline({ slides: prompts.map((prompt) => ({ prompt, extraDurationMs: null })), take: { durationMs, events } });
  const sentences = prompts.map(sentencesOf);
  return timeGrainCaptions({
    sentences,
    sentenceSpans: timeline.sentenceSpans,
    slideSpans: timeline.spans,
    followedPrompter: prompterFollowed(sentences, timeline.sentenceEventSlides),
    speech,
    durationMs: timeline.durationMs,
  });
}

function overlapsSilence(cue: TimedCue, speech: SpeechInterval[]): boolean {
  // A cue overlaps a silence when part of it is covered by no speech and that part is not a short pause inside it.
  return speechWithin(speech, cue.startMs, cue.endMs) === null;
}

describe('speech from silences', () => {
  it('is the complement of the silences, in grain time after the head trim', () => {
    const speech = speechFromSilences(
      [
        { startMs: 0, endMs: 800 },
        { startMs: 3000, endMs: 4500 },
        { startMs: 9000, endMs: null },
      ],
      10_000,
      500,
      9000,
    );
    expect(speech).toEqual([
      { startMs: 300, endMs: 2500 },
      { startMs: 4000, endMs: 8500 },
    ]);
  });

  it('ignores a click before the first silence (Opus starts with a few milliseconds of sound)', () => {
    expect(speechFromSilences([{ startMs: 8, endMs: 620 }, { startMs: 2880, endMs: null }], 4000, 0, 4000)).toEqual([{ startMs: 620, endMs: 2880 }]);
  });
});

describe('caption cues of a grain', () => {
  it('follows the sentence changes and leaves out where nobody speaks', () => {
    const speech = [
      { startMs: 200, endMs: 2600 },
      { startMs: 4800, endMs: 7400 },
    ];
    const cues = captions(['Bonjour à tous.\nAujourd’hui : le codage des caractères.'], [ev('start', 0, 0), ev('next_sentence', 3500, 0, 1), ev('end', 9000, 0, 1)], 9000, speech);
    expect(cues).toEqual([
      { startMs: 200, endMs: 2600, text: 'Bonjour à tous.', slideIndex: 0 },
      { startMs: 4800, endMs: 7400, text: 'Aujourd’hui : le codage des caractères.', slideIndex: 0 },
    ]);
    // 2.6–4.8 s and 7.4–9 s are silent: no cue there.
    for (const cue of cues) expect(overlapsSilence(cue, speech)).toBe(false);
  });

  it('never makes 0.04 s cues of table labels: "BS", "HT", "LF" read quickly become one readable cue', () => {
    // The beamer table slide: one prompter line per cell label, the teacher pressing → at each.
    const prompt = 'Caractères de contrôle\nBS\nHT\nLF';
    const events = [ev('start', 0, 0), ev('next_sentence', 2200, 0, 1), ev('next_sentence', 2240, 0, 2), ev('next_sentence', 2540, 0, 3), ev('end', 4000, 0, 3)];
    const speech = [{ startMs: 100, endMs: 2900 }];
    const cues = captions([prompt], events, 4000, speech);
    for (const cue of cues) expect(cue.endMs - cue.startMs).toBeGreaterThanOrEqual(MIN_CUE_MS);
    expect(cues.map((cue) => cue.text.replace(/\n/g, ' '))).toEqual(['Caractères de contrôle BS HT LF']);
    expect(cues[0]).toMatchObject({ startMs: 100, endMs: 2900 });
  });

  it('drops labels passed over in silence', () => {
    const events = [ev('start', 0, 0), ev('next_sentence', 2000, 0, 1), ev('next_sentence', 2100, 0, 2), ev('next_sentence', 2200, 0, 3), ev('end', 3000, 0, 3)];
    const cues = captions(['Un tableau.\nBS\nHT\nLF'], events, 3000, [{ startMs: 300, endMs: 1900 }]);
    expect(cues.map((cue) => cue.text)).toEqual(['Un tableau.']);
  });

  it('lengthens a lone short cue into the quiet around it, not past the grain', () => {
    const cues = captions(['Oui.'], [ev('start', 0, 0), ev('end', 3000, 0)], 3000, [{ startMs: 1200, endMs: 1500 }]);
    expect(cues).toEqual([{ startMs: 1200, endMs: 2200, text: 'Oui.', slideIndex: 0 }]);
    expect(enforceMinimum([{ startMs: 2700, endMs: 2900, text: 'Fin.', slideIndex: 0 }], 3000)).toEqual([{ startMs: 2000, endMs: 3000, text: 'Fin.', slideIndex: 0 }]);
  });

  it('keeps lines within 42 characters and 2 lines, splitting a long sentence into timed cues', () => {
    const long = 'Le codage UTF-8 représente chaque caractère Unicode par une suite de un à quatre octets, compatible avec ASCII pour les 128 premiers.';
    const cues = captions([long], [ev('start', 0, 0), ev('end', 9000, 0)], 9000, [{ startMs: 0, endMs: 9000 }]);
    expect(cues.length).toBeGreaterThan(1);
    for (const cue of cues) {
      const lines = cue.text.split('\n');
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(MAX_LINE_CHARS);
      expect(cue.endMs - cue.startMs).toBeGreaterThanOrEqual(MIN_CUE_MS);
    }
    expect(cues.map((cue) => cue.text.replace(/\n/g, ' ')).join(' ')).toBe(long);
    cues.slice(1).forEach((cue, index) => expect(cue.startMs).toBe(cues[index]!.endMs));
  });

  it('wraps in two balanced lines', () => {
    expect(wrapCaption('Une onde transporte de l’énergie sans transporter de matière.')).toEqual(['Une onde transporte de l’énergie', 'sans transporter de matière.']);
    expect(wrapCaption('Court.')).toEqual(['Court.']);
    expect(splitForReading({ startMs: 0, endMs: 1000, text: 'a b', slideIndex: 0 })).toEqual([{ startMs: 0, endMs: 1000, text: 'a b', slideIndex: 0 }]);
  });

  it('spreads a slide’s sentences over its speech only when asked for a grain read without following the prompter', () => {
    const sentences = [['Première idée.', 'Seconde idée.']];
    expect(prompterFollowed(sentences, [])).toBe(false);
    expect(prompterFollowed([['Une seule phrase.']], [])).toBe(true);
    expect(prompterFollowed(sentences, [0])).toBe(true);
    const cues = captions(['Première idée.\nSeconde idée.'], [ev('start', 0, 0), ev('end', 6000, 0)], 6000, [{ startMs: 1000, endMs: 5000 }]);
    expect(cues.map((cue) => [cue.text, cue.startMs, cue.endMs])).toEqual([
      ['Première idée.', 1000, 3074],
      ['Seconde idée.', 3074, 5000],
    ]);
  });
});

describe('edited cues', () => {
  it('names what is wrong', () => {
    expect(captionProblems([{ startMs: 0, endMs: 1000, text: 'A' }, { startMs: 1000, endMs: 2000, text: 'B' }], 5000)).toEqual([]);
    expect(
      captionProblems(
        [
          { startMs: 0, endMs: 1500, text: 'A' },
          { startMs: 1000, endMs: 900, text: ' ' },
          { startMs: 4000, endMs: 6000, text: 'C' },
        ],
        5000,
      ),
    ).toEqual(['cue 2 has no text', 'cue 2 ends before it starts', 'cue 2 overlaps the one before', 'cue 3 is outside the video']);
  });
});
