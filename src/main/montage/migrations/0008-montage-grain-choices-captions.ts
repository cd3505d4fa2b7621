// Runs in Node (main side). Montage decisions of issue 11: what to do with a grain that has no take
// (leave it out of the video, or show its slides silently for a chosen time) and the captions a
// teacher reviewed (edited cues, captions on or off per capsule and per grain).
import type { Migration } from '../../library/migrations/migration';

export const montageGrainChoicesCaptionsSchema: Migration = {
  version: 8,
  name: 'montage-grain-choices-captions',
  up(db) {
    db.exec(`
      CREATE TABLE montage_grain_choices (
        grain_id TEXT PRIMARY KEY REFERENCES grains(id) ON DELETE CASCADE,
        mode TEXT NOT NULL CHECK (mode IN ('leave_out', 'silent')),
        slide_ms INTEGER
      );
      CREATE TABLE montage_captions (
        capsule_id TEXT PRIMARY KEY REFERENCES capsules(id) ON DELETE CASCADE,
        enabled INTEGER NOT NULL DEFAULT 1,
        -- Per grain on/off chosen by the teacher, by grain id; grains not listed follow the default.
        grains_json TEXT NOT NULL DEFAULT '{}',
        -- Cues edited by the teacher (capsule time), or NULL for the automatic ones.
        cues_json TEXT,
        -- Fingerprint of the automatic cues the edits started from, to tell when they are stale.
        basis TEXT,
        updated_at TEXT NOT NULL
      );
    `);
  },
};
