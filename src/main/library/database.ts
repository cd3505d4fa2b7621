// Runs in Node (main side). Opens the library database: WAL, foreign keys, secure delete, owner-only
// file modes, migrations on user_version.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { migrations as allMigrations } from './migrations/index';
import type { Migration } from './migrations/migration';

export type Db = Database.Database;

export const DATABASE_FILE = 'library.sqlite';

/** The database and the two files SQLite keeps beside it in WAL mode. */
export function databaseFiles(libraryDir: string): string[] {
  const file = path.join(libraryDir, DATABASE_FILE);
  return [file, `${file}-wal`, `${file}-shm`];
}

/**
 * Only the user may read the library: the folder is 0700 and the database files 0600. SQLite creates
 * the -wal and -shm files with the database file's own mode, so creating the database 0600 first
 * covers them; older libraries (0644) are tightened here too. No effect on Windows (ACLs instead).
 */
export function restrictLibraryFiles(libraryDir: string): void {
  if (process.platform === 'win32') return;
  chmodSync(libraryDir, 0o700);
  for (const file of databaseFiles(libraryDir)) if (existsSync(file)) chmodSync(file, 0o600);
  // Top-level folders (capsules, cache, staging) and each capsule folder: 0700, as new ones are made.
  for (const entry of readdirSync(libraryDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    chmodSync(path.join(libraryDir, entry.name), 0o700);
    if (entry.name !== 'capsules') continue;
    for (const capsule of readdirSync(path.join(libraryDir, entry.name), { withFileTypes: true })) {
      if (capsule.isDirectory()) chmodSync(path.join(libraryDir, entry.name, capsule.name), 0o700);
    }
  }
}

export interface OpenDatabaseOptions {
  /** A read-only connection: no migration, no write (the view offered while another process owns the library). */
  readonly?: boolean;
}

export function openDatabase(libraryDir: string, migrations: readonly Migration[] = allMigrations, options: OpenDatabaseOptions = {}): Db {
  const file = path.join(libraryDir, DATABASE_FILE);
  let db: Db;
  try {
    if (!options.readonly) {
      mkdirSync(libraryDir, { recursive: true, mode: 0o700 });
      if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
      restrictLibraryFiles(libraryDir);
    }
    db = new Database(file, { readonly: options.readonly === true, fileMustExist: options.readonly === true });
  } catch (error) {
    throw new StudioError('LIBRARY_UNREADABLE', `The library database cannot be opened: ${(error as Error).message}`, { file });
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (options.readonly) return db;
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only a power cut may lose the last commit.
  db.pragma('synchronous = NORMAL');
  // Deleted rows (an old token, a removed profile) are overwritten with zeros, not left readable in free pages.
  db.pragma('secure_delete = ON');
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: readonly Migration[]): void {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const before = db.pragma('user_version', { simple: true }) as number;
  if (before > latest) throw new StudioError('LIBRARY_TOO_NEW', `This library was written by a newer Capsule Studio (schema ${before}, this version knows ${latest}).`);
  // Up to date: no write transaction at all (a read-only command beside the app takes no write lock).
  if (before === latest) return;
  // One process migrates at a time: the version is read again inside each write transaction.
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    db.transaction(() => {
      const current = db.pragma('user_version', { simple: true }) as number;
      if (current > latest) {
        throw new StudioError('LIBRARY_TOO_NEW', `This library was written by a newer Capsule Studio (schema ${current}, this version knows ${latest}).`);
      }
      if (migration.version <= current) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

export function nowIso(): string {
  return new Date().toISOString();
}
