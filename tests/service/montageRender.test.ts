// Runs in Node (service tests). A real capsule rendered by real FFmpeg, checked with ffprobe:
// codecs, size, frame rate, duration, chapters, captions, loudness, PiP placement, extra video.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
import type { RenderOutput } from '../../src/shared/domain/montage';
import { parseWebVtt } from '../../src/shared/logic/webvtt';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeExtraVideo, makeSlide, makeTake, measureLoudness, moovFirst, near, pixelAt, setExtraVideo } from '../support/montageFixtures';

const SLIDE1: [number, number, number] = [0x33, 0x66, 0xcc];
const SLIDE2: [number, number, number] = [0xcc, 0x99, 0x33];
const ORANGE: [number, number, number] = [0xff, 0x80, 0x00];

describe('montage render (real FFmpeg)', () => {
  const dir = tempDir('montage-render-');
  let studio: Studio;
  let engine: MontageEngine;
  let out: RenderOutput;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'cli', startJobs: false, log: createLogger(() => undefined, true) });
    const ctx = studio.context;
    const media = path.join(dir, 'media');
    const [s1, s2, s3, s4, take1, take3, extra] = await Promise.all([
      makeSlide(path.join(media, 's1.png'), '0x3366cc', 'Introduction'),
      makeSlide(path.join(media, 's2.png'), '0xcc9933', 'Les ondes'),
      makeSlide(path.join(media, 's3.png'), '0x33aa55', 'Conclusion'),
      makeSlide(path.join(media, 's4.png'), '0x999999', 'Demo'),
      makeTake(path.join(media, 'take1.webm'), { durationSec: 4, color: '0xff8000', level: 0.04 }),
      makeTake(path.join(media, 'take3.webm'), { durationSec: 3, level: 0.04 }),
      makeExtraVideo(path.join(media, 'extra.mp4'), 1, 0.2),
    ]);
    const capsule = createCapsule(ctx, 'Les ondes — démo', [
      { image: s1, prompt: 'Introduction\nBonjour à tous.', group: 0 },
      { image: s2, prompt: 'Les ondes\nUne onde transporte de l’énergie.\nElle se propage.', group: 0 },
      { image: s3, prompt: 'Conclusion\nMerci.', group: 1 },
      { image: s4, prompt: 'Démonstration', group: 2 },
    ]);
    const [g1, , g3] = capsule.grains;
    attachTake(ctx, capsule.id, g1!.id, take1, [ev('start', 0, 0), ev('next_sentence', 1000, 0, 1), ev('next_slide', 2000, 1)]);
    attachTake(ctx, capsule.id, g3!.id, take3, [ev('start', 0, 0)]);
    setExtraVideo(ctx, capsule.id, g3!.slides[0]!.id, extra);
    ctx.library.setGrainLayout(g3!.id, { mode: 'slides_only' });
    engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
    // Grain 2 has no take: the teacher chose to show it as a silent slide of 3 s.
    engine.store.setGrainChoice(capsule.grains[1]!.id, { mode: 'silent', slideMs: 3000 });
    out = await engine.render(capsule.id, { height: 720, outFile: path.join(dir, 'out', 'capsule.mp4') });
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('writes H.264 yuv420p 1280x720 CFR 25 + AAC stereo 48 kHz, faststart, duration of the timeline', async () => {
    expect(out.durationMs).toBe(10_000);
    const probe = await probeMedia(out.file);
    const video = probe.streams.find((s) => s.codec_type === 'video')!;
    const audio = probe.streams.find((s) => s.codec_type === 'audio')!;
    expect(video.codec_name).toBe('h264');
    expect(video.pix_fmt).toBe('yuv420p');
    expect([video.width, video.height]).toEqual([1280, 720]);
    expect(video.r_frame_rate).toBe('25/1');
    expect(video.avg_frame_rate).toBe('25/1');
    expect(audio.codec_name).toBe('aac');
    expect(audio.sample_rate).toBe('48000');
    expect(audio.channels).toBe(2);
    expect(Math.abs(Number(probe.format.duration) - 10)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(Number(video.duration) - 10)).toBeLessThanOrEqual(0.1);
    expect(await moovFirst(out.file)).toBe(true);
    expect(readdirSync(path.dirname(out.file)).filter((f) => f.includes('.part'))).toEqual([]);
  });

  it('has one chapter per slide, titled from its first line, in the MP4 and as WebVTT', async () => {
    const probe = await probeMedia(out.file);
    expect(probe.chapters.map((c) => c.tags?.title)).toEqual(['Introduction', 'Les ondes', 'Conclusion', 'Démonstration']);
    expect(probe.chapters.map((c) => Number(c.start_time))).toEqual([0, 2, 4, 7]);
    const vtt = parseWebVtt(readFileSync(out.chaptersVtt, 'utf8'));
    expect(vtt.map((c) => c.text)).toEqual(['Introduction', 'Les ondes', 'Conclusion', 'Démonstration']);
    expect(vtt.map((c) => [c.startMs, c.endMs])).toEqual([
      [0, 2000],
      [2000, 4000],
      [4000, 7000],
      [7000, 10000],
    ]);
  });

  it('writes captions from the script, timed on the takes, inside their slides and none over the silent slide', () => {
    const chapters = parseWebVtt(readFileSync(out.chaptersVtt, 'utf8'));
    const cues = parseWebVtt(readFileSync(out.captionsVtt, 'utf8'));
    // Slide 2's sentences (no sentence events) are spread over its 2 s of speech: its short title
    // and last sentence join the middle one rather than flash for 0.3 s. Grain 2 is a silent slide.
    expect(cues.map((c) => c.text.replace(/\n/g, ' '))).toEqual(['Introduction', 'Bonjour à tous.', 'Les ondes Une onde transporte de l’énergie. Elle se propage.', 'Démonstration']);
    expect(out.captions).toEqual({ source: 'script', enabled: true, cueCount: 4, edited: false });
    // Timed by next_sentence on slide 1 (the event at 1.0 s).
    expect(cues[1]!.startMs).toBe(1000);
    for (const cue of cues) {
      const slide = chapters.find((c) => c.startMs <= cue.startMs && cue.startMs < c.endMs)!;
      expect(cue.endMs).toBeLessThanOrEqual(slide.endMs);
      expect(cue.endMs - cue.startMs).toBeGreaterThanOrEqual(1000);
      expect(cue.endMs <= 4000 || cue.startMs >= 7000).toBe(true);
    }
  });

  it('normalises loudness to -16 LUFS ± 1 with a true peak under -1 dBTP', async () => {
    const loudness = await measureLoudness(out.file);
    expect(Math.abs(loudness.integrated - -16)).toBeLessThanOrEqual(1);
    expect(loudness.truePeak).toBeLessThanOrEqual(-1);
  });

  it('places the PiP where the layout says and cuts slides on the events', async () => {
    // Default layout: bottom right, medium (25 % of 1280 = 320x180), margin 2 % → (934, 514).
    expect(near(await pixelAt(out.file, 1.0, 934 + 6, 514 + 6), ORANGE)).toBe(true);
    expect(near(await pixelAt(out.file, 1.0, 934 + 313, 514 + 173), ORANGE)).toBe(true);
    // Just outside the camera rectangle: the slide.
    expect(near(await pixelAt(out.file, 1.0, 934 - 6, 514 + 90), SLIDE1)).toBe(true);
    expect(near(await pixelAt(out.file, 1.0, 934 + 160, 514 - 6), SLIDE1)).toBe(true);
    expect(near(await pixelAt(out.file, 2.5, 100, 650), SLIDE2)).toBe(true);
  });

  it('plays the extra video in place of its slide and freezes its last frame', async () => {
    expect(near(await pixelAt(out.file, 7.4, 640, 360), [255, 255, 0])).toBe(true);
    expect(near(await pixelAt(out.file, 9.6, 640, 360), [255, 0, 255])).toBe(true);
  });

  it('writes a poster and a thumbnail strip', async () => {
    expect(existsSync(out.poster)).toBe(true);
    const strip = await probeMedia(out.thumbnailStrip);
    expect(strip.streams[0]?.width).toBe(1920);
  });
});
