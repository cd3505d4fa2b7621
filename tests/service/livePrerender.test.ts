// Runs in Node (service tests). A grain is pre-rendered while its take is recorded (real SQLite, real
// FFmpeg, the take store fed chunk by chunk): only pieces already on disk (and past the margin) are
// encoded, the finished grain's segment joins them and encodes only its last seconds, the joined
// video is frame-exact, and a change of layout after the take makes the pieces unused, never wrong.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';
import { LivePrerenderer, LIVE_PRERENDER_MARGIN_MS } from '../../src/main/montage/livePrerender';
import { montageEngineOf } from '../../src/main/montage/montageJobs';
import type { MontageEngine } from '../../src/main/montage/montageEngine';
import { settledGridPieces } from '../../src/main/montage/segmentPieces';
import { keyintFrames } from '../../src/main/montage/videoEncoder';
import { buildVideoSegmentArgs } from '../../src/main/montage/videoSegmentArgs';
import { scanTakeFile } from '../../src/main/recording/takeFinalizer';
import { DEFAULT_LAYOUT } from '../../src/shared/domain/layout';
import type { TakeEvent } from '../../src/shared/domain/take';
import { tempDir } from '../support/tempDir';
import { createCapsule, makeSlide, perFramePsnr, videoPackets } from '../support/montageFixtures';
import { makeLiveWebm, splitIntoChunks } from '../support/recordingMedia';

const SECONDS = 34;
const FRAMES = SECONDS * 25;
const KEYINT = keyintFrames();
const quiet = createLogger(() => undefined, true);

/** The nice values of the video FFmpegs this process runs right now (segment and piece encodes carry -frames:v). */
function videoEncodeNiceness(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]) !== process.pid) continue;
      if (!readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').includes('-frames:v')) continue;
      // Field 19 of /proc/PID/stat, counted after the command name's closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      found.push(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The process ended between listing and reading: it is not running any more.
    }
  }
  return found;
}

async function until(check: () => boolean, what: string, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}


describe.skipIf(process.platform !== 'linux')('a grain pre-rendered while its take is recorded (real FFmpeg)', () => {
  const dir = tempDir('live-prerender-');
  let studio: Studio;
  let engine: MontageEngine;
  let follower: LivePrerenderer;
  let capsuleId: string;
  let grainId: string;
  let takeId: string;
  let chunks: Uint8Array[];
  const events: TakeEvent[] = [
    { type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 },
    // Inside the second grid piece: a piece holds two slides.
    { type: 'next_slide', atMs: 15_000, slideIndex: 1, sentenceIndex: 0 },
  ];

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'cli', log: quiet });
    const ctx = studio.context;
    const media = path.join(dir, 'media');
    const slides = await Promise.all([1, 2].map((n) => makeSlide(path.join(media, `s${n}.png`), n === 1 ? '0x3366cc' : '0xcc6633', `Part ${n}`)));
    const pip = { ...DEFAULT_LAYOUT.pip, corner: 'bottom_left' as const, size: 'large' as const, placement: 'manual' as const };
    const capsule = createCapsule(ctx, 'Live', slides.map((image) => ({ image, prompt: 'Part', group: 0 })), { mode: 'pip', pip });
    capsuleId = capsule.id;
    grainId = capsule.grains[0]!.id;
    // testsrc moves and counts every frame: a frame lost or doubled at a join shows.
    chunks = splitIntoChunks(await makeLiveWebm(path.join(media, 'take.webm'), { seconds: SECONDS, width: 320, height: 240 }), 68);
    engine = montageEngineOf(ctx);
    // Normal priority here, so a busy test machine does not hold the pieces back (the app's default, below normal, is checked last).
    follower = new LivePrerenderer(ctx, engine, { intervalMs: 200, priority: 'normal' });
  }, 300_000);

  afterAll(async () => {
    follower?.close();
    await studio?.close();
  });

  it('encodes only the grid pieces already recorded, while the take goes on', async () => {
    const begun = await studio.calls.beginTake(capsuleId, grainId, 'video/webm;codecs=vp8,opus');
    takeId = begun.id;
    // As the recorder does while it waits: without news for STALL_TIMEOUT_MS the take store stops a take.
    const keepAlive = setInterval(() => void studio.calls.appendTakeEvents(takeId, []), 1000);
    keepAlive.unref();
    expect(follower.following).toEqual([takeId]);
    await studio.calls.appendTakeEvents(takeId, [events[0]!]);
    // About 19 s on disk: with the 2 s margin, only the first 10 s piece is settled.
    const half = Math.round(chunks.length * 0.56);
    for (let seq = 0; seq < half; seq += 1) {
      await studio.calls.appendChunk(takeId, seq, chunks[seq]!);
      if (seq === Math.round(chunks.length * 0.45)) await studio.calls.appendTakeEvents(takeId, [events[1]!]);
    }
    const onDisk = scanTakeFile(begun.path).lastBlockMs!;
    const settled = settledGridPieces(Math.round(onDisk / 40), { keyintFrames: KEYINT, marginFrames: LIVE_PRERENDER_MARGIN_MS / 40, fadeOutFrames: 0 });
    expect(settled.length).toBe(1);
    await until(() => engine.stats.livePieces >= 1, 'the first live piece');
    // A few more looks at the same file: nothing past what is settled is encoded.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await follower.idle(takeId);
    expect(engine.stats.livePieces).toBe(1);

    for (let seq = half; seq < chunks.length; seq += 1) await studio.calls.appendChunk(takeId, seq, chunks[seq]!);
    const all = settledGridPieces(FRAMES, { keyintFrames: KEYINT, marginFrames: LIVE_PRERENDER_MARGIN_MS / 40, fadeOutFrames: 0 });
    expect(all.length).toBe(3);
    await until(() => engine.stats.livePieces >= 3, 'three live pieces');
    await follower.idle(takeId);
    expect(readdirSync(engine.livePieceDir(takeId)).filter((name) => name.endsWith('.mp4'))).toHaveLength(3);
    expect(readdirSync(engine.livePieceDir(takeId)).filter((name) => name.endsWith('.part'))).toHaveLength(0);

    clearInterval(keepAlive);
    const take = await studio.calls.finishTake(takeId, [...events, { type: 'end', atMs: SECONDS * 1000, slideIndex: 1, sentenceIndex: 0 }], SECONDS * 1000);
    expect(take.state).toBe('ready');
    expect(follower.following).toEqual([]);
    // The copy of the recorded part the pieces were read from is gone with the recording; the pieces stay.
    await expect.poll(() => readdirSync(engine.livePieceDir(takeId)).filter((name) => name.endsWith('.mkv'))).toEqual([]);
    expect(readdirSync(engine.livePieceDir(takeId)).filter((name) => name.endsWith('.mp4'))).toHaveLength(3);
  }, 600_000);

  it('leaves the pieces unused when the layout changed after the take, and renders it right', async () => {
    await studio.calls.setCapsuleLayout(capsuleId, { mode: 'pip', pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_right', size: 'large', placement: 'manual' } });
    const before = { ...engine.stats };
    await engine.render(capsuleId, { height: 1080, outFile: path.join(dir, 'moved.mp4') });
    expect(engine.stats.livePiecesUsed).toBe(before.livePiecesUsed);
    expect(engine.stats.videoEncodes - before.videoEncodes).toBe(1);
    // Still there for the layout they were made with.
    expect(readdirSync(engine.livePieceDir(takeId)).filter((name) => name.endsWith('.mp4'))).toHaveLength(3);
  }, 600_000);

  it('joins the live pieces and encodes only the rest once the take is finished, frame-exactly', async () => {
    await studio.calls.setCapsuleLayout(capsuleId, { mode: 'pip', pip: { ...DEFAULT_LAYOUT.pip, corner: 'bottom_left', size: 'large', placement: 'manual' } });
    const before = { ...engine.stats };
    const output = await engine.render(capsuleId, { height: 1080, outFile: path.join(dir, 'live.mp4') });
    expect(engine.stats.livePiecesUsed - before.livePiecesUsed).toBe(3);
    // 850 frames, 750 of them recorded live: one piece of 100 frames is left to encode.
    expect(engine.stats.videoPieces - before.videoPieces).toBe(1);
    expect(existsSync(output.file)).toBe(true);
    // Joined into the grain's segment, the live pieces are gone.
    expect(readdirSync(engine.livePieceDir(takeId)).filter((name) => name.endsWith('.mp4'))).toHaveLength(0);

    const plan = await engine.plan(capsuleId, 1080);
    const grain = plan.grains[0]!;
    expect(grain.timeline.durationMs).toBe(SECONDS * 1000);
    const packets = await videoPackets(output.file);
    expect(packets.length).toBe(FRAMES);
    const pts = packets.map((p) => p.pts).sort((a, b) => a - b);
    for (let i = 1; i < pts.length; i += 1) expect(pts[i]! - pts[i - 1]!).toBe(pts[1]! - pts[0]!);
    // Key frames where the grid puts the joins (live pieces, then the rest).
    for (let start = 0; start < FRAMES; start += KEYINT) expect(packets[start]!.key).toBe(true);

    // Each frame is the picture one encode of the whole finished grain gives (a frame shifted at a
    // join would fall far below this PSNR: testsrc moves every frame).
    const whole = path.join(dir, 'whole.mp4');
    const { args } = buildVideoSegmentArgs(grain, plan.output, await engine.videoEncoder(), whole, { threads: 1 });
    await runFfmpeg(args);
    const perFrame = await perFramePsnr(output.file, whole, path.join(dir, 'psnr.log'));
    expect(perFrame.length).toBe(FRAMES);

    expect(Math.min(...perFrame)).toBeGreaterThan(30);
  }, 600_000);

  it('encodes live pieces below normal priority by default, so the recording comes first', async () => {
    const plan = await engine.plan(capsuleId, 1080);
    const grain = plan.grains[0]!;
    // The grain's live pieces were joined and removed: the first one is encoded again.
    const niceness: number[] = [];
    const sampling = (async () => {
      while (niceness.length === 0) {
        niceness.push(...videoEncodeNiceness());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    expect(await engine.encodeLivePiece(plan, grain, { startFrame: 0, endFrame: KEYINT })).toBe(true);
    await Promise.race([sampling, new Promise((resolve) => setTimeout(resolve, 1000))]);
    expect(niceness.length).toBeGreaterThan(0);
    for (const nice of niceness) expect(nice).toBeGreaterThanOrEqual(10);
  }, 600_000);

  it('sweeps at start the pieces of takes that no longer exist and the unfinished pieces a crash left', () => {
    const orphan = engine.livePieceDir('0f1e2d3c-aaaa-4bbb-8ccc-000000000000');
    mkdirSync(orphan, { recursive: true });
    writeFileSync(path.join(orphan, 'piece.mp4'), 'x');
    const torn = path.join(engine.livePieceDir(takeId), 'piece.mp4.1234abcd.part');
    writeFileSync(torn, 'x');
    const kept = readdirSync(engine.livePieceDir(takeId)).filter((name) => name.endsWith('.mp4'));
    expect(kept.length).toBeGreaterThan(0);
    const again = new LivePrerenderer(studio.context, engine);
    again.close();
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(torn)).toBe(false);
    expect(readdirSync(engine.livePieceDir(takeId)).filter((name) => name.endsWith('.mp4'))).toEqual(kept);
  });
});
