// Runs in Node (main side). One library, one owner: which process owns the library (pid, host, heartbeat),
// which process runs each job, and the scratch files and FFmpeg children a crash could leave behind.
import type { Migration } from './migration';

export const ownershipSchema: Migration = {
  version: 7,
  name: 'ownership',
  up(db) {
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
      -- The owner token of the process running the job: only a gone owner's jobs are re-queued.
      ALTER TABLE jobs ADD COLUMN runner TEXT;
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
  },
};
