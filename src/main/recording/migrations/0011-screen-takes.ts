// Runs in Node (main side). Schema 11, the recording's part of screen grains (issue #15): a screen
// grain's take writes the screen to a second file beside the camera's, chunk by chunk.
import type { SchemaStep } from '../../library/migrations/migration';

export const screenTakesSchema: SchemaStep = (db) => {
  db.exec(`
      -- The screen track of a take (NULL: camera only): its file relative to the capsule, and what
      -- was appended so far, as for the camera file (bytes, chunks), then what the probe found.
      ALTER TABLE takes ADD COLUMN screen_file TEXT;
      ALTER TABLE takes ADD COLUMN screen_bytes INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE takes ADD COLUMN screen_chunks INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE takes ADD COLUMN screen_duration_ms INTEGER;
      ALTER TABLE takes ADD COLUMN screen_width INTEGER;
      ALTER TABLE takes ADD COLUMN screen_height INTEGER;
  `);
};
