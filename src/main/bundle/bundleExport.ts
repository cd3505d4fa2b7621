// Runs in Node (main side). Writes a capsule to one `.capsule` file: a ZIP streamed to disk by yazl
// (media stored as is, never whole in memory), with a versioned manifest of the capsule, its
// slides, its takes (the chosen ones or all), layout, trims, captions and every file a take's
// folder holds (pen strokes…). The file appears only once complete (a part file renamed).
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, linkSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import yazl from 'yazl';
import { StudioError, cancelledError } from '../../shared/errors';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_MANIFEST, TAKE_EXTRAS_VERSION, type BundleExportResult, type BundleGrain, type BundleManifest, type BundleTakeChoice } from '../../shared/domain/bundle';
import type { Take } from '../../shared/domain/take';
import type { StudioContext } from '../context';
import type { TakeStore } from '../recording/takeStore';
import { montageEngineOf } from '../montage/montageJobs';

interface ZipFileEntry {
  source: string;
  name: string;
}

export interface BundleExportOptions {
  takes: BundleTakeChoice;
  /** Replace an existing file (the save dialog asked the user, or the CLI was told so). */
  overwrite: boolean;
  signal?: AbortSignal;
  progress?: (fraction: number) => void;
}

function extensionOf(file: string, fallback: string): string {
  const ext = path.extname(file).toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(ext) ? ext : fallback;
}

/** Every file of a take's own folder (`takes/<take id>/`, e.g. pen strokes), as names relative to it. */
function takeFolderFiles(folder: string, prefix = ''): string[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...takeFolderFiles(path.join(folder, entry.name), `${prefix}${entry.name}/`));
    else if (entry.isFile()) out.push(`${prefix}${entry.name}`);
  }
  return out.sort();
}

/** Builds the manifest and the list of files to put in the ZIP. Pure reading of the stores. */
export function planBundle(ctx: StudioContext, takeStore: TakeStore, capsuleId: string, choice: BundleTakeChoice): { manifest: BundleManifest; files: ZipFileEntry[] } {
  const capsule = ctx.library.get(capsuleId);
  const store = montageEngineOf(ctx).store;
  const settings = store.settings(capsuleId);
  const trims = store.trims(capsuleId);
  const unrecorded = store.grainChoices(capsuleId);
  const captions = store.captionChoices(capsuleId);
  const allTakes = takeStore.listCapsuleTakes(capsuleId).filter((take) => take.state === 'ready');
  const files: ZipFileEntry[] = [];
  const grainIndex = new Map(capsule.grains.map((grain, index) => [grain.id, index]));

  const grains: BundleGrain[] = capsule.grains.map((grain, g) => {
    const slides = grain.slides.map((slide, s) => {
      const base = `${g + 1}-${s + 1}`;
      const image = `slides/${base}${extensionOf(slide.imagePath, '.png')}`;
      const thumbSource = ctx.media.resolve(`thumb/${slide.id}`);
      const thumb = `thumbs/${base}${extensionOf(thumbSource, '.png')}`;
      files.push({ source: slide.imagePath, name: image }, { source: thumbSource, name: thumb });
      let extraVideo: string | null = null;
      if (slide.extraVideoPath) {
        extraVideo = `media/extra-${base}${extensionOf(slide.extraVideoPath, '.mp4')}`;
        files.push({ source: slide.extraVideoPath, name: extraVideo });
      }
      return { image, thumb, width: slide.width, height: slide.height, pageNumber: slide.pageNumber, pageLabel: slide.pageLabel, prompt: slide.prompt, extraVideo };
    });
    const takes: Take[] = allTakes.filter((take) => take.grainId === grain.id && (choice === 'all' || take.isActive));
    const bundleTakes = takes.map((take) => {
      const key = `g${g + 1}t${take.attempt}`;
      const file = `takes/${key}/take${extensionOf(take.path, '.webm')}`;
      files.push({ source: take.path, name: file });
      // A take's own folder (takes/<id>/) and files beside its media named after it (takes/<id>.*).
      const folder = path.join(path.dirname(take.path), take.id);
      const extras = takeFolderFiles(folder).map((name) => ({ path: `takes/${key}/extra/${name}`, name, source: path.join(folder, ...name.split('/')) }));
      const siblings = readdirSync(path.dirname(take.path))
        .filter((name) => name.startsWith(`${take.id}.`) && path.join(path.dirname(take.path), name) !== take.path && statSync(path.join(path.dirname(take.path), name)).isFile())
        .map((name) => ({ path: `takes/${key}/beside/${name.slice(take.id.length)}`, name: `beside:${name.slice(take.id.length)}`, source: path.join(path.dirname(take.path), name) }));
      const all = [...extras, ...siblings];
      for (const extra of all) files.push({ source: extra.source, name: extra.path });
      return {
        key,
        attempt: take.attempt,
        mime: take.mime,
        file,
        events: take.events,
        recordedMs: take.recordedMs,
        createdAt: take.createdAt,
        ...(all.length > 0 ? { extras: { version: TAKE_EXTRAS_VERSION, files: all.map(({ path: p, name }) => ({ path: p, name })) } } : {}),
      };
    });
    const active = takes.find((take) => take.isActive);
    return {
      title: grain.title,
      layout: grain.layout,
      slides,
      takes: bundleTakes,
      activeTake: active ? `g${g + 1}t${active.attempt}` : null,
      trim: trims.get(grain.id) ?? null,
      unrecorded: unrecorded.get(grain.id) ?? null,
      captions: Object.hasOwn(captions.grains, grain.id) ? captions.grains[grain.id]! : null,
    };
  });

  let music: BundleManifest['montage']['settings']['music'] = null;
  if (settings.music && existsSync(settings.music.path)) {
    music = { file: `media/music${extensionOf(settings.music.path, '.m4a')}`, volume: settings.music.volume, duck: settings.music.duck };
    files.push({ source: settings.music.path, name: music.file });
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    createdBy: `Capsule Studio ${ctx.version}`,
    takes: choice,
    capsule: { title: capsule.title, kind: capsule.kind, sourceName: null, layout: capsule.layout, metadata: ctx.library.metadata(capsuleId) },
    montage: {
      settings: { denoise: settings.denoise, defaultSlideMs: settings.defaultSlideMs, fadeBetweenGrainsMs: settings.fadeBetweenGrainsMs, music },
      captions: {
        enabled: captions.enabled,
        cues: captions.cues ? captions.cues.map(({ grainId, ...cue }) => ({ ...cue, grain: grainId === null ? null : (grainIndex.get(grainId) ?? null) })) : null,
        basis: captions.basis,
      },
    },
    grains,
  };
  return { manifest, files };
}

/** Writes the bundle to `outFile` (through a part file beside it) and returns what it holds. */
export async function writeBundle(ctx: StudioContext, takeStore: TakeStore, capsuleId: string, outFile: string, options: BundleExportOptions): Promise<BundleExportResult> {
  const { manifest, files } = planBundle(ctx, takeStore, capsuleId, options.takes);
  if (manifest.montage.captions.cues) {
    // Edited captions are fingerprinted with the grains' ids, which the importing library renews:
    // say whether they were up to date, so the import can fingerprint them again on its own grains.
    const engine = montageEngineOf(ctx);
    manifest.montage.captions.fresh = !(await engine.captions.forPlan(await engine.plan(capsuleId, 1080), options.signal)).stale;
  }
  for (const file of files) {
    if (!existsSync(file.source)) throw new StudioError('MEDIA_MISSING', `A file of the capsule is missing: ${path.basename(file.source)}.`, { file: path.basename(file.source) });
  }
  const total = files.reduce((sum, file) => sum + statSync(file.source).size, 0) + 1;
  const part = path.join(path.dirname(outFile), `.${path.basename(outFile)}.${randomUUID().slice(0, 8)}.part`);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), BUNDLE_MANIFEST, { compress: true });
  // Media (PNG, WebM, MP4, AAC) is already compressed: stored as is, the export is as fast as a copy.
  for (const file of files) zip.addFile(file.source, file.name, { compress: false });
  zip.end();
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      options.progress?.(Math.min(0.99, written / total));
      callback(null, chunk);
    },
  });
  try {
    await pipeline(zip.outputStream, counter, createWriteStream(part, { flags: 'wx', mode: 0o600 }), { signal: options.signal });
    if (options.overwrite || !existsSync(outFile)) renameSync(part, outFile);
    else {
      try {
        linkSync(part, outFile);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new StudioError('FILE_EXISTS', 'A file with this name already exists; it was not replaced.');
        throw error;
      }
    }
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw cancelledError();
    throw error;
  } finally {
    rmSync(part, { force: true });
  }
  options.progress?.(1);
  return { file: outFile, bytes: statSync(outFile).size, grains: manifest.grains.length, takes: manifest.grains.reduce((sum, grain) => sum + grain.takes.length, 0) };
}
