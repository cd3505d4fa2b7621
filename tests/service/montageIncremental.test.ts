// Runs in Node (service tests). Incremental rendering: segments are cached by hash, and changing
// one grain's layout re-encodes only that grain's video (counted encoder runs), then re-joins.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
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
    engine = new MontageEngine({ db: ctx.db, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('renders every grain once, then reuses the cache, then re-renders only the changed grain', async () => {
    const first = await engine.render(capsule.id, { height: 720, outFile: path.join(dir, 'a.mp4') });
    // The three grains share one take, so their audio is one cached segment.
    expect(engine.stats).toMatchObject({ videoEncodes: 3, audioEncodes: 1, loudnessMeasures: 1, joins: 1 });
    expect(first.renderedGrains).toBe(3);

    const second = await engine.render(capsule.id, { height: 720, outFile: path.join(dir, 'b.mp4') });
    expect(engine.stats).toMatchObject({ videoEncodes: 3, audioEncodes: 1, loudnessMeasures: 1, joins: 2 });
    expect(second.cachedGrains).toBe(3);

    // Move grain 2's camera to the top left corner.
    studio.context.library.setGrainLayout(capsule.grains[1]!.id, { pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_left' } });
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

  it('a 720p render does not reuse 1080p segments (encoder settings are in the hash)', async () => {
    const before = engine.stats.videoEncodes;
    await engine.render(capsule.id, { height: 1080, outFile: path.join(dir, 'hd.mp4') });
    expect(engine.stats.videoEncodes).toBe(before + 3);
  });
});
