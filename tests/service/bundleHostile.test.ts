// Runs in Node (service tests). Imports are hostile input: ZIPs built here with yazl (then patched
// where yazl itself refuses to write a bad name) try zip-slip, absolute names, a symbolic link, a ZIP
// bomb, too many entries, too many bytes, a truncated file, a damaged entry, a newer format, a
// manifest naming a missing file and a "picture" that is text. Each is refused with its own code,
// and the library (rows, capsule folders, staging) is exactly as before; nothing lands outside it.
import { createWriteStream, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { BUNDLE_MAX_BYTES_SETTING, BUNDLE_MAX_ENTRIES_SETTING } from '../../src/main/bundle/bundleJobs';
import { BUNDLE_FORMAT, type BundleManifest } from '../../src/shared/domain/bundle';
import type { StudioError, StudioErrorInfo } from '../../src/shared/errors';
import { tempDir } from '../support/tempDir';
import { createCapsule, makeSlide } from '../support/montageFixtures';

interface Entry {
  name: string;
  data: Buffer;
  mode?: number;
  compress?: boolean;
}

async function writeZip(file: string, entries: Entry[]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const entry of entries) zip.addBuffer(entry.data, entry.name, { compress: entry.compress ?? false, ...(entry.mode ? { mode: entry.mode } : {}) });
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
  return file;
}

/** Rewrites a name in both the local header and the central directory (same length: offsets stay). */
function patchName(file: string, from: string, to: string): void {
  expect(to.length).toBe(from.length);
  const bytes = readFileSync(file);
  const needle = Buffer.from(from);
  let at = bytes.indexOf(needle);
  let count = 0;
  while (at >= 0) {
    Buffer.from(to).copy(bytes, at);
    count += 1;
    at = bytes.indexOf(needle, at + 1);
  }
  expect(count).toBe(2);
  writeFileSync(file, bytes);
}

function manifestFor(image: string, overrides: Partial<BundleManifest> = {}): BundleManifest {
  return {
    format: BUNDLE_FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    createdBy: 'test',
    takes: 'chosen',
    capsule: { title: 'Hostile', kind: 'capsule', sourceName: null, layout: {}, metadata: {} },
    montage: { settings: { denoise: true, defaultSlideMs: 3000, fadeBetweenGrainsMs: 0, music: null }, captions: { enabled: true, cues: null, basis: null } },
    grains: [
      {
        title: '',
        layout: null,
        slides: [{ image, thumb: image, width: 1920, height: 1080, pageNumber: 1, pageLabel: null, prompt: 'Bonjour.', extraVideo: null }],
        takes: [],
        activeTake: null,
        trim: null,
        unrecorded: null,
        captions: null,
      },
    ],
    ...overrides,
  };
}

describe('hostile bundles are refused and the library stays as it was', () => {
  const dir = tempDir('bundle-hostile-');
  const libraryDir = path.join(dir, 'library');
  let studio: Studio;
  let slidePng: Buffer;

  beforeAll(async () => {
    studio = await createStudio({ libraryDir, binding: 'cli', log: createLogger(() => undefined, true) });
    slidePng = readFileSync(await makeSlide(path.join(dir, 'slide.png'), 'white', 'Slide'));
    createCapsule(studio.context, 'Already here', [{ image: path.join(dir, 'slide.png'), prompt: 'Déjà là.', group: 0 }]);
  });

  afterAll(async () => {
    await studio?.close();
  });

  function librarySnapshot() {
    const list = (sub: string) => (existsSync(path.join(libraryDir, sub)) ? readdirSync(path.join(libraryDir, sub)).sort() : []);
    return { capsules: studio.context.library.list().map((c) => c.id), folders: list('capsules'), staging: list('staging'), outside: readdirSync(dir).sort() };
  }

  async function refused(file: string): Promise<StudioErrorInfo> {
    const before = librarySnapshot();
    const error = (await studio.calls.importCapsuleFile({ source: { path: file } }).then(
      () => null,
      (failure: StudioError): StudioErrorInfo => ({ code: failure.code, message: failure.message, ...(failure.details ? { details: failure.details } : {}) }),
    ))!;
    expect(error, 'the import should have been refused').not.toBeNull();
    expect(librarySnapshot()).toEqual(before);
    return error;
  }

  it('refuses zip-slip (../) and absolute names before writing anything', async () => {
    const slip = await writeZip(path.join(dir, 'slip.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) },
      { name: 'slides/1.png', data: slidePng },
      { name: 'xx/evil.txt', data: Buffer.from('pwned') },
    ]);
    patchName(slip, 'xx/evil.txt', '../evil.txt');
    expect((await refused(slip)).code).toBe('BUNDLE_UNSAFE_PATH');
    expect(existsSync(path.join(libraryDir, 'evil.txt'))).toBe(false);
    expect(existsSync(path.join(libraryDir, 'staging', 'evil.txt'))).toBe(false);

    const deep = await writeZip(path.join(dir, 'deep.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) },
      { name: 'slides/1.png', data: slidePng },
      { name: 'slides/xx/xx/xx/xx/evil.txt', data: Buffer.from('pwned') },
    ]);
    patchName(deep, 'slides/xx/xx/xx/xx/evil.txt', 'slides/../../../../evil.txt');
    expect((await refused(deep)).code).toBe('BUNDLE_UNSAFE_PATH');

    const absolute = await writeZip(path.join(dir, 'absolute.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) },
      { name: 'slides/1.png', data: slidePng },
      { name: 'ytmp/evil.txt', data: Buffer.from('pwned') },
    ]);
    patchName(absolute, 'ytmp/evil.txt', '/tmp/evil.txt');
    expect((await refused(absolute)).code).toBe('BUNDLE_UNSAFE_PATH');

    // A manifest naming a file outside the bundle is refused too, even when the ZIP itself is clean.
    const named = await writeZip(path.join(dir, 'named.capsule'), [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('../../etc/passwd'))) }]);
    expect((await refused(named)).code).toBe('BUNDLE_UNSAFE_PATH');
  });

  it('refuses a symbolic link', async () => {
    const link = await writeZip(path.join(dir, 'link.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) },
      // A Unix symlink entry: mode S_IFLNK, the data is the link's target.
      { name: 'slides/1.png', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
    ]);
    const error = await refused(link);
    expect(error.code).toBe('BUNDLE_LINK');
  });

  it('refuses a ZIP bomb, too many entries and too many bytes, saying which limit was hit', async () => {
    const bomb = await writeZip(path.join(dir, 'bomb.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) },
      { name: 'slides/1.png', data: Buffer.alloc(64 * 1024 * 1024), compress: true },
    ]);
    const bombError = await refused(bomb);
    expect(bombError).toMatchObject({ code: 'BUNDLE_TOO_LARGE', details: { limit: 'ratio' } });

    const settings = studio.context.settings;
    settings.set(BUNDLE_MAX_ENTRIES_SETTING, 50);
    try {
      const many = await writeZip(
        path.join(dir, 'many.capsule'),
        Array.from({ length: 60 }, (_, index) => ({ name: `notes/${index}.txt`, data: Buffer.from(String(index)) })),
      );
      expect(await refused(many)).toMatchObject({ code: 'BUNDLE_TOO_MANY_ENTRIES', details: { limit: 'entries', max: 50 } });
    } finally {
      settings.set(BUNDLE_MAX_ENTRIES_SETTING, 20_000);
    }

    settings.set(BUNDLE_MAX_BYTES_SETTING, 1024 * 1024);
    try {
      // Random bytes do not compress: a plain large file, over the size limit an IT team set.
      const large = await writeZip(path.join(dir, 'large.capsule'), [
        { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) },
        { name: 'slides/1.png', data: randomBytes(2 * 1024 * 1024) },
      ]);
      expect(await refused(large)).toMatchObject({ code: 'BUNDLE_TOO_LARGE', details: { limit: 'totalBytes', max: 1024 * 1024 } });
    } finally {
      settings.set(BUNDLE_MAX_BYTES_SETTING, 32 * 1024 ** 3);
    }
  });

  it('refuses a truncated file and a damaged entry', async () => {
    const good = await writeZip(path.join(dir, 'good.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) },
      { name: 'slides/1.png', data: slidePng },
    ]);
    const bytes = readFileSync(good);
    const truncated = path.join(dir, 'truncated.capsule');
    writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect((await refused(truncated)).code).toBe('BUNDLE_CORRUPT');

    // One byte changed inside the stored PNG: its CRC-32 no longer matches.
    const damaged = path.join(dir, 'damaged.capsule');
    const copy = Buffer.from(bytes);
    const pngAt = copy.indexOf(slidePng.subarray(0, 16));
    copy[pngAt + 200] = copy[pngAt + 200]! ^ 0xff;
    writeFileSync(damaged, copy);
    expect((await refused(damaged)).code).toBe('BUNDLE_CORRUPT');

    // The same bundle, intact, is imported: the refusals above came from the damage alone.
    const report = await studio.calls.importCapsuleFile({ source: { path: good } });
    expect(report).toMatchObject({ source: 'bundle', grains: 1, slides: 1, takes: 0 });
    await studio.calls.deleteCapsule(report.capsuleId);
  });

  it('says a newer format needs a newer studio, and refuses a ZIP that is not a capsule', async () => {
    const newer = await writeZip(path.join(dir, 'newer.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify({ ...manifestFor('slides/1.png'), version: 99, somethingNew: { grains: 'elsewhere' } })) },
      { name: 'slides/1.png', data: slidePng },
    ]);
    expect(await refused(newer)).toMatchObject({ code: 'BUNDLE_VERSION_NEWER', details: { version: 99, supported: 1 } });

    const other = await writeZip(path.join(dir, 'photos.zip'), [{ name: 'holiday.jpg', data: slidePng }]);
    expect((await refused(other)).code).toBe('BUNDLE_NOT_CAPSULE');
  });

  it('a cancelled import leaves nothing behind', async () => {
    const slides = Array.from({ length: 40 }, (_, index) => ({ image: `slides/${index + 1}.png`, thumb: `slides/${index + 1}.png`, width: 1920, height: 1080, pageNumber: index + 1, pageLabel: null, prompt: '', extraVideo: null }));
    const base = manifestFor('slides/1.png');
    const many = await writeZip(path.join(dir, 'long.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify({ ...base, grains: [{ ...base.grains[0]!, slides }] })) },
      ...slides.map((slide) => ({ name: slide.image, data: slidePng })),
    ]);
    const jobId = 'cancel-import-test';
    // Cancelled as soon as the job reports that it is checking files (each one probed by ffprobe).
    const off = studio.context.events.subscribe((name, payload) => {
      const job = payload as { id?: string; stage?: string | null; state?: string };
      if (name === 'job.progress' && job.id === jobId && job.stage === 'bundle_checking' && job.state === 'running') {
        off();
        void studio.calls.cancelJob(jobId);
      }
    });
    const before = librarySnapshot();
    const outcome = await studio.calls.importCapsuleFile({ source: { path: many }, jobId }).then(
      () => 'imported',
      (error: StudioError) => error.code,
    );
    off();
    expect(outcome).toBe('CANCELLED');
    expect(librarySnapshot()).toEqual(before);
  });

  it('refuses a manifest naming a missing file and a "picture" that ffprobe cannot read', async () => {
    const missing = await writeZip(path.join(dir, 'missing.capsule'), [{ name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) }]);
    expect((await refused(missing)).code).toBe('BUNDLE_MANIFEST_INVALID');

    const fake = await writeZip(path.join(dir, 'fake.capsule'), [
      { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifestFor('slides/1.png'))) },
      { name: 'slides/1.png', data: Buffer.from('this is not a picture\n'.repeat(50)) },
    ]);
    expect(await refused(fake)).toMatchObject({ code: 'BUNDLE_MEDIA_INVALID', details: { file: 'slides/1.png' } });
  });
});
