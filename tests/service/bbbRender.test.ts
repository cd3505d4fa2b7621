// Runs in Node (test, real FFmpeg). Renders the generated BBB recordings of both asset layouts (pre-2.6
// shapes.svg; 2.6+ SVG slides + tldraw.json) and checks the MP4 against the fixture's known timeline:
// duration, slide changes within 0.2 s, annotations, deskshare content, audio in sync within 0.1 s.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { renderPresentation, type RenderPresentationResult } from '../../src/main/bbb/presentation/renderPresentation';
import { TLDRAW_COLORS } from '../../src/main/bbb/presentation/drawState';
import { generateRecording } from '../support/bbbFixture/generateRecording';
import { DESKSHARE_COLOR, RECT_FILL_SVG, shortFixtureSpec, slideColor, type FixtureLayout } from '../support/bbbFixture/fixtureSpec';
import { allFramesSmall, classChanges, colorDistance, frameAt, hexToRgb, pixel, toneOnsets, type Frame } from '../support/bbbFixture/videoProbe';

// Generating the fixture media (VP8, Opus) on a shared, busy machine can take minutes the first time.
const FIXTURE_TIMEOUT_MS = 600_000;

const FPS = 15;
// The slide (1600×1200) fills the 960×720 slide area left of the webcam strip: 0.6 px per slide px.
const toFrame = (x: number, y: number, viewBox: [number, number, number, number] = [0, 0, 1600, 1200]): [number, number] => {
  const s = Math.min(960 / viewBox[2], 720 / viewBox[3]);
  return [(x - viewBox[0]) * s + (960 - viewBox[2] * s) / 2, (y - viewBox[1]) * s + (720 - viewBox[3] * s) / 2];
};

describe.each<FixtureLayout>(['svg', 'tldraw'])('rendering the %s layout', (layout) => {
  const spec = shortFixtureSpec(layout);
  const work = mkdtempSync(path.join(os.tmpdir(), `bbb-render-${layout}-`));
  const output = path.join(work, 'out.mp4');
  let result: RenderPresentationResult;
  const frames = new Map<number, Frame>();
  const at = async (t: number) => {
    if (!frames.has(t)) frames.set(t, await frameAt(output, t));
    return frames.get(t)!;
  };
  const rectColor = hexToRgb(layout === 'svg' ? RECT_FILL_SVG : TLDRAW_COLORS.yellow!);
  const slide1 = hexToRgb(slideColor(1));

  beforeAll(async () => {
    const fixture = await generateRecording(spec);
    result = await renderPresentation(fixture.presentationDir, output, { fps: FPS, cursor: true, chat: true });
  }, FIXTURE_TIMEOUT_MS);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('lasts exactly the recording duration', async () => {
    const probe = await probeMedia(output);
    const video = probe.streams.find((s) => s.codec_type === 'video')!;
    expect(Math.abs(Number(video.duration) - spec.durationSec)).toBeLessThanOrEqual(1 / FPS + 1e-6);
    expect(Math.abs(Number(probe.format.duration) - spec.durationSec)).toBeLessThan(0.1);
    expect(result.durationSec).toBe(spec.durationSec);
    expect(probe.chapters.map((c) => c.tags?.title)).toEqual(['Slide 1', 'Screen sharing', 'Slide 2', 'Slide 3']);
    // The live captions (caption_fr-FR.vtt) travel as a mov_text track tagged French.
    const subtitles = probe.streams.filter((s) => s.codec_type === 'subtitle') as { codec_name?: string; tags?: { language?: string } }[];
    expect(subtitles.map((s) => [s.codec_name, s.tags?.language])).toEqual([['mov_text', 'fre']]);
  });

  it('changes slides within 0.2 s of the fixture times', async () => {
    const all = await allFramesSmall(output, FPS);
    expect(all.length).toBeGreaterThanOrEqual(spec.durationSec * FPS - 1);
    // Top right of the slide area: no drawing, no cursor, no text there.
    const [x, y] = toFrame(1400, 300);
    const palette = { s1: slide1, s2: hexToRgb(slideColor(2)), s3: hexToRgb(slideColor(3)), desk: hexToRgb(DESKSHARE_COLOR) };
    const changes = classChanges(all, x / 8, y / 8, palette);
    expect(changes.map((c) => `${c.from}>${c.to}`)).toEqual(['s1>desk', 'desk>s2', 's2>s3']);
    [8, 14, 17].forEach((expected, index) => expect(Math.abs(changes[index]!.time - expected)).toBeLessThanOrEqual(0.2));
  });

  it('shows the rectangle after its time and not before, follows the zoom, and removes it when undone', async () => {
    const before = toFrame(650, 500);
    const zoomed = toFrame(650, 500, [400, 300, 800, 600]);
    expect(colorDistance(pixel(await at(3.8), ...before), slide1)).toBeLessThan(40);
    expect(colorDistance(pixel(await at(4.5), ...before), rectColor)).toBeLessThan(40);
    expect(colorDistance(pixel(await at(5.5), ...zoomed), rectColor)).toBeLessThan(40);
    expect(colorDistance(pixel(await at(6.5), ...zoomed), slide1)).toBeLessThan(40);
  });

  it('draws only the latest version of the pencil stroke', async () => {
    // The second version adds a vertical segment at x=300 from y=120 to 300.
    const [x, y] = toFrame(300, 240);
    const dark = hexToRgb('#1d1d1d');
    expect(colorDistance(pixel(await at(2.5), x, y, 1), slide1)).toBeLessThan(40);
    expect(colorDistance(pixel(await at(3.5), x, y, 1), dark)).toBeLessThan(60);
  });

  it('replaces the slides with the shared screen during the deskshare segment', async () => {
    const frame = await at(10);
    // The 1280×720 deskshare fits the 960×720 area as 960×540 from y=90; its white box is at 80..320 × 80..240.
    expect(colorDistance(pixel(frame, 150 * 0.75, 90 + 150 * 0.75), [255, 255, 255])).toBeLessThan(40);
    expect(colorDistance(pixel(frame, 700, 400), hexToRgb(DESKSHARE_COLOR))).toBeLessThan(40);
    // Outside the segment the same place shows slides again.
    expect(colorDistance(pixel(await at(15.5), 700, 400), hexToRgb(slideColor(2)))).toBeLessThan(40);
  });

  it('keeps the meeting audio in sync within 0.1 s', async () => {
    const probe = await probeMedia(output);
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    expect(audio?.codec_name).toBe('aac');
    expect(Number(audio?.duration)).toBeGreaterThan(spec.durationSec - 0.1);
    // silencedetect also reports the end of the file as a silence end: ignore it.
    const onsets = (await toneOnsets(output)).filter((t) => t < spec.durationSec - 0.05);
    expect(onsets).toHaveLength(spec.beeps.length);
    spec.beeps.forEach((beep, index) => expect(Math.abs(onsets[index]! - beep)).toBeLessThanOrEqual(0.1));
  });

  it('shows the public chat panel below the webcams, each message from its time on', async () => {
    // The chat panel fills the sidebar under the 320×240 webcam strip; messages stack from the bottom.
    const darkest = (frame: Frame, x0: number, y0: number, x1: number, y1: number) => {
      let min = 255;
      for (let y = y0; y < y1; y += 2) for (let x = x0; x < x1; x += 2) min = Math.min(min, Math.max(...pixel(frame, x, y, 0)));
      return min;
    };
    const before = await at(0.5);
    expect(colorDistance(pixel(before, 1120, 400), hexToRgb('#f4f5f7'))).toBeLessThan(20);
    expect(darkest(before, 970, 640, 1270, 715)).toBeGreaterThan(180); // no message yet
    expect(darkest(await at(2), 970, 640, 1270, 715)).toBeLessThan(120); // "Jane Doe: Bonjour à tous" is written
  });

  it('draws the presenter cursor where cursor.xml puts it, from its time on', async () => {
    // A red dot with a white ring: look for the ring's brightness around the expected place.
    const brightest = (frame: Frame, cx: number, cy: number) => {
      let max = 0;
      for (let y = cy - 10; y <= cy + 10; y++) for (let x = cx - 10; x <= cx + 10; x++) max = Math.max(max, Math.min(...pixel(frame, x, y, 0)));
      return max;
    };
    const centre = toFrame(800, 600); // (0.5, 0.5) of the full view
    const lower = toFrame(400, 900); // (0.25, 0.75)
    expect(brightest(await at(0.5), ...centre)).toBeLessThan(120); // no cursor event yet
    expect(brightest(await at(1.5), ...centre)).toBeGreaterThan(170);
    expect(brightest(await at(3.5), ...centre)).toBeLessThan(120); // it moved at 2.5 s…
    expect(brightest(await at(3.5), ...lower)).toBeGreaterThan(170); // …to here
  });

  it('reports the states it drew once each', () => {
    expect(result.statesDrawn).toBeLessThanOrEqual(result.segments);
    expect(result.statesDrawn).toBeGreaterThan(5);
    expect(result.warnings).toEqual([]);
  });
});
