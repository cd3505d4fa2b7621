// Runs in Node (tests). The capsule library on a real SQLite file and real files on disk.
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createStudio, type Studio } from '../../src/main/studio';
import { migrate, openDatabase } from '../../src/main/library/database';
import { newStagingDir, sweepOrphans } from '../../src/main/library/capsuleFiles';
import { createLogger } from '../../src/main/log';
import { tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);
let studio: Studio | null = null;
afterEach(async () => {
  await studio?.close();
  studio = null;
});

async function openStudio(libraryDir: string): Promise<Studio> {
  studio = await createStudio({ libraryDir, binding: 'cli', log: quiet });
  return studio;
}

/** A capsule of `count` slides committed from a staging folder, as an import would. */
function stageCapsule(s: Studio, count: number, groups?: number[]) {
  const staging = newStagingDir(s.context.libraryDir, `stage-${Math.random().toString(36).slice(2)}`);
  mkdirSync(path.join(staging, 'slides'));
  const slides = Array.from({ length: count }, (_, index) => {
    const imageFile = path.join(staging, 'slides', `${index}.png`);
    const thumbFile = path.join(staging, 'slides', `${index}.thumb.png`);
    writeFileSync(imageFile, `image ${index}`);
    writeFileSync(thumbFile, `thumb ${index}`);
    return { imageFile, thumbFile, width: 1920, height: 1080, pageNumber: index + 1, pageLabel: null, prompt: `Sentence ${index}.`, group: groups?.[index] };
  });
  return s.context.library.create({ title: 'Cours', stagingDir: staging, slides });
}

describe('database', () => {
  it('uses WAL and migrates by user_version, once', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const version = db.pragma('user_version', { simple: true }) as number;
    expect(version).toBeGreaterThanOrEqual(1);
    db.close();
    const again = openDatabase(dir);
    expect(again.pragma('user_version', { simple: true })).toBe(version);
    again.close();
  });

  it('rolls back a failing migration as a whole', () => {
    const db = new Database(':memory:');
    expect(() =>
      migrate(db, [
        { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x)') },
        { version: 2, name: 'broken', up: (d) => d.exec('CREATE TABLE b (y); INSERT INTO nowhere VALUES (1)') },
      ]),
    ).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
  });

  it('refuses a library written by a newer version', () => {
    const db = new Database(':memory:');
    db.pragma('user_version = 99');
    expect(() => migrate(db, [{ version: 1, name: 'x', up: () => undefined }])).toThrow(/newer Capsule Studio/);
  });
});

describe('capsule library', () => {
  it('commits a staged capsule: folder moved, rows inserted, one grain per slide by default', async () => {
    const s = await openStudio(tempDir());
    const capsule = stageCapsule(s, 3);
    expect(capsule.grains).toHaveLength(3);
    expect(capsule.grains.map((g) => g.slides[0]!.prompt)).toEqual(['Sentence 0.', 'Sentence 1.', 'Sentence 2.']);
    const slide = capsule.grains[0]!.slides[0]!;
    expect(slide.imagePath.startsWith(capsule.directory)).toBe(true);
    expect(existsSync(slide.imagePath)).toBe(true);
    expect(s.context.media.resolve(slide.image)).toBe(slide.imagePath);
    expect(() => s.context.media.resolve('slide/../../etc')).toThrow(/No media/);
    expect(readdirSync(path.join(s.context.libraryDir, 'staging'))).toEqual([]);
  });

  it('groups slides into grains, splits, merges and reorders in transactions', async () => {
    const s = await openStudio(tempDir());
    const capsule = stageCapsule(s, 4, [0, 0, 1, 1]);
    expect(capsule.grains.map((g) => g.slides.length)).toEqual([2, 2]);
    const [first, second] = capsule.grains;
    let after = await s.calls.splitGrainAt(first!.slides[1]!.id);
    expect(after.grains.map((g) => g.slides.map((sl) => sl.pageNumber))).toEqual([[1], [2], [3, 4]]);
    after = await s.calls.mergeGrainWithPrevious(after.grains[1]!.id);
    expect(after.grains.map((g) => g.slides.map((sl) => sl.pageNumber))).toEqual([[1, 2], [3, 4]]);
    after = await s.calls.moveSlide(second!.slides[1]!.id, first!.id, 0);
    expect(after.grains.map((g) => g.slides.map((sl) => sl.pageNumber))).toEqual([[4, 1, 2], [3]]);
    after = await s.calls.moveGrain(after.grains[1]!.id, 0);
    expect(after.grains.map((g) => g.slides.map((sl) => sl.pageNumber))).toEqual([[3], [4, 1, 2]]);
    // Moving the last slide out of a grain removes the empty grain.
    after = await s.calls.moveSlide(after.grains[0]!.slides[0]!.id, after.grains[1]!.id, 3);
    expect(after.grains.map((g) => g.slides.map((sl) => sl.pageNumber))).toEqual([[4, 1, 2, 3]]);
    await expect(s.calls.mergeGrainWithPrevious(after.grains[0]!.id)).rejects.toMatchObject({ code: 'BAD_ARGS' });
  });

  it('edits prompts, renames, duplicates with files, and deletes leaving nothing behind', async () => {
    const s = await openStudio(tempDir());
    const capsule = stageCapsule(s, 2);
    const slideId = capsule.grains[0]!.slides[0]!.id;
    await s.calls.updateSlidePrompt(slideId, 'Bonjour à tous.\r\nAujourd’hui : les piles.');
    await s.calls.renameCapsule(capsule.id, '  Cours 2  ');
    const copy = await s.calls.duplicateCapsule(capsule.id);
    expect(copy.title).toBe('Cours 2 (copy)');
    const copied = await s.calls.getCapsule(copy.id);
    expect(copied.grains[0]!.slides[0]!.prompt).toBe('Bonjour à tous.\nAujourd’hui : les piles.');
    expect(existsSync(copied.grains[0]!.slides[0]!.imagePath)).toBe(true);
    expect(copied.directory).not.toBe(capsule.directory);

    await s.calls.deleteCapsule(capsule.id);
    expect(existsSync(capsule.directory)).toBe(false);
    await expect(s.calls.getCapsule(capsule.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await s.calls.listCapsules()).map((c) => c.id)).toEqual([copy.id]);
    expect(existsSync(copied.grains[0]!.slides[0]!.imagePath)).toBe(true);
    const counts = s.database.prepare('SELECT (SELECT COUNT(*) FROM slides) AS slides, (SELECT COUNT(*) FROM grains) AS grains').get();
    expect(counts).toEqual({ slides: 2, grains: 2 });
  });

  it('leaves the library unchanged when a commit fails', async () => {
    const s = await openStudio(tempDir());
    const staging = newStagingDir(s.context.libraryDir, 'bad');
    expect(() =>
      s.context.library.create({ title: 'x', stagingDir: staging, slides: [{ imageFile: '/elsewhere/a.png', thumbFile: '/elsewhere/b.png', width: 1, height: 1, pageNumber: 1, pageLabel: null, prompt: '' }] }),
    ).toThrow(/outside the staged capsule/);
    expect(await s.calls.listCapsules()).toEqual([]);
    expect(readdirSync(path.join(s.context.libraryDir, 'capsules'))).toEqual([]);
  });

  it('sweeps old orphaned folders but not fresh ones (another process may be committing)', async () => {
    const s = await openStudio(tempDir());
    const root = path.join(s.context.libraryDir, 'capsules');
    mkdirSync(path.join(root, 'orphan-old'), { recursive: true });
    mkdirSync(path.join(root, 'orphan-new'), { recursive: true });
    const old = new Date(Date.now() - 3600_000);
    utimesSync(path.join(root, 'orphan-old'), old, old);
    const removed = sweepOrphans(s.context.library, s.context.libraryDir);
    expect(removed.map((p) => path.basename(p))).toEqual(['orphan-old']);
    expect(existsSync(path.join(root, 'orphan-new'))).toBe(true);
  });

  it('stores settings and secrets, and says when secrets are not encrypted', async () => {
    const s = await openStudio(tempDir());
    expect(await s.calls.updateSettings({ language: 'fr', pdfMaxPages: 200 })).toMatchObject({ language: 'fr', pdfMaxPages: 200 });
    expect(await s.calls.updateSettings({ language: null })).toEqual({ pdfMaxPages: 200 });
    await s.context.secrets.set('pod:token', 's3cr3t');
    expect(await s.context.secrets.get('pod:token')).toBe('s3cr3t');
    expect((await s.calls.getAppInfo()).secretsEncrypted).toBe(false);
  });
});
