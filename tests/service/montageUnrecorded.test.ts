// Runs in Node (service tests). No silent slides without a word: a capsule with grains that have no
// take is refused with GRAINS_UNRECORDED listing them; once the teacher leaves one out and shows
// another as a silent slide of a chosen length, the render follows (durations, pictures and sound of
// the MP4 checked) and the Record step counts as done.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { main } from '../../src/main/cli/main';
import { probeMedia, runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import type { RenderInfo } from '../../src/shared/domain/montage';
import { AUTO_PRERENDER_SETTING, montageEngineOf } from '../../src/main/montage/montageJobs';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeSlide, makeTake, near, pixelAt } from '../support/montageFixtures';

/** Peak level (dBFS) of the sound between two times, from FFmpeg's volumedetect. */
async function peakDb(file: string, fromSec: number, toSec: number): Promise<number> {
  const { stderr } = await runFfmpegCapture(['-loglevel', 'info', '-ss', String(fromSec), '-to', String(toSec), '-i', file, '-map', '0:a:0', '-af', 'volumedetect', '-f', 'null', '-']);
  const match = /max_volume:\s*(-?[\d.]+|-inf) dB/.exec(stderr);
  return match ? Number.parseFloat(match[1]!) : Number.NEGATIVE_INFINITY;
}

describe('grains without a take (real FFmpeg)', () => {
  const dir = tempDir('montage-unrecorded-');
  const libraryDir = path.join(dir, 'lib');
  let studio: Studio;
  let slides: string[];
  let take: string;

  beforeAll(async () => {
    const media = path.join(dir, 'media');
    [take, ...slides] = await Promise.all([
      makeTake(path.join(media, 'take.webm'), { durationSec: 2, level: 0.1 }),
      makeSlide(path.join(media, 'a.png'), '0x3366cc', 'Recorded', 1280, 720),
      makeSlide(path.join(media, 'b.png'), '0xcc3333', 'Left out', 1280, 720),
      makeSlide(path.join(media, 'c.png'), '0x33aa55', 'Silent', 1280, 720),
    ]);
    studio = await createStudio({ libraryDir, binding: 'loopback', log: createLogger(() => undefined, true) });
    studio.context.settings.set(AUTO_PRERENDER_SETTING, false);
  });

  afterAll(async () => {
    await studio?.close();
  });

  it('refuses to render undecided grains, then renders the teacher’s choices', async () => {
    const ctx = studio.context;
    const capsule = createCapsule(
      ctx,
      'Sans prise',
      slides.map((image, group) => ({ image, prompt: `Grain ${group + 1}`, group, width: 1280, height: 720 })),
    );
    const [recorded, leftOut, silent] = capsule.grains;
    attachTake(ctx, capsule.id, recorded!.id, take, [ev('start', 0, 0), ev('end', 2000, 0)]);

    const before = await studio.calls.getRecordStatus(capsule.id);
    expect(before.done).toBe(false);
    expect(before.undecided.map((g) => [g.grainId, g.position])).toEqual([
      [leftOut!.id, 1],
      [silent!.id, 2],
    ]);
    expect((await studio.calls.listUnrecordedGrains(capsule.id)).map((g) => g.grainId)).toEqual([leftOut!.id, silent!.id]);

    // Rendering without a decision is refused before queuing, and by the engine itself (CLI, queued jobs).
    const refusal = await studio.calls.renderCapsule(capsule.id, { height: 720 }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'GRAINS_UNRECORDED', details: { grains: [{ grainId: leftOut!.id, position: 1 }, { grainId: silent!.id, position: 2 }] } });
    expect((refusal as Error).message).toMatch(/Grains 2 and 3 have no take/);
    await expect(montageEngineOf(ctx).render(capsule.id, { height: 720, outFile: path.join(dir, 'refused.mp4') })).rejects.toMatchObject({ code: 'GRAINS_UNRECORDED' });

    await studio.calls.setUnrecordedGrainChoice(leftOut!.id, { mode: 'leave_out' });
    expect(await studio.calls.setUnrecordedGrainChoice(silent!.id, { mode: 'silent', slideMs: 1600 })).toMatchObject({ grainId: silent!.id, hasTake: false, choice: { mode: 'silent', slideMs: 1600 } });
    const after = await studio.calls.getRecordStatus(capsule.id);
    expect(after).toMatchObject({ done: true, undecided: [] });

    const job = await studio.calls.renderCapsule(capsule.id, { height: 720 });
    const info = await ctx.jobs.result<RenderInfo>(job.id);
    // 2 s of the recorded grain + 1.6 s of the silent slide; the grain left out is not there.
    expect(info.durationMs).toBe(3600);
    const probe = await probeMedia(info.file);
    expect(Math.abs(Number.parseFloat(probe.format.duration!) * 1000 - 3600)).toBeLessThan(100);
    expect(near(await pixelAt(info.file, 2.7, 1100, 650), [0x33, 0xaa, 0x55])).toBe(true);
    // The voice is heard in the recorded grain, nothing in the silent slide.
    expect(await peakDb(info.file, 0.3, 1.7)).toBeGreaterThan(-30);
    expect(await peakDb(info.file, 2.2, 3.5)).toBeLessThan(-60);

    // Clearing a choice makes the grain undecided again.
    await studio.calls.setUnrecordedGrainChoice(leftOut!.id, null);
    expect((await studio.calls.getRecordStatus(capsule.id)).undecided.map((g) => g.grainId)).toEqual([leftOut!.id]);
  }, 300_000);

  it('from the command line: refused with the grains named, then rendered with --unrecorded', async () => {
    const capsule = createCapsule(studio.context, 'En ligne de commande', slides.slice(0, 2).map((image, group) => ({ image, prompt: `Grain ${group + 1}`, group, width: 1280, height: 720 })));
    attachTake(studio.context, capsule.id, capsule.grains[0]!.id, take, [ev('start', 0, 0), ev('end', 2000, 0)]);
    await studio.close();
    const file = path.join(dir, 'cli.mp4');
    const run = async (...extra: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await main(['render', capsule.id, '--out', file, '--height', '720', '--library', libraryDir, ...extra], { out: (t) => out.push(t), err: (t) => err.push(t) });
      return { code, out, err: err.join('\n') };
    };
    try {
      const refused = await run();
      expect(refused.code).not.toBe(0);
      expect(refused.err).toMatch(/Grain 2 has no take/);
      expect((await run('--unrecorded', 'sometimes')).err).toMatch(/--unrecorded must be leave-out, or silent/);
      const rendered = await run('--unrecorded', 'silent:1.2');
      expect(rendered.code).toBe(0);
      expect(rendered.out).toEqual([file]);
      expect(Math.abs(Number.parseFloat((await probeMedia(file)).format.duration!) * 1000 - 3200)).toBeLessThan(100);
    } finally {
      studio = await createStudio({ libraryDir, binding: 'loopback', log: createLogger(() => undefined, true) });
    }
  }, 300_000);
});
