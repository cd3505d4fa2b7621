// Runs in Node (service tests). Incremental rendering: segments are cached by hash, and changing
// one grain's layout re-encodes only that grain's video (counted encoder runs), then re-joins.
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
import { encodeSlotCount } from '../../src/main/montage/encodeSlots';
import { DEFAULT_LAYOUT } from '../../src/shared/domain/layout';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeSlide, makeTake, near, pixelAt } from '../support/montageFixtures';

const ORANGE: [number, number, number] = [0xff, 0x80, 0x00];

describe('incremental montage (real FFmpeg)', () => {
  const dir = tempDir('montage-incr-');
  let studio: Studio;
  let engine: MontageEngine;
  let capsule: CapsuleDetail;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'cli', startJobs: false, log: createLogger(() => undefined, true) });
    const ctx = studio.context;
    const media = path.join(dir, 'media');
    // Distinct slides: identical grains would share one cached segment (the cache is content-addressed).
    const [take, ...slides] = await Promise.all([
      makeTake(path.join(media, 't.webm'), { durationSec: 1.6, color: '0xff8000' }),
      ...[1, 2, 3].map((n) => makeSlide(path.join(media, `s${n}.png`), '0x3366cc', `Part ${n}`)),
    ]);
    capsule = createCapsule(ctx, 'Incremental', slides.map((image, group) => ({ image, prompt: `Part ${group + 1}`, group })));
    for (const grain of capsule.grains) attachTake(ctx, capsule.id, grain.id, take, [ev('start', 0, 0)]);
    engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('renders every grain once, then reuses the cache, then re-renders only the changed grain', async () => {
    const first = await engine.render(capsule.id, { height: 720, outFile: path.join(dir, 'a.mp4') });
    // The three grains share one take, so their audio is one cached segment.
    expect(engine.stats).toMatchObject({ videoEncodes: 3, audioEncodes: 1, loudnessMeasures: 1, joins: 1 });
    expect(first.renderedGrains).toBe(3);
    // The grains were encoded side by side, as many at once as the machine has slots for.
    expect(engine.slots.peakRunning).toBe(encodeSlotCount(os.availableParallelism()));

    const second = await engine.render(capsule.id, { height: 720, outFile: path.join(dir, 'b.mp4') });
    expect(engine.stats).toMatchObject({ videoEncodes: 3, audioEncodes: 1, loudnessMeasures: 1, joins: 2 });
    expect(second.cachedGrains).toBe(3);

    // Move grain 2's camera to the top left corner.
    studio.context.library.setGrainLayout(capsule.grains[1]!.id, { pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_left', placement: 'manual' } });
    const third = await engine.render(capsule.id, { height: 720, outFile: path.join(dir, 'c.mp4') });
    expect(engine.stats).toMatchObject({ videoEncodes: 4, audioEncodes: 1, loudnessMeasures: 1, joins: 3 });
    expect(third.cachedGrains).toBe(2);
    expect(third.renderedGrains).toBe(1);

    // The joined file is whole and the change is where it should be: grain 2 spans 1.6–3.2 s.
    const probe = await probeMedia(third.file);
    expect(Math.abs(Number(probe.format.duration) - 4.8)).toBeLessThanOrEqual(0.1);
    expect(near(await pixelAt(third.file, 2.4, 26 + 6, 26 + 6), ORANGE)).toBe(true);
    expect(near(await pixelAt(third.file, 0.8, 26 + 6, 26 + 6), ORANGE)).toBe(false);
    expect(near(await pixelAt(third.file, 4.0, 934 + 6, 514 + 6), ORANGE)).toBe(true);
  });

  it('two callers asking for the same grain share one encode', async () => {
    const ctx = studio.context;
    const take = await makeTake(path.join(dir, 'media', 'shared.webm'), { durationSec: 1.2, color: '0x20c040' });
    const slide = await makeSlide(path.join(dir, 'media', 'shared.png'), '0xcc3366', 'Shared');
    const shared = createCapsule(ctx, 'Shared encode', [{ image: slide, prompt: 'Shared', group: 0 }]);
    attachTake(ctx, shared.id, shared.grains[0]!.id, take, [ev('start', 0, 0)]);
    const plan = await engine.plan(shared.id, 720);
    const before = { ...engine.stats };
    const progress: number[] = [];
    const [owner, joiner] = await Promise.all([engine.renderGrain(plan, plan.grains[0]!, { priority: 'speculative' }), engine.renderGrain(plan, plan.grains[0]!, { onProgress: (f) => progress.push(f) })]);
    expect(engine.stats.videoEncodes).toBe(before.videoEncodes + 1);
    expect(engine.stats.audioEncodes).toBe(before.audioEncodes + 1);
    expect(engine.stats.joinedEncodes).toBe(before.joinedEncodes + 1);
    expect(joiner.video).toBe(owner.video);
    expect(joiner.audio).toBe(owner.audio);
    // The caller who joined follows the encode's progress.
    expect(progress.at(-1)).toBe(1);

    // A joiner that gives up stops waiting; the encode goes on for its owner.
    studio.context.library.setGrainLayout(shared.grains[0]!.id, { pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_right', placement: 'manual' } });
    const moved = await engine.plan(shared.id, 720);
    const controller = new AbortController();
    const ownerRun = engine.renderGrain(moved, moved.grains[0]!);
    const joinerRun = engine.renderGrain(moved, moved.grains[0]!, { signal: controller.signal });
    controller.abort();
    await expect(joinerRun).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await ownerRun).cached).toBe(false);
    expect(engine.stats.videoEncodes).toBe(before.videoEncodes + 2);
  });

  it('a 720p render does not reuse 1080p segments (encoder settings are in the hash)', async () => {
    const before = engine.stats.videoEncodes;
    await engine.render(capsule.id, { height: 1080, outFile: path.join(dir, 'hd.mp4') });
    expect(engine.stats.videoEncodes).toBe(before + 3);
  });
});
