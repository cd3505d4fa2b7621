// Runs in Node (main side). Screen grains (issue #15): a grain shows slides or a recorded screen, and
// a screen grain's take writes the screen to a second file beside the camera's, chunk by chunk.
import type { Migration } from './migration';

export const screenGrainsSchema: Migration = {
  version: 9,
  name: 'screen-grains',
  up(db) {
    db.exec(`
      ALTER TABLE grains ADD COLUMN kind TEXT NOT NULL DEFAULT 'slides' CHECK (kind IN ('slides', 'screen'));
      -- The screen track of a take (NULL: camera only): its file relative to the capsule, and what
      -- was appended so far, as for the camera file (bytes, chunks), then what the probe found.
      ALTER TABLE takes ADD COLUMN screen_file TEXT;
      ALTER TABLE takes ADD COLUMN screen_bytes INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE takes ADD COLUMN screen_chunks INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE takes ADD COLUMN screen_duration_ms INTEGER;
      ALTER TABLE takes ADD COLUMN screen_width INTEGER;
      ALTER TABLE takes ADD COLUMN screen_height INTEGER;
    `);
  },
};
