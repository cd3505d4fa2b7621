// Runs in Node (tests). The recording studio's pure logic: media clock, prompter moves and lines,
// slide at a playback time, in-place sentence edits, codec choice, level meter, device problems.
import { describe, expect, it } from 'vitest';
import { MediaClock, formatClock } from '../../src/renderer/features/recording/logic/mediaClock';
import { movePrompter, prompterLines, replaceSentence, slideAt, START, type GrainScript } from '../../src/renderer/features/recording/logic/prompterPosition';
import { bitratesFor, chooseMimeType, recordingMinutesLeft } from '../../src/renderer/features/recording/logic/recorderFormat';
import { LevelWatcher, measure, meterFraction, CLIP_HOLD_MS, SILENCE_WARN_MS } from '../../src/renderer/features/recording/logic/audioLevel';
import { deviceProblemOf } from '../../src/renderer/features/recording/logic/deviceProblems';

describe('media clock', () => {
  it('removes paused spans, as MediaRecorder does in the file', () => {
    const clock = new MediaClock();
    expect(clock.elapsed(50)).toBe(0);
    clock.start(1000);
    expect(clock.elapsed(2500)).toBe(1500);
    clock.pause(3000);
    expect(clock.elapsed(9000)).toBe(2000);
    clock.pause(9500); // a second pause changes nothing
    clock.resume(10_000);
    expect(clock.elapsed(10_700)).toBe(2700);
    clock.resume(11_000);
    expect(clock.elapsed(11_000)).toBe(3000);
  });

  it('formats minutes and hours', () => {
    expect(formatClock(7_400)).toBe('0:07');
    expect(formatClock(65_000)).toBe('1:05');
    expect(formatClock(3_723_000)).toBe('1:02:03');
  });
});

describe('prompter moves', () => {
  const script: GrainScript = [['A1', 'A2'], [], ['C1', 'C2', 'C3']];

  it('goes sentence by sentence, then to the next slide, and says when the grain ends', () => {
    let step = movePrompter(script, START, 'nextSentence');
    expect(step).toEqual({ position: { slideIndex: 0, sentenceIndex: 1 }, event: 'next_sentence', atEnd: false });
    step = movePrompter(script, step.position, 'nextSentence');
    expect(step).toEqual({ position: { slideIndex: 1, sentenceIndex: 0 }, event: 'next_slide', atEnd: false });
    step = movePrompter(script, step.position, 'nextSentence'); // a slide without prompt: one press moves on
    expect(step).toEqual({ position: { slideIndex: 2, sentenceIndex: 0 }, event: 'next_slide', atEnd: false });
    step = movePrompter(script, { slideIndex: 2, sentenceIndex: 2 }, 'nextSentence');
    expect(step).toEqual({ position: { slideIndex: 2, sentenceIndex: 2 }, event: null, atEnd: true });
  });

  it('goes back, and jumps slide by slide', () => {
    expect(movePrompter(script, { slideIndex: 2, sentenceIndex: 0 }, 'previousSentence')).toMatchObject({ position: { slideIndex: 1, sentenceIndex: 0 }, event: 'prev_slide' });
    expect(movePrompter(script, { slideIndex: 0, sentenceIndex: 1 }, 'previousSentence')).toMatchObject({ position: START, event: 'prev_sentence' });
    expect(movePrompter(script, START, 'previousSentence')).toMatchObject({ position: START, event: null, atEnd: false });
    expect(movePrompter(script, { slideIndex: 0, sentenceIndex: 1 }, 'nextSlide')).toMatchObject({ position: { slideIndex: 1, sentenceIndex: 0 }, event: 'next_slide' });
    expect(movePrompter(script, { slideIndex: 2, sentenceIndex: 1 }, 'previousSlide')).toMatchObject({ position: { slideIndex: 1, sentenceIndex: 0 }, event: 'prev_slide' });
    expect(movePrompter(script, { slideIndex: 2, sentenceIndex: 1 }, 'nextSlide')).toMatchObject({ event: null, atEnd: true });
  });

  it('shows the current line and greys the next one, across slides', () => {
    expect(prompterLines(script, START)).toEqual({ current: 'A1', next: 'A2', nextIsNewSlide: false });
    expect(prompterLines(script, { slideIndex: 0, sentenceIndex: 1 })).toEqual({ current: 'A2', next: 'C1', nextIsNewSlide: true });
    expect(prompterLines(script, { slideIndex: 2, sentenceIndex: 2 })).toEqual({ current: 'C3', next: null, nextIsNewSlide: false });
    expect(prompterLines(script, { slideIndex: 1, sentenceIndex: 0 }).current).toBeNull();
  });

  it('finds the slide shown at a playback time from the events', () => {
    const events = [
      { type: 'start' as const, atMs: 0, slideIndex: 0 },
      { type: 'next_sentence' as const, atMs: 800, slideIndex: 0 },
      { type: 'next_slide' as const, atMs: 1500, slideIndex: 1 },
      { type: 'prev_slide' as const, atMs: 4000, slideIndex: 0 },
    ];
    expect([0, 1499, 1500, 3999, 4000, 9999].map((ms) => slideAt(events, ms))).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('edits one sentence in place, keeping the other lines', () => {
    expect(replaceSentence('One.\n\nTwo.\nThree.', 1, 'Deux.')).toBe('One.\n\nDeux.\nThree.');
    expect(replaceSentence('One.', 0, '  Un\nseul. ')).toBe('Un seul.');
    expect(replaceSentence('', 0, 'New.')).toBe('New.');
  });
});

describe('recorder format', () => {
  it('takes the best WebM this browser supports', () => {
    const chromium = new Set(['video/webm;codecs=vp9,opus', 'video/webm;codecs=vp8,opus', 'video/webm', 'audio/webm;codecs=opus', 'audio/webm']);
    expect(chooseMimeType((mime) => chromium.has(mime), false)).toBe('video/webm;codecs=vp9,opus');
    expect(chooseMimeType((mime) => mime === 'video/webm;codecs=vp8,opus', false)).toBe('video/webm;codecs=vp8,opus');
    expect(chooseMimeType((mime) => chromium.has(mime), true)).toBe('audio/webm;codecs=opus');
    expect(chooseMimeType(() => false, false)).toBeNull();
  });

  it('uses Polymny’s bitrates by height', () => {
    expect(bitratesFor(1080).videoBitsPerSecond).toBe(4_500_000);
    expect(bitratesFor(720).videoBitsPerSecond).toBe(3_000_000);
    expect(bitratesFor(480).videoBitsPerSecond).toBe(1_500_000);
    expect(bitratesFor(360).videoBitsPerSecond).toBe(1_000_000);
    expect(bitratesFor(null)).toEqual({ audioBitsPerSecond: 128_000 });
  });

  it('says how many minutes of recording the free space holds', () => {
    // 1080p: 4.5 + 0.128 Mb/s ≈ 0.636 MB/s with overhead: 2 GB ≈ 52 minutes (reference: ≈ 2 GB/h at 4.5 Mb/s).
    expect(recordingMinutesLeft(2e9, bitratesFor(1080))).toBe(52);
    expect(recordingMinutesLeft(1e9, bitratesFor(null))).toBe(946); // sound only: 128 kb/s
    expect(recordingMinutesLeft(0, bitratesFor(720))).toBe(0);
  });
});

describe('level meter', () => {
  it('measures RMS and peak in dBFS and sees clipping', () => {
    const sine = Array.from({ length: 1024 }, (_, index) => 0.5 * Math.sin((2 * Math.PI * index) / 64));
    const reading = measure(sine);
    expect(reading.rmsDb).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 1);
    expect(reading.peakDb).toBeCloseTo(20 * Math.log10(0.5), 1);
    expect(reading.clipped).toBe(false);
    expect(measure([0, 1, -1, 0]).clipped).toBe(true);
    expect(measure(new Float32Array(16)).rmsDb).toBe(-Infinity);
    expect(meterFraction(-Infinity)).toBe(0);
    expect(meterFraction(-30)).toBeCloseTo(0.5);
  });

  it('holds a clip long enough to be seen, and warns of silence only after a while', () => {
    const watcher = new LevelWatcher();
    const quiet = { rmsDb: -80, peakDb: -70, clipped: false };
    const loud = { rmsDb: -3, peakDb: 0, clipped: true };
    expect(watcher.update(quiet, 0)).toEqual({ clipping: false, silent: false });
    expect(watcher.update(quiet, SILENCE_WARN_MS)).toEqual({ clipping: false, silent: true });
    expect(watcher.update(loud, SILENCE_WARN_MS + 100)).toEqual({ clipping: true, silent: false });
    expect(watcher.update(quiet, SILENCE_WARN_MS + 100 + CLIP_HOLD_MS - 1).clipping).toBe(true);
    expect(watcher.update(quiet, SILENCE_WARN_MS + 100 + CLIP_HOLD_MS).clipping).toBe(false);
  });
});

describe('device problems', () => {
  it('maps getUserMedia errors to what the user must do', () => {
    expect(deviceProblemOf({ name: 'NotAllowedError' })).toBe('denied');
    expect(deviceProblemOf({ name: 'NotReadableError' })).toBe('busy');
    expect(deviceProblemOf({ name: 'NotFoundError' })).toBe('missing');
    expect(deviceProblemOf({ name: 'OverconstrainedError' })).toBe('overconstrained');
    expect(deviceProblemOf(new TypeError('no mediaDevices'))).toBe('insecure');
    expect(deviceProblemOf('weird')).toBe('unknown');
  });
});
