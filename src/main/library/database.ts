// Runs in Node (main side). Opens the library database: WAL, foreign keys, migrations on user_version.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { migrations as allMigrations } from './migrations/index';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

export const DATABASE_FILE = 'library.sqlite';

export function openDatabase(libraryDir: string, migrations: readonly Migration[] = allMigrations): Db {
  mkdirSync(libraryDir, { recursive: true });
  const file = path.join(libraryDir, DATABASE_FILE);
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw new StudioError('LIBRARY_UNREADABLE', `The library database cannot be opened: ${(error as Error).message}`, { file });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // NORMAL is durable across application crashes in WAL mode; only a power cut may lose the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new StudioError('LIBRARY_TOO_NEW', `This library was written by a newer Capsule Studio (schema ${current}, this version knows ${latest}).`);
  }
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
