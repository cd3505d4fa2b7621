// Runs in Node (service tests). Layouts rendered by real FFmpeg at the default 1080p: green screen
// keyed, circular mask, side by side — pixels checked where the shared layout maths says.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
import { DEFAULT_LAYOUT } from '../../src/shared/domain/layout';
import type { RenderOutput } from '../../src/shared/domain/montage';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeSlide, makeTake, near, pixelAt } from '../support/montageFixtures';

const WHITE: [number, number, number] = [255, 255, 255];
const GREEN: [number, number, number] = [0x00, 0xb1, 0x40];
const RED: [number, number, number] = [255, 0, 0];
const ORANGE: [number, number, number] = [0xff, 0x80, 0x00];

describe('montage layouts at 1080p (real FFmpeg)', () => {
  const dir = tempDir('montage-layouts-');
  let studio: Studio;
  let out: RenderOutput;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'cli', startJobs: false, log: createLogger(() => undefined, true) });
    const ctx = studio.context;
    const media = path.join(dir, 'media');
    const [slide, greenTake, orangeTake] = await Promise.all([
      makeSlide(path.join(media, 'white.png'), 'white', ' '),
      makeTake(path.join(media, 'green.webm'), { durationSec: 2, color: '0x00b140', redSquare: true }),
      makeTake(path.join(media, 'orange.webm'), { durationSec: 2, color: '0xff8000' }),
    ]);
    const capsule = createCapsule(ctx, 'Layouts', [
      { image: slide, prompt: 'Green screen', group: 0 },
      { image: slide, prompt: 'Circle', group: 1 },
      { image: slide, prompt: 'Side by side', group: 2 },
    ]);
    const [g1, g2, g3] = capsule.grains;
    attachTake(ctx, capsule.id, g1!.id, greenTake, [ev('start', 0, 0)]);
    attachTake(ctx, capsule.id, g2!.id, orangeTake, [ev('start', 0, 0)]);
    attachTake(ctx, capsule.id, g3!.id, orangeTake, [ev('start', 0, 0)]);
    ctx.library.setGrainLayout(g1!.id, { mode: 'green_screen', pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_left', offset: 0, size: 'large' }, greenScreen: { keyColor: '#00b140', similarity: 0.15, blend: 0.08, despill: true } });
    ctx.library.setGrainLayout(g2!.id, { mode: 'pip', pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_left', offset: 0, size: 'medium', mask: 'circle' } });
    ctx.library.setGrainLayout(g3!.id, { mode: 'side_by_side', background: '#000000' });
    const engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
    out = await engine.render(capsule.id, { outFile: path.join(dir, 'layouts.mp4') });
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('renders 1080p by default', async () => {
    const video = (await probeMedia(out.file)).streams.find((s) => s.codec_type === 'video')!;
    expect([video.width, video.height]).toEqual([1920, 1080]);
  });

  it('keys the green screen: backdrop gone, subject kept', async () => {
    // Large = 40 % of 1920 → 768x432 at (0, 0). The backdrop pixel shows the white slide...
    const backdrop = await pixelAt(out.file, 1.0, 40, 40);
    expect(near(backdrop, WHITE)).toBe(true);
    expect(near(backdrop, GREEN, 60)).toBe(false);
    // ...and the red square in the middle of the camera stays.
    expect(near(await pixelAt(out.file, 1.0, 384, 216), RED, 50)).toBe(true);
  });

  it('masks the camera to a circle', async () => {
    // Medium circle: the centred 360x360 square of the take, drawn 480x480 at (0, 0).
    expect(near(await pixelAt(out.file, 3.0, 240, 30), ORANGE)).toBe(true);
    expect(near(await pixelAt(out.file, 3.0, 12, 12), WHITE)).toBe(true);
    expect(near(await pixelAt(out.file, 3.0, 470, 470), WHITE)).toBe(true);
  });

  it('shares the frame side by side', async () => {
    // Camera 960x540 at (960, 270); slide 960x540 at (0, 270); black background elsewhere.
    expect(near(await pixelAt(out.file, 5.0, 980, 290), ORANGE)).toBe(true);
    expect(near(await pixelAt(out.file, 5.0, 100, 400), WHITE)).toBe(true);
    expect(near(await pixelAt(out.file, 5.0, 100, 100), [0, 0, 0])).toBe(true);
    expect(near(await pixelAt(out.file, 5.0, 1500, 100), [0, 0, 0])).toBe(true);
  });
});
