// Runs in Node (main side). Schema 1, the job queue's part: persisted jobs.
import type { SchemaStep } from '../../library/migrations/migration';

export const jobsCoreSchema: SchemaStep = (db) => {
  db.exec(`
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        capsule_id TEXT REFERENCES capsules(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        payload_json TEXT NOT NULL DEFAULT '{}',
        result_json TEXT,
        error_json TEXT,
        checkpoint_json TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        not_before TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX jobs_by_state ON jobs(state, kind);
  `);
};
