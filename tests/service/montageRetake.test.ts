// Runs in Node (service tests). A retake is the take the teacher wants: two takes added to one grain
// through the StudioApi (real remux, real SQLite), the render shows the second one (pixels of the
// camera box checked in the MP4), its segments were pre-rendered as the chosen take, and choosing
// the first take again only joins files already in the cache.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import type { JobInfo } from '../../src/shared/domain/jobs';
import type { RenderInfo } from '../../src/shared/domain/montage';
import { AUTO_PRERENDER_SETTING, RENDER_GRAIN_JOB, montageEngineOf } from '../../src/main/montage/montageJobs';
import { tempDir } from '../support/tempDir';
import { createCapsule, ev, makeSlide, makeTake, near, pixelAt } from '../support/montageFixtures';

const BLUE: [number, number, number] = [0x20, 0x50, 0xa0];
const RED: [number, number, number] = [0xb0, 0x30, 0x20];

describe('a retake is used in the render (real FFmpeg)', () => {
  const dir = tempDir('montage-retake-');
  let studio: Studio;
  let slide: string;
  let blueTake: string;
  let redTake: string;

  beforeAll(async () => {
    const media = path.join(dir, 'media');
    [slide, blueTake, redTake] = await Promise.all([
      makeSlide(path.join(media, 'white.png'), 'white', ' '),
      makeTake(path.join(media, 'blue.webm'), { durationSec: 2, color: '0x2050a0' }),
      makeTake(path.join(media, 'red.webm'), { durationSec: 2, color: '0xb03020' }),
    ]);
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'loopback', log: createLogger(() => undefined, true) });
    studio.context.settings.set(AUTO_PRERENDER_SETTING, false);
  });

  afterAll(async () => {
    await studio?.close();
  });

  /** The colour of the camera box's background in the render: near its top-left corner, away from the "head". */
  async function cameraColour(capsuleId: string, file: string): Promise<[number, number, number]> {
    const plan = await montageEngineOf(studio.context).plan(capsuleId, 1080);
    const camera = plan.grains[0]!.geometry.camera!;
    return pixelAt(file, 1, camera.x + Math.round(camera.width * 0.06), camera.y + Math.round(camera.height * 0.1));
  }

  async function render(capsuleId: string): Promise<RenderInfo> {
    const job = await studio.calls.renderCapsule(capsuleId, { height: 1080 });
    return studio.context.jobs.result<RenderInfo>(job.id);
  }

  it('renders the newest take, pre-rendered as the chosen one, and goes back to the first from the cache', async () => {
    const ctx = studio.context;
    const engine = montageEngineOf(ctx);
    const capsule = createCapsule(ctx, 'Retake', [{ image: slide, prompt: 'Bonjour.', group: 0 }]);
    const grainId = capsule.grains[0]!.id;
    const events = [ev('start', 0, 0), ev('end', 2000, 0)];

    const first = await studio.calls.addTakeFromFile(capsule.id, grainId, { path: blueTake, events, recordedMs: 2000 });
    expect(first.isActive).toBe(true);
    const firstRender = await render(capsule.id);
    expect(firstRender.renderedGrains).toBe(1);
    expect(near(await cameraColour(capsule.id, firstRender.file), BLUE)).toBe(true);

    // The retake finishes while background pre-rendering is on: it is queued as the chosen take.
    ctx.settings.set(AUTO_PRERENDER_SETTING, true);
    try {
      const prerendered = new Promise<JobInfo>((resolve, reject) => {
        const off = ctx.events.subscribe((name, payload) => {
          const info = payload as JobInfo;
          if (name !== 'job.progress' || info.capsuleId !== capsule.id || info.kind !== RENDER_GRAIN_JOB) return;
          if (info.state === 'done') {
            off();
            resolve(info);
          } else if (info.state === 'failed') {
            off();
            reject(new Error(info.error?.message ?? 'pre-render failed'));
          }
        });
      });
      const second = await studio.calls.addTakeFromFile(capsule.id, grainId, { path: redTake, events, recordedMs: 2000 });
      expect(second).toMatchObject({ attempt: 2, isActive: true });
      expect((await studio.calls.listTakes(grainId)).map((take) => [take.attempt, take.isActive])).toEqual([
        [1, false],
        [2, true],
      ]);
      const job = await prerendered;
      expect(ctx.jobs.payloadOf<{ takeId: string }>(job.id).takeId).toBe(second.id);
      expect(job.result).toEqual({ cached: false });
    } finally {
      ctx.settings.set(AUTO_PRERENDER_SETTING, false);
    }

    // Exporting after the last take only joins files, and the video shows the retake.
    const encodes = engine.stats.videoEncodes;
    const secondRender = await render(capsule.id);
    expect(secondRender).toMatchObject({ cachedGrains: 1, renderedGrains: 0 });
    expect(engine.stats.videoEncodes).toBe(encodes);
    const red = await cameraColour(capsule.id, secondRender.file);
    expect(near(red, RED), `camera pixel ${red.join(',')}`).toBe(true);

    // The first take is one call away, and choosing it again is a cache hit.
    await studio.calls.setActiveTake(first.id);
    const thirdRender = await render(capsule.id);
    expect(thirdRender).toMatchObject({ cachedGrains: 1, renderedGrains: 0 });
    expect(engine.stats.videoEncodes).toBe(encodes);
    expect(near(await cameraColour(capsule.id, thirdRender.file), BLUE)).toBe(true);
  }, 300_000);
});
