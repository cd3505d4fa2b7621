// Runs in Node (main side). Imports a `.capsule` bundle: the manifest is read and checked first (a
// newer format gets its own answer), only the files it names are extracted into the staging
// folder, every media file is probed, and the capsule is committed by rename (commitImport.ts).
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_MANIFEST, type ImportReport } from '../../shared/domain/bundle';
import { manifestFiles, parseBundleManifest } from '../../shared/logic/bundleManifest';
import { StudioError, cancelledError, toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { montageEngineOf } from '../montage/montageJobs';
import type { StudioContext } from '../context';
import type { TakeStore } from '../recording/takeStore';
import { commitStagedCapsule, type StagedGrain } from './commitImport';
import { checkImportedMedia } from './importedMedia';
import type { SafeZip } from './safeZipReader';

const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

export interface ImportRunOptions {
  signal?: AbortSignal;
  progress?: (fraction: number, stage: string) => void;
}

/** `staging` is an empty folder of this import; on success it has become the capsule's folder. */
export async function importBundle(ctx: StudioContext, takeStore: TakeStore, zip: SafeZip, staging: string, options: ImportRunOptions = {}): Promise<ImportReport> {
  const manifest = parseBundleManifest(await zip.readText(BUNDLE_MANIFEST, MAX_MANIFEST_BYTES), zip.fileNames());
  const names = [...new Set(manifestFiles(manifest))];
  const bytesToExtract = names.reduce((sum, name) => sum + zip.sizeOf(name), 0) || 1;
  let extracted = 0;
  options.progress?.(0, 'bundle_extracting');
  await zip.extract(staging, {
    names,
    signal: options.signal,
    onBytes: (bytes) => {
      extracted += bytes;
      options.progress?.(0.8 * (extracted / bytesToExtract), 'bundle_extracting');
    },
  });
  const at = (name: string) => path.join(staging, ...name.split('/'));
  const checks = names.length;
  let checked = 0;
  const checkedOne = () => options.progress?.(0.8 + 0.19 * (++checked / checks), 'bundle_checking');

  const grains: StagedGrain[] = [];
  let takeExtras = 0;
  for (const grain of manifest.grains) {
    const slides = [];
    for (const slide of grain.slides) {
      if (options.signal?.aborted) throw cancelledError();
      await checkImportedMedia(at(slide.image), slide.image, 'image', options.signal);
      checkedOne();
      await checkImportedMedia(at(slide.thumb), slide.thumb, 'image', options.signal);
      checkedOne();
      if (slide.extraVideo) {
        await checkImportedMedia(at(slide.extraVideo), slide.extraVideo, 'video', options.signal);
        checkedOne();
      }
      slides.push({
        imageFile: at(slide.image),
        thumbFile: at(slide.thumb),
        width: slide.width,
        height: slide.height,
        pageNumber: slide.pageNumber,
        pageLabel: slide.pageLabel,
        prompt: slide.prompt,
        extraVideoFile: slide.extraVideo ? at(slide.extraVideo) : null,
      });
    }
    const takes = [];
    for (const take of grain.takes) {
      const facts = await checkImportedMedia(at(take.file), take.file, 'take', options.signal);
      checkedOne();
      // The library's layout: the media at takes/<id>.<ext>, the take's own files in takes/<id>/.
      const id = randomUUID();
      const mediaFile = path.join(staging, 'takes', `${id}${path.extname(take.file)}`);
      renameSync(at(take.file), mediaFile);
      for (const extra of take.extras?.files ?? []) {
        const beside = extra.name.startsWith('beside:') ? extra.name.slice('beside:'.length) : null;
        // A file beside the media is named after the take (`<id>.strokes.json`), never the media itself.
        if (beside !== null && (!/^\.[A-Za-z0-9._-]{1,100}$/.test(beside) || beside === path.extname(mediaFile))) {
          throw new StudioError('BUNDLE_MANIFEST_INVALID', 'The bundle’s manifest names a take file that would replace the take itself.', { name: extra.name.slice(0, 100) });
        }
        const target = beside !== null ? path.join(staging, 'takes', `${id}${beside}`) : path.join(staging, 'takes', id, ...extra.name.split('/'));
        mkdirSync(path.dirname(target), { recursive: true });
        renameSync(at(extra.path), target);
        takeExtras += 1;
        checkedOne();
      }
      takes.push({ id, attempt: take.attempt, mime: take.mime, file: mediaFile, events: take.events, recordedMs: take.recordedMs, createdAt: take.createdAt, facts, bytes: facts.bytes });
    }
    const active = grain.activeTake === null ? null : grain.takes.findIndex((take) => take.key === grain.activeTake);
    grains.push({ title: grain.title, layout: grain.layout, slides, takes, active, trim: grain.trim, unrecorded: grain.unrecorded, captions: grain.captions });
  }
  const music = manifest.montage.settings.music;
  if (music) {
    await checkImportedMedia(at(music.file), music.file, 'audio', options.signal);
    checkedOne();
  }
  options.progress?.(0.99, 'saving');
  const capsuleId = commitStagedCapsule(ctx, takeStore, {
    title: manifest.capsule.title,
    kind: manifest.capsule.kind,
    sourceName: manifest.capsule.sourceName,
    metadata: manifest.capsule.metadata,
    layout: manifest.capsule.layout,
    stagingDir: staging,
    grains,
    montage: {
      settings: {
        denoise: manifest.montage.settings.denoise,
        defaultSlideMs: manifest.montage.settings.defaultSlideMs,
        fadeBetweenGrainsMs: manifest.montage.settings.fadeBetweenGrainsMs,
        music: music ? { path: at(music.file), volume: music.volume, duck: music.duck } : null,
      },
      captions: manifest.montage.captions,
    },
  });
  const notes: StudioErrorInfo[] = [];
  if (manifest.montage.captions.cues && manifest.montage.captions.fresh) {
    try {
      await rebaseEditedCaptions(ctx, capsuleId, options.signal);
    } catch (error) {
      // The capsule is in the library already; its edited captions will only be flagged for review.
      notes.push(toErrorInfo(error));
    }
  }
  return {
    capsuleId,
    title: manifest.capsule.title,
    source: 'bundle',
    grains: grains.length,
    slides: grains.reduce((sum, grain) => sum + grain.slides.length, 0),
    takes: grains.reduce((sum, grain) => sum + grain.takes.length, 0),
    takeExtras,
    notes,
  };
}

/** Stores the imported edited cues again, so that they are fingerprinted against this library's grains. */
async function rebaseEditedCaptions(ctx: StudioContext, capsuleId: string, signal?: AbortSignal): Promise<void> {
  const engine = montageEngineOf(ctx);
  const cues = engine.store.captionChoices(capsuleId).cues;
  if (!cues) return;
  await engine.captions.update(await engine.plan(capsuleId, 1080), { cues: cues.map(({ startMs, endMs, text }) => ({ startMs, endMs, text })) }, signal);
}
