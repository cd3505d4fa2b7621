// Runs in Node (main side). The pen (issue 15): whether a take's strokes are shown in its preview and
// in the montage. The strokes themselves live in a file beside the take's media (src/main/pen/takeInkFile.ts).
import type { Migration } from '../../library/migrations/migration';

export const takeInkSchema: Migration = {
  version: 10,
  name: 'take-ink',
  up(db) {
    db.exec(`ALTER TABLE takes ADD COLUMN ink_shown INTEGER NOT NULL DEFAULT 1;`);
  },
};
