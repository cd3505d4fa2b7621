// Runs in Node (unit tests). Slide timing from take events, trims, captions and chapters; WebVTT.
import { describe, expect, it } from 'vitest';
import type { TakeEvent } from '../../src/shared/domain/take';
import { chapterTitle, computeCapsuleTimeline, computeGrainTimeline, sentencesOf } from '../../src/shared/logic/montageTimeline';
import { buildWebVtt, formatVttTime, parseWebVtt } from '../../src/shared/logic/webvtt';

function ev(type: TakeEvent['type'], atMs: number, slideIndex: number, sentenceIndex = 0): TakeEvent {
  return { type, atMs, slideIndex, sentenceIndex };
}

const slides = [
  { prompt: 'Bonjour.\nAujourd’hui : les ondes.', extraDurationMs: null },
  { prompt: 'Une onde transporte de l’énergie.', extraDurationMs: null },
  { prompt: '', extraDurationMs: null },
];

describe('grain timeline', () => {
  it('cuts slides on next_slide events, snapped to 40 ms frames', () => {
    const t = computeGrainTimeline({
      slides,
      take: { durationMs: 9810, events: [ev('start', 0, 0), ev('next_sentence', 2110, 0, 1), ev('next_slide', 5203, 1), ev('next_slide', 7000, 2), ev('end', 9800, 2)] },
    });
    expect(t.durationMs).toBe(9800);
    expect(t.spans).toEqual([
      { slideIndex: 0, startMs: 0, endMs: 5200 },
      { slideIndex: 1, startMs: 5200, endMs: 7000 },
      { slideIndex: 2, startMs: 7000, endMs: 9800 },
    ]);
    // Slide 0 has sentence events: cues follow them. Slide 1 has none: its one sentence fills it.
    expect(t.cues).toEqual([
      { startMs: 0, endMs: 2120, text: 'Bonjour.', slideIndex: 0 },
      { startMs: 2120, endMs: 5200, text: 'Aujourd’hui : les ondes.', slideIndex: 0 },
      { startMs: 5200, endMs: 7000, text: 'Une onde transporte de l’énergie.', slideIndex: 1 },
    ]);
  });

  it('ends the grain at the take\'s end event when the file runs longer', () => {
    const t = computeGrainTimeline({ slides: slides.slice(0, 1), take: { durationMs: 150_022, events: [ev('start', 0, 0), ev('end', 150_000, 0)] } });
    expect(t.durationMs).toBe(150_000);
    expect(t.spans).toEqual([{ slideIndex: 0, startMs: 0, endMs: 150_000 }]);
  });

  it('applies head and tail trims on the media clock', () => {
    const t = computeGrainTimeline({
      slides: slides.slice(0, 2),
      take: { durationMs: 10_000, events: [ev('start', 0, 0), ev('next_slide', 4000, 1)] },
      trim: { startMs: 1000, endMs: 2000 },
    });
    expect(t.takeOffsetMs).toBe(1000);
    expect(t.durationMs).toBe(7000);
    expect(t.spans).toEqual([
      { slideIndex: 0, startMs: 0, endMs: 3000 },
      { slideIndex: 1, startMs: 3000, endMs: 7000 },
    ]);
  });

  it('shows a slide again when the speaker went back', () => {
    const t = computeGrainTimeline({
      slides: slides.slice(0, 2),
      take: { durationMs: 6000, events: [ev('next_slide', 2000, 1), ev('prev_slide', 3000, 0), ev('next_slide', 4000, 1)] },
    });
    expect(t.spans.map((s) => [s.slideIndex, s.startMs, s.endMs])).toEqual([
      [0, 0, 2000],
      [1, 2000, 3000],
      [0, 3000, 4000],
      [1, 4000, 6000],
    ]);
  });

  it('without a take: 3 s a slide, or the extra video length', () => {
    const t = computeGrainTimeline({ slides: [slides[0]!, { prompt: '', extraDurationMs: 4510 }], take: null });
    expect(t.spans).toEqual([
      { slideIndex: 0, startMs: 0, endMs: 3000 },
      { slideIndex: 1, startMs: 3000, endMs: 7520 },
    ]);
    // Spread by length: "Bonjour." (8) and "Aujourd’hui : les ondes." (24) over 3 s.
    expect(t.cues).toEqual([
      { startMs: 0, endMs: 760, text: 'Bonjour.', slideIndex: 0 },
      { startMs: 760, endMs: 3000, text: 'Aujourd’hui : les ondes.', slideIndex: 0 },
    ]);
  });

  it('rejects trims that leave nothing', () => {
    expect(() => computeGrainTimeline({ slides, take: { durationMs: 1000, events: [] }, trim: { startMs: 600, endMs: 600 } })).toThrow(/leave nothing/);
  });
});

describe('capsule timeline', () => {
  it('offsets grains, one chapter per slide titled from its first line', () => {
    const g1 = computeGrainTimeline({ slides: slides.slice(0, 2), take: { durationMs: 4000, events: [ev('next_slide', 1000, 1)] } });
    const g2 = computeGrainTimeline({ slides: [slides[2]!], take: null });
    const c = computeCapsuleTimeline([
      { timeline: g1, slideTitles: [chapterTitle(slides[0]!, 1), chapterTitle(slides[1]!, 2)] },
      { timeline: g2, slideTitles: [chapterTitle({ prompt: '', pageNumber: 3 }, 3)] },
    ]);
    expect(c.durationMs).toBe(7000);
    expect(c.grainStartsMs).toEqual([0, 4000]);
    expect(c.chapters).toEqual([
      { startMs: 0, endMs: 1000, title: 'Bonjour.' },
      { startMs: 1000, endMs: 4000, title: 'Une onde transporte de l’énergie.' },
      { startMs: 4000, endMs: 7000, title: 'Slide 3' },
    ]);
  });

  it('splits prompts into sentences, one a line', () => {
    expect(sentencesOf(' a \n\n b\r\nc ')).toEqual(['a', 'b', 'c']);
  });
});

describe('WebVTT', () => {
  it('formats times and escapes text, and round-trips', () => {
    expect(formatVttTime(3_723_045)).toBe('01:02:03.045');
    const vtt = buildWebVtt([{ startMs: 0, endMs: 1500, text: 'a < b & c' }]);
    expect(vtt).toBe('WEBVTT\n\n00:00:00.000 --> 00:00:01.500\na &lt; b &amp; c\n');
    expect(parseWebVtt(vtt)).toEqual([{ startMs: 0, endMs: 1500, text: 'a < b & c' }]);
  });

  it('says where captions come from in a NOTE block that parsers skip', () => {
    const vtt = buildWebVtt([{ startMs: 0, endMs: 1000, text: 'Bonjour.' }], { note: 'Captions from the script --> timed\n\nfrom the take.' });
    expect(vtt).toBe('WEBVTT\n\nNOTE Captions from the script → timed\nfrom the take.\n\n00:00:00.000 --> 00:00:01.000\nBonjour.\n');
    expect(parseWebVtt(vtt)).toEqual([{ startMs: 0, endMs: 1000, text: 'Bonjour.' }]);
  });
});
