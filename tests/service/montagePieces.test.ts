// Runs in Node (service tests). A lone long grain is cut into key-frame-aligned pieces encoded side by
// side (real FFmpeg): the FFmpegs really run at once (observed in /proc, with their -threads), and the
// joined segment is frame-exact: as many frames as the grain, timestamps continuous across the joins,
// each frame the same picture as in a single encode of the whole grain.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
import { encodeSlotCount } from '../../src/main/montage/encodeSlots';
import { MIN_PIECE_FRAMES, planPieces } from '../../src/main/montage/segmentPieces';
import { keyintFrames } from '../../src/main/montage/videoEncoder';
import { buildVideoSegmentArgs } from '../../src/main/montage/videoSegmentArgs';
import { DEFAULT_LAYOUT } from '../../src/shared/domain/layout';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeSlide, perFramePsnr, videoPackets } from '../support/montageFixtures';

const SECONDS = 26;
const FRAMES = SECONDS * 25;
const SLOTS = encodeSlotCount(os.availableParallelism());

/** The video FFmpegs this process runs right now (segment encodes carry -frames:v), with their -threads. */
function runningVideoEncodes(): { threads: string | null }[] {
  const found: { threads: string | null }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]) !== process.pid) continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!/ffmpeg/.test(path.basename(args[0] ?? '')) || !args.includes('-frames:v')) continue;
      const at = args.lastIndexOf('-threads');
      found.push({ threads: at >= 0 ? args[at + 1]! : null });
    } catch {
      // The process ended between listing and reading: it is not running any more.
    }
  }
  return found;
}


describe.skipIf(process.platform !== 'linux')('a long grain encoded in pieces (real FFmpeg)', () => {
  const dir = tempDir('montage-pieces-');
  let studio: Studio;
  let engine: MontageEngine;
  let capsule: CapsuleDetail;
  let take: string;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'cli', startJobs: false, log: createLogger(() => undefined, true) });
    const ctx = studio.context;
    const media = path.join(dir, 'media');
    // testsrc2 moves every frame (and prints a frame counter): a frame duplicated or lost at a join shows.
    mkdirSync(media, { recursive: true });
    take = path.join(media, 'take.webm');
    await runFfmpeg(['-nostdin', '-y', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=30:d=${SECONDS + 1}`, '-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=48000:d=${SECONDS + 1}`, '-c:v', 'libvpx', '-b:v', '600k', '-deadline', 'realtime', '-cpu-used', '8', '-c:a', 'libopus', '-b:a', '64k', '-f', 'webm', take]);
    const slides = await Promise.all([1, 2].map((n) => makeSlide(path.join(media, `s${n}.png`), n === 1 ? '0x3366cc' : '0xcc6633', `Part ${n}`)));
    const pip = { ...DEFAULT_LAYOUT.pip, corner: 'bottom_left' as const, size: 'large' as const, placement: 'manual' as const };
    capsule = createCapsule(ctx, 'Pieces', slides.map((image) => ({ image, prompt: 'Part', group: 0 })), { mode: 'pip', pip });
    // The slide changes inside the second piece, so a piece holds parts of two slides.
    attachTake(ctx, capsule.id, capsule.grains[0]!.id, take, [ev('start', 0, 0), ev('next_slide', 17_000, 1), ev('end', SECONDS * 1000, 1)]);
    engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
  }, 600_000);

  afterAll(async () => {
    await studio?.close();
  });

  it('runs the pieces of one grain at once, one per slot, and joins them frame-exactly', async () => {
    const plan = await engine.plan(capsule.id, 720);
    const grain = plan.grains[0]!;
    expect(grain.timeline.durationMs).toBe(SECONDS * 1000);
    const ranges = planPieces(FRAMES, { keyintFrames: keyintFrames(), maxPieces: SLOTS, minPieceFrames: MIN_PIECE_FRAMES });
    expect(ranges.length).toBe(Math.min(SLOTS, Math.floor(FRAMES / MIN_PIECE_FRAMES)));

    // Watch the processes while the grain renders.
    let peak: { threads: string | null }[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const now = runningVideoEncodes();
        if (now.length > peak.length) peak = now;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    })();
    const segments = await engine.renderGrain(plan, grain);
    sampling = false;
    await sampler;

    expect(engine.stats.videoEncodes).toBe(1);
    expect(engine.stats.videoPieces).toBe(ranges.length);
    expect(engine.stats.peakConcurrentVideoEncodes).toBe(ranges.length);
    expect(peak.length).toBe(ranges.length);
    // Two encodes on two cores: one thread each, so they share the cores instead of fighting.
    if (ranges.length > 1) for (const p of peak) expect(p.threads).toBe(String(Math.max(1, Math.floor(os.availableParallelism() / ranges.length))));

    // Frame count and continuous timestamps: every packet one frame (512 ticks of 1/12800 s) after the previous one.
    const packets = await videoPackets(segments.video);
    expect(packets.length).toBe(FRAMES);
    const pts = packets.map((p) => p.pts).sort((a, b) => a - b);
    expect(pts[0]).toBe(0);
    for (let i = 1; i < pts.length; i += 1) expect(pts[i]! - pts[i - 1]!).toBe(512);
    // Each piece starts on a key frame, where the grid of key frames puts it.
    for (const range of ranges) expect(packets[range.startFrame]!.key).toBe(true);

    // The same frames as one encode of the whole grain: compared frame by frame (the camera moves
    // every frame, so a frame shifted at a join would fall far below this PSNR).
    const whole = path.join(dir, 'whole.mp4');
    const { args } = buildVideoSegmentArgs(grain, plan.output, await engine.videoEncoder(), whole, { threads: 1 });
    await runFfmpeg(args);
    const perFrame = await perFramePsnr(segments.video, whole, path.join(dir, 'psnr.log'));
    expect(perFrame.length).toBe(FRAMES);
    const worst = Math.min(...perFrame);
    expect(worst).toBeGreaterThan(30);
  }, 900_000);
});
