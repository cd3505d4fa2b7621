// Runs in Node (service tests). A Polymny ZIP export, built here from the layout Polymny's client
// writes (structure.json with uuids replaced by paths, <grain>/<slide>.png, <grain>/<slide>.mp4
// extras, <grain>/record.webm, soundtrack.m4a; https://github.com/polymny/polymny client/ports.js),
// is imported through `capsule import` into a real library: grains, slides, prompts, the extra, the
// take with its slide changes, the music; the report names what Polymny's export cannot carry; the
// render shows each slide when the take's events say.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { describe, expect, it } from 'vitest';
import { createStudio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { main } from '../../src/main/cli/main';
import { runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';
import { AUTO_PRERENDER_SETTING, montageEngineOf } from '../../src/main/montage/montageJobs';
import type { ImportReport } from '../../src/shared/domain/bundle';
import type { RenderInfo } from '../../src/shared/domain/montage';
import { tempDir } from '../support/tempDir';
import { makeExtraVideo, makeSlide, makeTake, near, pixelAt } from '../support/montageFixtures';

function runCli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

const RED: [number, number, number] = [0xee, 0x44, 0x44];
const GREEN: [number, number, number] = [0x44, 0xee, 0x44];

describe('importing a Polymny export', () => {
  it('brings grains, slides, prompts, extras, the take and its slide changes, and reports what was left out', async () => {
    const dir = tempDir('polymny-import-');
    const media = path.join(dir, 'media');
    const [red, green, blue, record, extra] = await Promise.all([
      makeSlide(path.join(media, 'red.png'), '0xee4444', ' '),
      makeSlide(path.join(media, 'green.png'), '0x44ee44', ' '),
      makeSlide(path.join(media, 'blue.png'), '0x4444ee', ' '),
      makeTake(path.join(media, 'record.webm'), { durationSec: 4, width: 320, height: 180 }),
      makeExtraVideo(path.join(media, 'extra.mp4'), 1.5),
    ]);
    const music = path.join(media, 'soundtrack.m4a');
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'sine=f=330:sample_rate=48000:d=3', '-c:a', 'aac', music]);

    // structure.json as Polymny's CapsuleExporter writes it: the whole capsule, uuids replaced by paths.
    const capsule = {
      id: 42,
      name: 'Les ondes (Polymny)',
      project: 'Physique',
      privacy: 'private',
      prompt_subtitles: false,
      produced: 'done',
      published: 'idle',
      sound_track: { uuid: 'soundtrack.m4a', name: 'guitare.m4a', volume: 0.5 },
      webcam_settings: { type: 'pip', anchor: 'bottom_left', opacity: 1, position: [4, 4], size: [533, 300], keycolor: null },
      structure: [
        {
          record: '1/record.webm',
          slides: [
            { uuid: '1/1.png', extra: null, prompt: 'Bonjour à tous.\nAujourd’hui : les ondes.' },
            { uuid: '1/2.png', extra: null, prompt: 'Une onde transporte de l’énergie.' },
          ],
          events: [
            { ty: 'start', time: 0 },
            { ty: 'next_sentence', time: 900 },
            { ty: 'next_slide', time: 2000 },
            { ty: 'play', time: 2500 },
            { ty: 'end', time: 4000 },
          ],
          webcam_settings: { type: 'pip', anchor: 'top_right', opacity: 0.8, position: [10, 10], size: [400, 225], keycolor: null },
          fade: { vfadein: null, vfadeout: null, afadein: null, afadeout: null },
        },
        {
          record: null,
          slides: [{ uuid: '2/1.png', extra: '2/1.mp4', prompt: '' }],
          events: [],
          webcam_settings: null,
          fade: { vfadein: null, vfadeout: null, afadein: null, afadeout: null },
        },
        {
          record: null,
          slides: [{ uuid: '3/1.png', extra: null, prompt: 'Merci de votre attention.' }],
          events: [],
          webcam_settings: null,
          fade: { vfadein: null, vfadeout: null, afadein: null, afadeout: null },
        },
      ],
    };
    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(JSON.stringify(capsule, null, 4)), 'structure.json');
    zip.addFile(red, '1/1.png');
    zip.addFile(green, '1/2.png');
    zip.addFile(record, '1/record.webm');
    zip.addFile(blue, '2/1.png');
    zip.addFile(extra, '2/1.mp4');
    zip.addFile(blue, '3/1.png');
    zip.addFile(music, 'soundtrack.m4a');
    zip.end();
    const exportZip = path.join(dir, 'les-ondes.zip');
    await pipeline(zip.outputStream, createWriteStream(exportZip));

    const library = path.join(dir, 'library');
    const imported = await runCli(['import', exportZip, '--library', library, '--json']);
    expect(imported.err).not.toMatch(/"error"/);
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.out) as ImportReport;
    expect(report).toMatchObject({ title: 'Les ondes (Polymny)', source: 'polymny', grains: 3, slides: 4, takes: 1 });
    expect(report.notes.map((note) => note.code).sort()).toEqual(['POLYMNY_EVENTS_LEFT_OUT', 'POLYMNY_POINTER_LEFT_OUT', 'POLYMNY_WEBCAM_SETTINGS_LEFT_OUT']);
    expect(report.notes.find((note) => note.code === 'POLYMNY_EVENTS_LEFT_OUT')!.details).toEqual({ grains: [1] });
    // Without --json the same report is printed for a person, notes included.
    const again = await runCli(['import', exportZip, '--library', library]);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/imported from a Polymny export: 3 grain\(s\), 4 slide\(s\), 1 take\(s\)/);
    expect(again.err).toMatch(/not carried over \(POLYMNY_POINTER_LEFT_OUT\)/);

    const studio = await createStudio({ libraryDir: library, binding: 'cli', log: createLogger(() => undefined, true) });
    try {
      studio.context.settings.set(AUTO_PRERENDER_SETTING, false);
      const detail = await studio.calls.getCapsule(report.capsuleId);
      expect(detail.grains.map((grain) => grain.slides.map((slide) => slide.prompt))).toEqual([['Bonjour à tous.\nAujourd’hui : les ondes.', 'Une onde transporte de l’énergie.'], [''], ['Merci de votre attention.']]);
      expect(detail.grains[1]!.slides[0]!.extraVideoPath).toMatch(/\.mp4$/);
      expect(detail.grains[0]!.slides[0]!).toMatchObject({ width: 1920, height: 1080 });
      const takes = await studio.calls.listCapsuleTakes(report.capsuleId);
      expect(takes).toHaveLength(1);
      expect(takes[0]).toMatchObject({ grainId: detail.grains[0]!.id, isActive: true, state: 'ready', videoCodec: 'vp8', audioCodec: 'opus', recordedMs: 4000 });
      expect(takes[0]!.events).toEqual([
        { type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 },
        { type: 'next_sentence', atMs: 900, slideIndex: 0, sentenceIndex: 1 },
        { type: 'next_slide', atMs: 2000, slideIndex: 1, sentenceIndex: 0 },
        { type: 'end', atMs: 4000, slideIndex: 1, sentenceIndex: 0 },
      ]);
      const settings = montageEngineOf(studio.context).store.settings(report.capsuleId);
      expect(settings.music).toMatchObject({ volume: 0.5 });
      expect(settings.music!.path.startsWith(studio.context.library.capsuleDir(report.capsuleId))).toBe(true);

      // The third grain has neither take nor extra: shown silently, as the teacher would choose.
      await studio.calls.setUnrecordedGrainChoice(detail.grains[2]!.id, { mode: 'silent', slideMs: 1000 });
      const job = await studio.calls.renderCapsule(report.capsuleId, { height: 720 });
      const render = await studio.context.jobs.result<RenderInfo>(job.id);
      expect(render.durationMs).toBeGreaterThan(4000 + 1500 + 1000 - 300);
      // A spot on the slide away from the camera: red before the take's slide change at 2 s, green after.
      expect(near(await pixelAt(render.file, 1.0, 640, 100), RED)).toBe(true);
      expect(near(await pixelAt(render.file, 3.0, 640, 100), GREEN)).toBe(true);
    } finally {
      await studio.close();
    }
  }, 300_000);
});
