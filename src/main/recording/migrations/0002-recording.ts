// Runs in Node (main side). Recording: what a take's file holds (audio/video present) and whether an
// interrupted take was repaired and is waiting for the user to keep or discard it.
import type { Migration } from '../../library/migrations/migration';

export const recordingSchema: Migration = {
  version: 2,
  name: 'recording',
  up(db) {
    db.exec(`
      ALTER TABLE takes ADD COLUMN has_audio INTEGER;
      ALTER TABLE takes ADD COLUMN has_video INTEGER;
      -- NULL: a normal take; 'pending': repaired after a crash, not yet seen by the user; 'kept': the user kept it.
      ALTER TABLE takes ADD COLUMN recovery TEXT CHECK (recovery IS NULL OR recovery IN ('pending', 'kept'));
      -- Media time already in the file when the take was interrupted (from the last complete block).
      ALTER TABLE takes ADD COLUMN recovered_ms INTEGER;
      -- The process writing a take in 'recording' state: recovery leaves alone a take whose writer is alive.
      ALTER TABLE takes ADD COLUMN writer_pid INTEGER;
      CREATE INDEX takes_by_recovery ON takes(recovery);
    `);
  },
};
