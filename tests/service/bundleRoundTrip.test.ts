// Runs in Node (service tests). A capsule travels in one `.capsule` file: exported with two takes per
// grain (a pen-strokes file in a take's folder, a trim, a chosen first take) from one real library,
// imported into another, empty one through the CLI, and both rendered by the montage engine: the
// same frames (FFmpeg's SSIM ≥ 0.99), the same chapters and captions, the same takes, prompts,
// grain layout, edited captions and strokes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { main } from '../../src/main/cli/main';
import { runFfmpegCapture, probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { AUTO_PRERENDER_SETTING } from '../../src/main/montage/montageJobs';
import { montageEngineOf } from '../../src/main/montage/montageJobs';
import type { ImportReport, BundleExportResult } from '../../src/shared/domain/bundle';
import type { RenderInfo } from '../../src/shared/domain/montage';
import { tempDir } from '../support/tempDir';
import { SafeZip } from '../../src/main/bundle/safeZipReader';
import { parseBundleManifest } from '../../src/shared/logic/bundleManifest';
import { createCapsule, ev, makeSlide, makeTake } from '../support/montageFixtures';

function runCli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { out: (text) => out.push(text), err: (text) => err.push(text) }).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
}

async function render(studio: Studio, capsuleId: string): Promise<RenderInfo> {
  const job = await studio.calls.renderCapsule(capsuleId, { height: 720 });
  return studio.context.jobs.result<RenderInfo>(job.id);
}

/** FFmpeg's mean SSIM of two videos, frame by frame (https://ffmpeg.org/ffmpeg-filters.html#ssim). */
async function ssim(a: string, b: string): Promise<number> {
  const { stderr } = await runFfmpegCapture(['-loglevel', 'info', '-i', a, '-i', b, '-lavfi', '[0:v][1:v]ssim', '-f', 'null', '-']);
  const all = /SSIM .* All:([\d.]+)/.exec(stderr);
  if (!all) throw new Error(`no SSIM in: ${stderr.slice(-500)}`);
  return Number(all[1]);
}

describe('capsule bundles: export, import on another library, same render', () => {
  const dir = tempDir('bundle-roundtrip-');
  let source: Studio;
  const targetLibrary = path.join(dir, 'target-library');

  beforeAll(async () => {
    source = await createStudio({ libraryDir: path.join(dir, 'source-library'), binding: 'cli', log: createLogger(() => undefined, true) });
    source.context.settings.set(AUTO_PRERENDER_SETTING, false);
  });

  afterAll(async () => {
    await source?.close();
  });

  it('carries slides, prompts, both takes of each grain, the chosen ones, trims, strokes; renders the same frames and chapters', async () => {
    const media = path.join(dir, 'media');
    const [blue, green, white, takeA1, takeA2, takeB1, takeB2] = await Promise.all([
      makeSlide(path.join(media, 'blue.png'), '0x99bbee', 'Les ondes'),
      makeSlide(path.join(media, 'green.png'), '0x99ee99', 'Energie'),
      makeSlide(path.join(media, 'white.png'), 'white', 'Conclusion'),
      makeTake(path.join(media, 'a1.webm'), { durationSec: 2.5, color: '0x2050a0' }),
      makeTake(path.join(media, 'a2.webm'), { durationSec: 2.5, color: '0xb03020' }),
      makeTake(path.join(media, 'b1.webm'), { durationSec: 2, color: '0x208040' }),
      makeTake(path.join(media, 'b2.webm'), { durationSec: 2, color: '0x806020' }),
    ]);
    const ctx = source.context;
    const capsule = createCapsule(ctx, 'Ondes et énergie', [
      { image: blue, prompt: 'Bonjour à tous.\nAujourd’hui : les ondes.', group: 0 },
      { image: green, prompt: 'Une onde transporte de l’énergie.', group: 0 },
      { image: white, prompt: 'Merci.', group: 1 },
    ]);
    const [grainA, grainB] = capsule.grains;
    const eventsA = [ev('start', 0, 0), ev('next_sentence', 700, 0, 1), ev('next_slide', 1200, 1), ev('end', 2500, 1)];
    const eventsB = [ev('start', 0, 0), ev('end', 2000, 0)];
    const a1 = await source.calls.addTakeFromFile(capsule.id, grainA!.id, { path: takeA1, events: eventsA, recordedMs: 2500 });
    await source.calls.addTakeFromFile(capsule.id, grainA!.id, { path: takeA2, events: eventsA, recordedMs: 2500 });
    await source.calls.addTakeFromFile(capsule.id, grainB!.id, { path: takeB1, events: eventsB, recordedMs: 2000 });
    const b2 = await source.calls.addTakeFromFile(capsule.id, grainB!.id, { path: takeB2, events: eventsB, recordedMs: 2000 });
    // Grain A keeps its first take (a choice the bundle must carry); grain B uses its retake, trimmed.
    await source.calls.setActiveTake(a1.id);
    await source.calls.setTrim(grainB!.id, { startMs: 300, endMs: 0 });
    // Grain B has its own layout; the captions of grain A are edited by hand (capsule time), B's are off.
    await source.calls.setGrainLayout(grainB!.id, { mode: 'side_by_side' });
    const automatic = await source.calls.getCaptions(capsule.id);
    const editedCues = automatic.cues.filter((cue) => cue.grainId === grainA!.id).map((cue, index) => ({ startMs: cue.startMs, endMs: cue.endMs, text: `${cue.text} (${index + 1})` }));
    expect(editedCues.length).toBeGreaterThan(0);
    await source.calls.updateCaptions(capsule.id, { grains: { [grainB!.id]: false } });
    await source.calls.updateCaptions(capsule.id, { cues: editedCues });
    // Pen strokes as another feature writes them: files in the take's own folder.
    const strokesDir = path.join(path.dirname(a1.path), a1.id);
    mkdirSync(path.join(strokesDir, 'pages'), { recursive: true });
    const strokes = JSON.stringify({ version: 1, strokes: [{ atMs: 400, points: [[10, 10], [200, 150]], color: '#e00' }] });
    writeFileSync(path.join(strokesDir, 'strokes.json'), strokes);
    writeFileSync(path.join(strokesDir, 'pages', '2.json'), '[]');

    const bundle = path.join(dir, 'ondes.capsule');
    await source.close();
    const exported = await runCli(['export', capsule.id, '--out', bundle, '--takes', 'all', '--library', path.join(dir, 'source-library'), '--json']);
    expect(exported.err).not.toMatch(/"error"/);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.out) as BundleExportResult).toMatchObject({ grains: 2, takes: 4 });
    // Without --overwrite, an existing file is kept.
    const again = await runCli(['export', capsule.id, '--out', bundle, '--library', path.join(dir, 'source-library')]);
    expect(again).toMatchObject({ code: 1, err: expect.stringMatching(/FILE_EXISTS/) });
    // --takes chosen (the default) carries one take per grain: the chosen ones, first of A and retake of B.
    const chosenFile = path.join(dir, 'chosen.capsule');
    expect((await runCli(['export', capsule.id, '--out', chosenFile, '--library', path.join(dir, 'source-library')])).code).toBe(0);
    const chosenZip = await SafeZip.open(chosenFile);
    try {
      const chosen = parseBundleManifest(await chosenZip.readText('manifest.json', 1 << 20), chosenZip.fileNames());
      expect(chosen.takes).toBe('chosen');
      expect(chosen.grains.map((grain) => [grain.activeTake, grain.takes.map((take) => take.key)])).toEqual([
        ['g1t1', ['g1t1']],
        ['g2t2', ['g2t2']],
      ]);
      expect(chosen.grains[0]!.takes[0]!.extras).toEqual({ version: 1, files: [{ path: 'takes/g1t1/extra/pages/2.json', name: 'pages/2.json' }, { path: 'takes/g1t1/extra/strokes.json', name: 'strokes.json' }] });
    } finally {
      chosenZip.close();
    }
    source = await createStudio({ libraryDir: path.join(dir, 'source-library'), binding: 'cli', log: createLogger(() => undefined, true) });

    const imported = await runCli(['import', bundle, '--library', targetLibrary, '--json']);
    expect(imported.err).not.toMatch(/"error"/);
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.out) as ImportReport;
    expect(report).toMatchObject({ title: 'Ondes et énergie', source: 'bundle', grains: 2, slides: 3, takes: 4, takeExtras: 2, notes: [] });

    const target = await createStudio({ libraryDir: targetLibrary, binding: 'cli', log: createLogger(() => undefined, true) });
    try {
      target.context.settings.set(AUTO_PRERENDER_SETTING, false);
      expect((await target.calls.listCapsules()).map((c) => c.id)).toEqual([report.capsuleId]);
      const copy = await target.calls.getCapsule(report.capsuleId);
      const original = await source.calls.getCapsule(capsule.id);
      expect(copy.grains.map((g) => g.slides.map((s) => s.prompt))).toEqual(original.grains.map((g) => g.slides.map((s) => s.prompt)));
      expect(copy.layout).toEqual(original.layout);
      expect(copy.grains.map((g) => g.layout)).toEqual([null, { mode: 'side_by_side' }]);
      const captionsOf = (captions: Awaited<ReturnType<typeof source.calls.getCaptions>>, grains: typeof copy.grains) => ({
        enabled: captions.enabled,
        edited: captions.edited,
        stale: captions.stale,
        cues: captions.cues.map((cue) => ({ ...cue, grainId: grains.findIndex((g) => g.id === cue.grainId) })),
        grains: captions.grains.map((g) => ({ ...g, grainId: grains.findIndex((grain) => grain.id === g.grainId) })),
      });
      const copiedCaptions = captionsOf(await target.calls.getCaptions(report.capsuleId), copy.grains);
      expect(copiedCaptions).toEqual(captionsOf(await source.calls.getCaptions(capsule.id), original.grains));
      expect(copiedCaptions).toMatchObject({ edited: true, stale: false });
      expect(copiedCaptions.cues.map((cue) => cue.text)).toEqual(editedCues.map((cue) => cue.text));
      const copiedTakes = await target.calls.listCapsuleTakes(report.capsuleId);
      const originalTakes = await source.calls.listCapsuleTakes(capsule.id);
      const shape = (takes: typeof copiedTakes, grains: typeof copy.grains) =>
        takes.map((t) => ({ grain: grains.findIndex((g) => g.id === t.grainId), attempt: t.attempt, isActive: t.isActive, events: t.events, durationMs: t.durationMs, state: t.state, recordedMs: t.recordedMs }));
      expect(shape(copiedTakes, copy.grains)).toEqual(shape(originalTakes, original.grains));
      expect(copiedTakes.filter((t) => t.isActive).map((t) => t.attempt)).toEqual([1, 2]);
      const store = montageEngineOf(target.context).store;
      expect(store.trims(report.capsuleId).get(copy.grains[1]!.id)).toEqual({ startMs: 300, endMs: 0 });
      // The strokes come back in the imported take's own folder, byte for byte.
      const copiedA1 = copiedTakes.find((t) => t.isActive && t.attempt === 1)!;
      const copiedStrokes = path.join(path.dirname(copiedA1.path), copiedA1.id, 'strokes.json');
      expect(readFileSync(copiedStrokes, 'utf8')).toBe(strokes);
      expect(existsSync(path.join(path.dirname(copiedA1.path), copiedA1.id, 'pages', '2.json'))).toBe(true);
      expect(b2.attempt).toBe(2);

      const [before, after] = [await render(source, capsule.id), await render(target, report.capsuleId)];
      expect(Math.abs(before.durationMs - after.durationMs)).toBeLessThanOrEqual(40);
      expect(await ssim(before.file, after.file)).toBeGreaterThanOrEqual(0.99);
      const chapters = async (file: string) => (await probeMedia(file)).chapters.map((c) => ({ start: Number(c.start_time), title: c.tags?.title }));
      const beforeChapters = await chapters(before.file);
      expect(beforeChapters.length).toBe(3);
      expect(await chapters(after.file)).toEqual(beforeChapters);
      expect(readFileSync(after.chaptersVtt, 'utf8')).toBe(readFileSync(before.chaptersVtt, 'utf8'));
      expect(readFileSync(after.captionsVtt, 'utf8')).toBe(readFileSync(before.captionsVtt, 'utf8'));
    } finally {
      await target.close();
    }
    // Two libraries, four takes, a CLI export and import and two renders: more work than one service test.
  }, 400_000);
});
