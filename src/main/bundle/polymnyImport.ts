// Runs in Node (main side). Imports a Polymny ZIP export (structure.json, <grain>/<slide>.png,
// <grain>/<slide>.mp4 extras, <grain>/record.webm takes, soundtrack.m4a) as a capsule: how teachers
// bring their Polymny capsules here. Same safety as bundles (safeZipReader), every media file
// probed, committed by rename; the report says what Polymny's export could not carry.
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ImportReport } from '../../shared/domain/bundle';
import { StudioError, cancelledError, type StudioErrorInfo } from '../../shared/errors';
import { parsePolymnyStructure } from '../../shared/logic/polymnyStructure';
import type { StudioContext } from '../context';
import type { TakeStore } from '../recording/takeStore';
import type { ImportRunOptions } from './bundleImport';
import { commitStagedCapsule, type StagedGrain } from './commitImport';
import { checkImportedMedia, makeThumbnail } from './importedMedia';
import type { SafeZip } from './safeZipReader';

export const POLYMNY_STRUCTURE = 'structure.json';
const MAX_STRUCTURE_BYTES = 8 * 1024 * 1024;

/** `sourceName` is the ZIP's file name (the capsule's title when the export has none). */
export async function importPolymny(ctx: StudioContext, takeStore: TakeStore, zip: SafeZip, staging: string, sourceName: string, options: ImportRunOptions = {}): Promise<ImportReport> {
  const plan = parsePolymnyStructure(await zip.readText(POLYMNY_STRUCTURE, MAX_STRUCTURE_BYTES), path.basename(sourceName, path.extname(sourceName)) || 'Polymny');
  const notes: StudioErrorInfo[] = [...plan.notes];
  const files = zip.fileNames();
  const wanted = new Set<string>();
  const missingRecords: number[] = [];
  plan.grains.forEach((grain, g) => {
    for (const slide of grain.slides) {
      if (!files.has(slide.image)) throw new StudioError('POLYMNY_STRUCTURE_INVALID', `This Polymny export cannot be read: it lacks ${slide.image}.`, { problem: `missing ${slide.image}` });
      wanted.add(slide.image);
      if (slide.extra) {
        if (!files.has(slide.extra)) throw new StudioError('POLYMNY_STRUCTURE_INVALID', `This Polymny export cannot be read: it lacks ${slide.extra}.`, { problem: `missing ${slide.extra}` });
        wanted.add(slide.extra);
      }
    }
    if (grain.record && files.has(grain.record)) wanted.add(grain.record);
    else if (grain.record) missingRecords.push(g + 1);
  });
  if (missingRecords.length > 0) {
    notes.push({ code: 'POLYMNY_RECORD_MISSING', message: `The takes of grains ${missingRecords.join(', ')} are named but not in the export: those grains come without a take.`, details: { grains: missingRecords } });
  }
  const soundTrack = plan.soundTrack && files.has(plan.soundTrack.file) ? plan.soundTrack : null;
  if (plan.soundTrack && !soundTrack) notes.push({ code: 'POLYMNY_SOUND_TRACK_LEFT_OUT', message: 'The background music is named but not in the export: the capsule comes without it.' });
  if (soundTrack) wanted.add(soundTrack.file);

  const raw = path.join(staging, '.polymny');
  const bytesToExtract = [...wanted].reduce((sum, name) => sum + zip.sizeOf(name), 0) || 1;
  let extracted = 0;
  options.progress?.(0, 'bundle_extracting');
  await zip.extract(raw, {
    names: wanted,
    signal: options.signal,
    onBytes: (bytes) => {
      extracted += bytes;
      options.progress?.(0.7 * (extracted / bytesToExtract), 'bundle_extracting');
    },
  });
  const from = (name: string) => path.join(raw, ...name.split('/'));
  for (const dir of ['slides', 'thumbs', 'media', 'takes']) mkdirSync(path.join(staging, dir), { recursive: true });
  const steps = wanted.size || 1;
  let done = 0;
  const stepDone = () => options.progress?.(0.7 + 0.29 * (++done / steps), 'bundle_checking');

  const grains: StagedGrain[] = [];
  for (const [g, grain] of plan.grains.entries()) {
    const slides = [];
    for (const [s, slide] of grain.slides.entries()) {
      if (options.signal?.aborted) throw cancelledError();
      const facts = await checkImportedMedia(from(slide.image), slide.image, 'image', options.signal);
      const image = path.join(staging, 'slides', `${g + 1}-${s + 1}${path.extname(slide.image).toLowerCase() || '.png'}`);
      renameSync(from(slide.image), image);
      const thumb = await makeThumbnail(image, path.join(staging, 'thumbs', `${g + 1}-${s + 1}.png`), options.signal);
      stepDone();
      let extraVideoFile: string | null = null;
      if (slide.extra) {
        await checkImportedMedia(from(slide.extra), slide.extra, 'video', options.signal);
        extraVideoFile = path.join(staging, 'media', `extra-${g + 1}-${s + 1}${path.extname(slide.extra).toLowerCase() || '.mp4'}`);
        renameSync(from(slide.extra), extraVideoFile);
        stepDone();
      }
      slides.push({ imageFile: image, thumbFile: thumb, width: facts.width!, height: facts.height!, pageNumber: null, pageLabel: null, prompt: slide.prompt, extraVideoFile });
    }
    const takes = [];
    if (grain.record && wanted.has(grain.record)) {
      const facts = await checkImportedMedia(from(grain.record), grain.record, 'take', options.signal);
      const id = randomUUID();
      const extension = path.extname(grain.record).toLowerCase() || '.webm';
      const file = path.join(staging, 'takes', `${id}${extension}`);
      renameSync(from(grain.record), file);
      const mime = extension === '.webm' ? (facts.hasVideo ? 'video/webm' : 'audio/webm') : extension === '.mkv' ? 'video/x-matroska' : `video/${extension.slice(1)}`;
      takes.push({ id, attempt: 1, mime, file, events: grain.events, recordedMs: grain.recordedMs, createdAt: new Date().toISOString(), facts, bytes: facts.bytes });
      stepDone();
    }
    grains.push({ title: '', layout: null, slides, takes, active: takes.length > 0 ? 0 : null, trim: null, unrecorded: null, captions: null });
  }
  let music: { path: string; volume: number; duck: boolean } | null = null;
  if (soundTrack) {
    await checkImportedMedia(from(soundTrack.file), soundTrack.file, 'audio', options.signal);
    music = { path: path.join(staging, 'media', `music${path.extname(soundTrack.file).toLowerCase()}`), volume: soundTrack.volume, duck: false };
    renameSync(from(soundTrack.file), music.path);
    stepDone();
  }
  rmSync(raw, { recursive: true, force: true });
  options.progress?.(0.99, 'saving');
  const capsuleId = commitStagedCapsule(ctx, takeStore, {
    title: plan.title,
    kind: 'capsule',
    sourceName: path.basename(sourceName),
    metadata: { importedFrom: 'polymny', importNotes: notes },
    layout: {},
    stagingDir: staging,
    grains,
    montage: { settings: music ? { music } : null, captions: null },
  });
  return {
    capsuleId,
    title: plan.title,
    source: 'polymny',
    grains: grains.length,
    slides: grains.reduce((sum, grain) => sum + grain.slides.length, 0),
    takes: grains.reduce((sum, grain) => sum + grain.takes.length, 0),
    takeExtras: 0,
    notes,
  };
}
