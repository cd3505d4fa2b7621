// Runs in Node (main side). Schema 7, the library's part: which process owns the library (pid, host,
// heartbeat), and the scratch files and FFmpeg children a crash could leave behind.
import type { SchemaStep } from './migration';

export const libraryOwnershipSchema: SchemaStep = (db) => {
  db.exec(`
      CREATE TABLE IF NOT EXISTS library_owner (
        slot INTEGER PRIMARY KEY CHECK (slot = 1),
        token TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        -- /proc start time of the owner on Linux (tells a live owner from a reused pid), else null.
        pid_start TEXT,
        purpose TEXT NOT NULL,
        started_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
      );
      CREATE TABLE scratch_entries (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('file', 'dir', 'process')),
        path TEXT NOT NULL,
        pid INTEGER,
        runner TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX scratch_entries_by_runner ON scratch_entries(runner);
  `);
};
