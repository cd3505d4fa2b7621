// Runs everywhere (shared, pure). Reads a capsule bundle's manifest: the format and version are
// checked first (a newer bundle gets its own clear answer), then every field, and every file the
// manifest names must be a safe name that the ZIP holds.
import { StudioError } from '../errors';
import { v, problemsOf, type Validator } from '../validate';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, type BundleManifest } from '../domain/bundle';
import { isSafeEntryName } from './zipEntryName';

const fileName = v.string({ min: 1, max: 512 });
const layout = v.json({ maxChars: 100_000 }) as Validator<Record<string, unknown>>;

const takeEvent = v.object({
  type: v.oneOf('start', 'next_slide', 'prev_slide', 'next_sentence', 'prev_sentence', 'pause', 'resume', 'end'),
  atMs: v.number({ min: 0, max: 24 * 3600 * 1000 }),
  slideIndex: v.number({ integer: true, min: 0, max: 10_000 }),
  sentenceIndex: v.number({ integer: true, min: 0, max: 100_000 }),
});

const unrecorded = v.object({ mode: v.oneOf('leave_out', 'silent'), slideMs: v.optional(v.number({ min: 500, max: 120_000 })) });

const manifestShape = v.object({
  format: v.oneOf(BUNDLE_FORMAT),
  version: v.number({ integer: true, min: 1 }),
  createdAt: v.string({ max: 64 }),
  createdBy: v.string({ max: 200 }),
  takes: v.oneOf('chosen', 'all'),
  capsule: v.object({
    title: v.string({ min: 1, max: 300 }),
    kind: v.oneOf('capsule', 'imported_recording', 'live_recording'),
    sourceName: v.nullable(v.string({ max: 512 })),
    layout,
    metadata: v.json({ maxChars: 1_000_000 }) as Validator<Record<string, unknown>>,
  }),
  montage: v.object({
    settings: v.object({
      denoise: v.boolean(),
      defaultSlideMs: v.number({ min: 0, max: 600_000 }),
      fadeBetweenGrainsMs: v.number({ min: 0, max: 60_000 }),
      music: v.nullable(v.object({ file: fileName, volume: v.number({ min: 0, max: 4 }), duck: v.boolean() })),
    }),
    captions: v.object({
      enabled: v.boolean(),
      cues: v.nullable(
        v.array(v.object({ startMs: v.number({ min: 0 }), endMs: v.number({ min: 0 }), text: v.string({ max: 10_000 }), grain: v.nullable(v.number({ integer: true, min: 0 })) }), { max: 100_000 }),
      ),
      basis: v.nullable(v.string({ max: 256 })),
      fresh: v.optional(v.boolean()),
    }),
  }),
  grains: v.array(
    v.object({
      title: v.string({ max: 300 }),
      layout: v.nullable(layout),
      slides: v.array(
        v.object({
          image: fileName,
          thumb: fileName,
          width: v.number({ integer: true, min: 1, max: 16384 }),
          height: v.number({ integer: true, min: 1, max: 16384 }),
          pageNumber: v.nullable(v.number({ integer: true, min: 0 })),
          pageLabel: v.nullable(v.string({ max: 200 })),
          prompt: v.string({ max: 100_000 }),
          extraVideo: v.nullable(fileName),
        }),
        { min: 1, max: 5000 },
      ),
      takes: v.array(
        v.object({
          key: v.id(),
          attempt: v.number({ integer: true, min: 1 }),
          mime: v.string({ max: 100 }),
          file: fileName,
          events: v.array(takeEvent, { max: 100_000 }),
          recordedMs: v.nullable(v.number({ min: 0 })),
          createdAt: v.string({ max: 64 }),
          // Unknown versions of the extras are read as far as their file list goes (files are files).
          extras: v.optional(v.object({ version: v.number({ integer: true, min: 1 }), files: v.array(v.object({ path: fileName, name: v.string({ min: 1, max: 255 }) }), { max: 1000 }) })),
        }),
        { max: 1000 },
      ),
      activeTake: v.nullable(v.id()),
      trim: v.nullable(v.object({ startMs: v.number({ min: 0 }), endMs: v.number({ min: 0 }) })),
      unrecorded: v.nullable(unrecorded),
      captions: v.nullable(v.boolean()),
    }),
    { min: 1, max: 5000 },
  ),
});

/** Every ZIP path the manifest names (slides, thumbnails, extras, music, takes and their extra files). */
export function manifestFiles(manifest: BundleManifest): string[] {
  const files: string[] = [];
  if (manifest.montage.settings.music) files.push(manifest.montage.settings.music.file);
  for (const grain of manifest.grains) {
    for (const slide of grain.slides) {
      files.push(slide.image, slide.thumb);
      if (slide.extraVideo) files.push(slide.extraVideo);
    }
    for (const take of grain.takes) {
      files.push(take.file);
      for (const extra of take.extras?.files ?? []) files.push(extra.path);
    }
  }
  return files;
}

/**
 * Parses a manifest's text. `entries` are the names the ZIP holds. Throws BUNDLE_VERSION_NEWER for a
 * manifest written by a newer studio, BUNDLE_MANIFEST_INVALID for anything else wrong.
 */
export function parseBundleManifest(text: string, entries: ReadonlySet<string>): BundleManifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new StudioError('BUNDLE_MANIFEST_INVALID', 'The bundle’s manifest is not valid JSON.');
  }
  const head = (typeof data === 'object' && data !== null ? data : {}) as { format?: unknown; version?: unknown };
  if (head.format !== BUNDLE_FORMAT) throw new StudioError('BUNDLE_NOT_CAPSULE', 'This file is not a capsule bundle (its manifest does not say so).');
  if (typeof head.version === 'number' && head.version > BUNDLE_FORMAT_VERSION) {
    throw new StudioError('BUNDLE_VERSION_NEWER', `This bundle was made by a newer Capsule Studio (format ${head.version}; this one reads up to ${BUNDLE_FORMAT_VERSION}). Update Capsule Studio to import it.`, {
      version: head.version,
      supported: BUNDLE_FORMAT_VERSION,
    });
  }
  let manifest: BundleManifest;
  try {
    manifest = manifestShape(data, 'manifest') as BundleManifest;
  } catch (error) {
    const problems = problemsOf(error);
    if (!problems) throw error;
    throw new StudioError('BUNDLE_MANIFEST_INVALID', `The bundle’s manifest is not valid: ${problems.slice(0, 5).join('; ')}`, { problems: problems.slice(0, 20) });
  }
  for (const grain of manifest.grains) {
    const keys = new Set(grain.takes.map((take) => take.key));
    if (keys.size !== grain.takes.length) throw new StudioError('BUNDLE_MANIFEST_INVALID', 'The bundle’s manifest names a take twice.');
    if (grain.activeTake !== null && !keys.has(grain.activeTake)) throw new StudioError('BUNDLE_MANIFEST_INVALID', 'The bundle’s manifest chooses a take it does not carry.');
    for (const take of grain.takes) {
      for (const extra of take.extras?.files ?? []) {
        if (!isSafeEntryName(extra.name)) throw new StudioError('BUNDLE_UNSAFE_PATH', 'A take’s extra file has an unsafe name.', { name: extra.name.slice(0, 100) });
      }
    }
  }
  for (const file of manifestFiles(manifest)) {
    if (!isSafeEntryName(file)) throw new StudioError('BUNDLE_UNSAFE_PATH', 'The bundle’s manifest names a file outside the bundle.', { name: file.slice(0, 100) });
    if (!entries.has(file)) throw new StudioError('BUNDLE_MANIFEST_INVALID', `The bundle’s manifest names ${file}, which the bundle does not hold.`, { name: file.slice(0, 100) });
  }
  return manifest;
}
