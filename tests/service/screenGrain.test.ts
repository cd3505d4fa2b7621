// Runs in Node (service tests). Screen grains (issue #15) on a real SQLite library with real FFmpeg:
// a screen grain added to a slide capsule, a take recording the camera and the screen to two files chunk
// by chunk, its repair after a crash, and the montage showing the screen letterboxed with the camera PiP.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { probeMedia, runFfmpeg, runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
import { screenBox } from '../../src/main/montage/screenSegmentArgs';
import type { TakeEvent } from '../../src/shared/domain/take';
import type { StudioEvents } from '../../src/shared/api/studioApi';
import { tempDir } from '../support/tempDir';
import { createCapsule, makeSlide, makeTake, near, pixelAt } from '../support/montageFixtures';
import { splitIntoChunks } from '../support/recordingMedia';

const quiet = createLogger(() => undefined);
const BLUE: [number, number, number] = [0x20, 0x40, 0xc0];
const YELLOW: [number, number, number] = [255, 255, 0];
const WHITE: [number, number, number] = [255, 255, 255];
const ORANGE: [number, number, number] = [0xff, 0x80, 0x00];

/**
 * A window capture as Chromium records it: an odd size (900x1000, taller than wide), a variable frame
 * rate (frames only now and then, as when the screen does not change) in a live WebM. Left half blue,
 * right half yellow, so letterboxing and stretching are both visible in the render.
 */
async function makeScreenWebm(file: string, seconds: number): Promise<Uint8Array> {
  await runFfmpeg([
    '-nostdin', '-y', '-f', 'lavfi',
    '-i', `color=c=0x2040c0:s=900x1000:r=10:d=${seconds},drawbox=x=450:y=0:w=450:h=1000:c=yellow:t=fill`,
    // Drop 4 frames out of every 10: uneven gaps between frames, as a capture of a quiet screen.
    '-vf', "select='not(between(mod(n\\,10)\\,3\\,6))'", '-fps_mode', 'vfr',
    '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '600k',
    '-f', 'webm', '-live', '1', '-cluster_time_limit', '500', file,
  ]);
  return new Uint8Array(readFileSync(file));
}

const events: TakeEvent[] = [
  { type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 },
  { type: 'end', atMs: 4000, slideIndex: 0, sentenceIndex: 0 },
];

describe('screen grains (real SQLite, real FFmpeg)', () => {
  const dir = tempDir('screen-grain-');
  const libraryDir = path.join(dir, 'lib');
  let studio: Studio;
  let camera: Uint8Array;
  let screen: Uint8Array;
  let capsuleId: string;
  let slideGrainId: string;
  let screenGrainId: string;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir, binding: 'cli', log: quiet });
    const media = path.join(dir, 'media');
    const [slide, cameraFile] = await Promise.all([
      makeSlide(path.join(media, 'slide.png'), '0x33aa55', 'A slide'),
      makeTake(path.join(media, 'camera.webm'), { durationSec: 4, color: '0xff8000' }),
    ]);
    camera = new Uint8Array(readFileSync(cameraFile));
    screen = await makeScreenWebm(path.join(media, 'screen.webm'), 4);
    const capsule = createCapsule(studio.context, 'Mixed', [{ image: slide, prompt: 'The slide.', group: 0 }]);
    capsuleId = capsule.id;
    slideGrainId = capsule.grains[0]!.id;
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('adds a screen grain that holds no slides and refuses slides moved or joined into it', async () => {
    const before = await studio.calls.getCapsule(capsuleId);
    const detail = await studio.calls.addScreenGrain(capsuleId, undefined);
    expect(detail.grains.map((grain) => grain.kind)).toEqual(['slides', 'screen']);
    const added = detail.grains[1]!;
    expect(added.slides).toEqual([]);
    screenGrainId = added.id;
    const slideId = before.grains[0]!.slides[0]!.id;
    await expect(studio.calls.moveSlide(slideId, screenGrainId, 0)).rejects.toMatchObject({ code: 'SCREEN_GRAIN_HAS_NO_SLIDES' });
    await expect(studio.calls.mergeGrainWithPrevious(screenGrainId)).rejects.toMatchObject({ code: 'SCREEN_GRAIN_HAS_NO_SLIDES' });
    // Editing slides elsewhere never drops the empty-looking screen grain.
    await studio.calls.moveSlide(slideId, slideGrainId, 0);
    expect((await studio.calls.getCapsule(capsuleId)).grains.map((grain) => grain.id)).toEqual([slideGrainId, screenGrainId]);
  });

  it('records the camera and the screen to two files chunk by chunk and finishes both', async () => {
    const begun = await studio.calls.beginScreenTake(capsuleId, screenGrainId, 'video/webm;codecs=vp8,opus', 'video/webm;codecs=vp8');
    expect(begun.screen).toMatchObject({ media: `screen/${begun.id}`, bytes: 0 });
    const cameraChunks = splitIntoChunks(camera, 6);
    const screenChunks = splitIntoChunks(screen, 5);
    // Interleaved, as two MediaRecorders deliver them.
    for (let index = 0; index < Math.max(cameraChunks.length, screenChunks.length); index += 1) {
      if (cameraChunks[index]) await studio.calls.appendChunk(begun.id, index, cameraChunks[index]!);
      if (screenChunks[index]) await studio.calls.appendScreenChunk(begun.id, index, screenChunks[index]!);
    }
    // Same order rules as the camera's track: a gap is refused.
    await expect(studio.calls.appendScreenChunk(begun.id, screenChunks.length + 1, screenChunks[0]!)).rejects.toMatchObject({ code: 'CHUNK_OUT_OF_ORDER' });
    expect(statSync(begun.screen!.path).size).toBe(screen.length);
    const take = await studio.calls.finishTake(begun.id, events, 4000);
    expect(take).toMatchObject({ state: 'ready', isActive: true, hasVideo: true, hasAudio: true, width: 640, height: 360 });
    expect(take.screen).toMatchObject({ width: 900, height: 1000 });
    expect(Math.abs(take.screen!.durationMs! - 4000)).toBeLessThan(400);
    expect(statSync(take.screen!.path).size).toBe(take.screen!.bytes);
    const { stderr } = await runFfmpegCapture(['-v', 'error', '-i', take.screen!.path, '-f', 'null', '-']);
    expect(stderr.trim()).toBe('');
  });

  it('refuses screen chunks for a take that records no screen', async () => {
    const plain = await studio.calls.beginTake(capsuleId, slideGrainId, 'video/webm;codecs=vp8,opus');
    await expect(studio.calls.appendScreenChunk(plain.id, 0, screen.subarray(0, 1000))).rejects.toMatchObject({ code: 'SCREEN_TRACK_NOT_OPEN' });
    for (const [seq, chunk] of splitIntoChunks(camera, 4).entries()) await studio.calls.appendChunk(plain.id, seq, chunk);
    const take = await studio.calls.finishTake(plain.id, events, 4000);
    expect(take.screen).toBeNull();
  });

  it('repairs both files of a screen take a crash cut short', async () => {
    const begun = await studio.calls.beginScreenTake(capsuleId, screenGrainId, 'video/webm;codecs=vp8,opus', 'video/webm;codecs=vp8');
    const cameraChunks = splitIntoChunks(camera, 8);
    const screenChunks = splitIntoChunks(screen, 8);
    // Five chunks of each, the fifth of the screen torn in the middle (the process died while writing it).
    for (let seq = 0; seq < 5; seq += 1) await studio.calls.appendChunk(begun.id, seq, cameraChunks[seq]!);
    for (let seq = 0; seq < 4; seq += 1) await studio.calls.appendScreenChunk(begun.id, seq, screenChunks[seq]!);
    await studio.calls.appendScreenChunk(begun.id, 4, screenChunks[4]!.subarray(0, 1500));
    // The process dies here: the next run finds the take mid-recording and repairs it.
    await studio.close();
    studio = await createStudio({ libraryDir, binding: 'cli', log: quiet });
    const repaired = await new Promise<StudioEvents['take.recovered']>((resolve) => {
      studio.context.events.subscribe((name, payload) => {
        if (name === 'take.recovered') resolve(payload as StudioEvents['take.recovered']);
      });
    });
    expect(repaired).toMatchObject({ id: begun.id, state: 'ready', recovery: 'pending' });
    expect(repaired.screen).toMatchObject({ width: 900, height: 1000 });
    expect(repaired.screen!.durationMs).toBeGreaterThan(1000);
    // The teacher keeps the chosen (first) take: the repaired one is discarded with both its files.
    await studio.calls.acknowledgeRecoveredTake(begun.id, 'discard');
    expect(() => statSync(repaired.screen!.path)).toThrow();
  });

  it('renders the screen letterboxed at 25 fps with the camera in picture-in-picture', async () => {
    // The slide grain's take: camera only.
    const takes = await studio.calls.listCapsuleTakes(capsuleId);
    expect(takes.filter((take) => take.state === 'ready').map((take) => take.grainId)).toEqual([slideGrainId, screenGrainId]);
    const ctx = studio.context;
    const engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
    const plan = await engine.plan(capsuleId, 1080);
    const grain = plan.grains[1]!;
    expect(grain.screen).toMatchObject({ size: { width: 900, height: 1000 } });
    const out = await engine.render(capsuleId, { outFile: path.join(dir, 'mixed.mp4') });
    const probe = await probeMedia(out.file);
    const video = probe.streams.find((stream) => stream.codec_type === 'video')!;
    expect([video.width, video.height]).toEqual([1920, 1080]);
    expect(video.r_frame_rate).toBe('25/1');
    expect(Math.abs(Number(probe.format.duration) - (plan.timeline.durationMs / 1000))).toBeLessThan(0.2);
    expect(plan.timeline.durationMs).toBeGreaterThan(7500);

    // Letterboxed: the box keeps the window's 0.9 aspect (not stretched to 16:9), bars in the background colour.
    const box = screenBox(grain, { width: 900, height: 1000 }, plan.output);
    expect(Math.abs(box.width / box.height - 0.9)).toBeLessThan(0.02);
    const at = grain.startMs / 1000 + 2.3;
    expect(near(await pixelAt(out.file, at, box.x + Math.round(box.width * 0.25), box.y + Math.round(box.height * 0.5)), BLUE)).toBe(true);
    expect(near(await pixelAt(out.file, at, box.x + Math.round(box.width * 0.75), box.y + Math.round(box.height * 0.5)), YELLOW)).toBe(true);
    const camera = grain.geometry.camera!;
    expect(camera).not.toBeNull();
    // The bar beside the screen, away from the camera, is the layout's white background.
    const barX = box.x > 40 && !(camera.x < box.x && camera.y < 60) ? Math.round(box.x / 2) : Math.round((box.x + box.width + 1920) / 2);
    expect(near(await pixelAt(out.file, at, barX, 30), WHITE)).toBe(true);
    // The camera (orange backdrop) is where the layout puts it, over the screen grain.
    expect(near(await pixelAt(out.file, at, camera.x + 8, camera.y + 8), ORANGE, 60)).toBe(true);
  });
});
