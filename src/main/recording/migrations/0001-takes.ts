// Runs in Node (main side). Schema 1, the recording's part: the takes table (one row per recording of a grain).
import type { SchemaStep } from '../../library/migrations/migration';

export const takesCoreSchema: SchemaStep = (db) => {
  db.exec(`
      CREATE TABLE takes (
        id TEXT PRIMARY KEY,
        capsule_id TEXT NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
        grain_id TEXT NOT NULL REFERENCES grains(id) ON DELETE CASCADE,
        attempt INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('recording', 'interrupted', 'complete', 'ready', 'failed')),
        mime TEXT NOT NULL,
        file TEXT NOT NULL,
        bytes INTEGER NOT NULL DEFAULT 0,
        chunks INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER,
        recorded_ms INTEGER,
        video_codec TEXT,
        audio_codec TEXT,
        width INTEGER,
        height INTEGER,
        events_json TEXT NOT NULL DEFAULT '[]',
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX takes_by_grain ON takes(grain_id, attempt);
      CREATE INDEX takes_by_state ON takes(state);
  `);
};
