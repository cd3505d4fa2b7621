// Runs in Node (service tests). A take's pen strokes with the real library and the real FFmpeg: saved
// beside the take as they are sent (a torn last line, as a crash leaves it, is dropped; damage
// elsewhere is a clear error), drawn by the montage at the slide's place in a letterboxed 4:3 deck
// from their time on, hidden by the take store's flag (the segment is rendered again), and removed
// with their take.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
import { inkFilePath } from '../../src/main/pen/takeInkFile';
import type { InkEvent } from '../../src/shared/logic/strokes/inkEvents';
import { penMethods } from '../../src/shared/api/pen';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeTake, near, pixelAt } from '../support/montageFixtures';

const BLUE: [number, number, number] = [0x1e, 0x63, 0xd6];
/** A horizontal blue stroke across the middle of the slide, drawn from 600 to 800 ms of the take. */
const STROKE: InkEvent = {
  type: 'pen',
  id: 'stroke-1',
  slideIndex: 0,
  atMs: 600,
  color: '#1e63d6',
  width: 0.016,
  points: [
    [0.25, 0.5, 600],
    [0.5, 0.5, 700],
    [0.75, 0.5, 800],
  ],
};

describe('pen strokes of a take (real SQLite, real FFmpeg)', () => {
  const dir = tempDir('pen-ink-');
  let studio: Studio;
  let engine: MontageEngine;
  let capsuleId: string;
  let takeId: string;
  let takePath: string;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'cli', startJobs: false, log: createLogger(() => undefined, true) });
    const ctx = studio.context;
    // A plain white 4:3 slide: letterboxed in the 16:9 video, so slide and frame coordinates differ.
    const slide = path.join(dir, 'white-4x3.png');
    await runFfmpeg(['-nostdin', '-y', '-f', 'lavfi', '-i', 'color=c=white:s=1024x768', '-frames:v', '1', slide]);
    const take = await makeTake(path.join(dir, 'take.webm'), { durationSec: 2, color: '0xff8000' });
    const capsule = createCapsule(ctx, 'Stylo', [{ image: slide, prompt: 'Une phrase.', group: 0, width: 1024, height: 768 }], { mode: 'slides_only' });
    capsuleId = capsule.id;
    takeId = attachTake(ctx, capsule.id, capsule.grains[0]!.id, take, [ev('start', 0, 0), ev('end', 2000, 0)]);
    takePath = (await studio.calls.listTakes(capsule.grains[0]!.id))[0]!.path;
    engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
  }, 120_000);

  afterAll(async () => {
    await studio?.close();
  });

  it('saves strokes beside the take as they are sent, and keeps them through a torn last line', async () => {
    await studio.calls.appendTakeInk(takeId, [{ type: 'slide', id: 'slide-0', slideIndex: 0, atMs: 0 }]);
    await studio.calls.appendTakeInk(takeId, [STROKE]);
    const file = inkFilePath(takePath, takeId);
    expect(path.dirname(file)).toBe(path.dirname(takePath));
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(2);
    // A crash in the middle of a write leaves half a line: it is dropped, the strokes before it kept.
    appendFileSync(file, '{"type":"pen","id":"torn","slideIn');
    expect(await studio.calls.getTakeInk(takeId)).toEqual({ shown: true, events: [{ type: 'slide', id: 'slide-0', slideIndex: 0, atMs: 0 }, STROKE] });
    // The next stroke starts on a clean line: the torn half is cut off, nothing else.
    const next: InkEvent = { ...STROKE, id: 'stroke-2', atMs: 1500, points: [[0.1, 0.9, 1500]] };
    await studio.calls.appendTakeInk(takeId, [next]);
    expect((await studio.calls.getTakeInk(takeId)).events.map((event) => event.id)).toEqual(['slide-0', 'stroke-1', 'stroke-2']);
    // Strokes off the slide are refused by the contract with the reason.
    expect(() => penMethods.appendTakeInk.validateArgs([takeId, [{ ...STROKE, id: 'off', points: [[1.2, 0.5, 900]] }]])).toThrow(/inside the slide/);
    writeFileSync(file, `${readFileSync(file, 'utf8').split('\n').slice(0, 2).join('\n')}\n`);
  });

  it('refuses a strokes file damaged before its last line with a clear error', async () => {
    const file = inkFilePath(takePath, takeId);
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, `not json\n${good}`);
    await expect(studio.calls.getTakeInk(takeId)).rejects.toMatchObject({ code: 'INK_FILE_DAMAGED' });
    writeFileSync(file, good);
  });

  it('draws the stroke at the slide’s place in the letterboxed frame, from its time on, and not when hidden', async () => {
    const first = await engine.render(capsuleId, { height: 720, outFile: path.join(dir, 'shown.mp4') });
    // 1024×768 in 1280×720: the slide is 960×720 at x = 160. The stroke's middle (0.5, 0.5) is (640, 360),
    // its start (0.25, 0.5) is (400, 360).
    expect(near(await pixelAt(first.file, 1.2, 640, 360), BLUE, 50)).toBe(true);
    expect(near(await pixelAt(first.file, 1.2, 400, 360), BLUE, 50)).toBe(true);
    expect(near(await pixelAt(first.file, 1.2, 640, 330), [255, 255, 255], 30)).toBe(true); // 0.016 × 720 ≈ 12 px thick, not more
    expect(near(await pixelAt(first.file, 0.4, 640, 360), [255, 255, 255], 30)).toBe(true); // not before it was drawn
    // Drawn progressively: at 0.68 s only the first part exists.
    expect(near(await pixelAt(first.file, 0.68, 400, 360), BLUE, 50)).toBe(true);
    expect(near(await pixelAt(first.file, 0.68, 840, 360), [255, 255, 255], 30)).toBe(true);

    const hidden = await studio.calls.setTakeInkShown(takeId, false);
    expect(hidden.shown).toBe(false);
    expect((await studio.calls.listTakes((await studio.calls.getCapsule(capsuleId)).grains[0]!.id))[0]!.inkShown).toBe(false);
    const second = await engine.render(capsuleId, { height: 720, outFile: path.join(dir, 'hidden.mp4') });
    expect(near(await pixelAt(second.file, 1.2, 640, 360), [255, 255, 255], 30)).toBe(true);
  }, 240_000);

  it('removes the strokes with their take', async () => {
    const file = inkFilePath(takePath, takeId);
    expect(existsSync(file)).toBe(true);
    await studio.calls.deleteTake(takeId);
    expect(existsSync(file)).toBe(false);
  });
});
