// Runs in Node (main side). The virtual background of a take (issue #15): the camera file stays as
// recorded; the picture with the effect (made in the renderer, where the segmentation model runs) is a
// second file beside it, and the effect chosen is stored with the take, so it can be turned off later.
import type { Migration } from '../../library/migrations/migration';

export const takeBackgroundSchema: Migration = {
  version: 12,
  name: 'take-background',
  up(db) {
    db.exec(`
      ALTER TABLE takes ADD COLUMN processed_file TEXT;
      ALTER TABLE takes ADD COLUMN processed_bytes INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE takes ADD COLUMN processed_chunks INTEGER NOT NULL DEFAULT 0;
      -- The BackgroundEffect recorded (JSON); its mode 'none' means the montage uses the camera as filmed.
      ALTER TABLE takes ADD COLUMN background_json TEXT;
    `);
  },
};
