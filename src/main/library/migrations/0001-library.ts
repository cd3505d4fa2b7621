// Runs in Node (main side). Schema 1, the library's part: capsules, their grains and their slides.
import type { SchemaStep } from './migration';

export const libraryCoreSchema: SchemaStep = (db) => {
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
  `);
};
