// Runs in Node (main side). Montage: per-capsule montage settings, per-grain trims, the segment
// cache index and the list of finished renders.
import type { Migration } from '../../library/migrations/migration';

export const montageSchema: Migration = {
  version: 3,
  name: 'montage',
  up(db) {
    db.exec(`
      CREATE TABLE montage_settings (
        capsule_id TEXT PRIMARY KEY REFERENCES capsules(id) ON DELETE CASCADE,
        settings_json TEXT NOT NULL
      );
      CREATE TABLE montage_trims (
        grain_id TEXT PRIMARY KEY REFERENCES grains(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL
      );
      -- Segments are files named by their hash; rows let the cache be listed and swept.
      CREATE TABLE montage_segments (
        hash TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('video', 'audio')),
        file TEXT NOT NULL,
        capsule_id TEXT,
        grain_id TEXT,
        duration_ms INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        used_at TEXT NOT NULL,
        PRIMARY KEY (hash, kind)
      );
      CREATE INDEX montage_segments_by_grain ON montage_segments(grain_id);
      CREATE TABLE montage_renders (
        id TEXT PRIMARY KEY,
        capsule_id TEXT NOT NULL REFERENCES capsules(id) ON DELETE CASCADE,
        job_id TEXT,
        output_json TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX montage_renders_by_capsule ON montage_renders(capsule_id, created_at);
    `);
  },
};
