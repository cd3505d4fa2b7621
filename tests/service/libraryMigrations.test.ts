// Runs in Node (tests). Libraries made before each domain kept its own migration files still open and
// migrate: the schema steps keep their numbers and order, whichever folder holds them.
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, migrate, openDatabase, type Db } from '../../src/main/library/database';
import { migrations } from '../../src/main/library/migrations/index';
import { createLogger } from '../../src/main/log';
import { createStudio, type Studio } from '../../src/main/studio';
import { fixturesDir, tempDir } from '../support/tempDir';

/** sqlite_master of a library made at version 8 by the code of commit f1c8a96 (migrations all in src/main/library/migrations/). */
const SNAPSHOT_V8 = JSON.parse(readFileSync(path.join(fixturesDir, 'library', 'schema-v8.json'), 'utf8')) as { userVersion: number; objects: unknown[] };
const LATEST = Math.max(...migrations.map((step) => step.version));

function schemaOf(db: Db): unknown[] {
  return db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
}

let studio: Studio | null = null;
afterEach(async () => {
  await studio?.close();
  studio = null;
});

describe('library migrations kept in their domains', () => {
  it('number the steps 1, 2, 3… with no gap and no repeat', () => {
    expect(migrations.map((step) => step.version)).toEqual(Array.from({ length: migrations.length }, (_, index) => index + 1));
  });

  it('build, up to version 8, exactly the schema the single migrations folder built', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      migrations.filter((step) => step.version <= SNAPSHOT_V8.userVersion),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(SNAPSHOT_V8.userVersion);
    expect(schemaOf(db)).toEqual(SNAPSHOT_V8.objects);
    db.close();
  });

  it.each(Array.from({ length: LATEST - 1 }, (_, index) => index + 1))('migrate a library left at version %i to the schema of a new library', (version) => {
    const fresh = openDatabase(tempDir());
    const expected = schemaOf(fresh);
    fresh.close();

    const dir = tempDir();
    const old = new Database(path.join(dir, DATABASE_FILE));
    migrate(
      old,
      migrations.filter((step) => step.version <= version),
    );
    expect(old.pragma('user_version', { simple: true })).toBe(version);
    old.close();

    const reopened = openDatabase(dir);
    expect(reopened.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(schemaOf(reopened)).toEqual(expected);
    reopened.close();
  });

  it('open a version-1 library written by the code before the move, with its capsule, take and settings', async () => {
    const dir = tempDir();
    // Written by commit f1c8a96's migrations 0001 (see tests/fixtures/README.md, library/).
    copyFileSync(path.join(fixturesDir, 'library', 'library-v1.sqlite'), path.join(dir, DATABASE_FILE));
    studio = await createStudio({ libraryDir: dir, binding: 'cli', log: createLogger(() => undefined), startJobs: false });
    const capsule = studio.context.library.get('c1');
    expect(capsule.title).toBe('Capsule v1');
    expect(capsule.grains.map((grain) => [grain.id, grain.activeTakeId, grain.slides.map((slide) => slide.prompt)])).toEqual([['g1', 't1', ['Bonjour']]]);
    expect(studio.context.stores.takes.getTake('t1')).toMatchObject({ grainId: 'g1', state: 'ready', isActive: true, durationMs: 5000, hasAudio: null, recovery: null });
    expect(studio.context.settings.get('locale', 'en')).toBe('fr');
    expect(studio.context.jobs.list().map((job) => [job.id, job.state])).toContainEqual(['j1', 'done']);
  });
});
