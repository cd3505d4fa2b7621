// Runs in Node (service tests). The bundled demo: the first start puts the demo capsule (sample deck
// + synthesised takes) in the library, and `capsule demo` renders it to a real MP4.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStudio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { main } from '../../src/main/cli/main';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { DEMO_JOB, SEED_DEMO_SETTING } from '../../src/main/montage/montageJobs';
import { DEMO_METADATA_KEY, demoReading } from '../../src/main/montage/demoCapsule';
import { parseWebVtt } from '../../src/shared/logic/webvtt';
import { tempDir } from '../support/tempDir';

const quiet = () => createLogger(() => undefined, true);

describe('demo capsule', () => {
  const dir = tempDir('montage-demo-');
  const libraryDir = path.join(dir, 'lib');

  it('times a synthesised reading from the prompter', () => {
    const reading = demoReading(['Un\nDeux', 'Trois']);
    expect(reading.events.map((e) => [e.type, e.atMs, e.slideIndex, e.sentenceIndex])).toEqual([
      ['start', 0, 0, 0],
      ['next_sentence', 1600, 0, 1],
      ['next_slide', 3200, 1, 0],
      ['end', 5200, 1, 0],
    ]);
    expect(reading.durationMs).toBe(5200);
  });

  it('is in the library after the first start, and `capsule demo` renders it', async () => {
    // First start of the desktop app (seeding is on by default there; the loopback binding asks for it).
    const setup = await createStudio({ libraryDir, binding: 'cli', startJobs: false, log: quiet() });
    setup.context.settings.set(SEED_DEMO_SETTING, true);
    await setup.close();
    const studio = await createStudio({ libraryDir, binding: 'loopback', log: quiet() });
    try {
      const [job] = studio.context.jobs.list({ kind: DEMO_JOB });
      const { capsuleId } = await studio.context.jobs.result<{ capsuleId: string }>(job!.id);
      const capsule = studio.context.library.get(capsuleId);
      expect(studio.context.library.metadata(capsuleId)[DEMO_METADATA_KEY]).toBe(true);
      expect(capsule.grains.map((g) => g.slides.length)).toEqual([1, 2, 1, 1]);
      expect(capsule.grains.every((g) => g.activeTakeId !== null)).toBe(true);
      expect(studio.context.settings.get(SEED_DEMO_SETTING, true)).toBe(false);
    } finally {
      await studio.close();
    }

    const out = path.join(dir, 'demo.mp4');
    const lines: string[] = [];
    const code = await main(['demo', '--out', out, '--height', '720', '--library', libraryDir], { out: (t) => lines.push(t), err: () => undefined });
    expect(code).toBe(0);
    expect(lines).toEqual([out]);
    const probe = await probeMedia(out);
    expect(probe.chapters.map((c) => c.tags?.title)).toEqual(['Capsule Studio', '1. Préparer — Prepare', '2. Enregistrer — Record', '3. Monter — Edit', '4. Publier — Publish']);
    expect(probe.streams.find((s) => s.codec_type === 'video')?.height).toBe(720);
    const captions = parseWebVtt(readFileSync(out.replace(/\.mp4$/, '.captions.vtt'), 'utf8'));
    expect(captions.map((c) => c.text)).toContain('Import a PDF: one slide per page.');
    expect(existsSync(out.replace(/\.mp4$/, '.poster.jpg'))).toBe(true);
    // Still one demo capsule: the command reused the one the first start made.
    const after = await createStudio({ libraryDir, binding: 'cli', startJobs: false, log: quiet() });
    try {
      expect(after.context.library.list().length).toBe(1);
    } finally {
      await after.close();
    }
  }, 600_000);
});
