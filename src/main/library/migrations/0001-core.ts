// Runs in Node (main side). The capsule library: capsules, grains, slides, takes, settings, secrets, jobs.
import type { Migration } from './migration';

export const coreSchema: Migration = {
  version: 1,
  name: 'core',
  up(db) {
    db.exec(`
      CREATE TABLE capsules (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'capsule' CHECK (kind IN ('capsule', 'imported_recording', 'live_recording')),
        source_name TEXT,
        layout_json TEXT NOT NULL DEFAULT '{}',
        metadata_json TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE grains (
        id TEXT PRIMARY KEY,
        capsule_id TEXT NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        active_take_id TEXT,
        layout_json TEXT
      );
      CREATE INDEX grains_by_capsule ON grains(capsule_id, position);
      CREATE TABLE slides (
        id TEXT PRIMARY KEY,
        capsule_id TEXT NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
        grain_id TEXT NOT NULL REFERENCES grains(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        page_number INTEGER,
        page_label TEXT,
        prompt TEXT NOT NULL DEFAULT '',
        image_file TEXT NOT NULL,
        thumb_file TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        extra_video_file TEXT
      );
      CREATE INDEX slides_by_grain ON slides(grain_id, position);
      CREATE INDEX slides_by_capsule ON slides(capsule_id);
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
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
      CREATE TABLE secrets (
        key TEXT PRIMARY KEY,
        ciphertext BLOB NOT NULL,
        encrypted INTEGER NOT NULL
      );
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
  },
};
