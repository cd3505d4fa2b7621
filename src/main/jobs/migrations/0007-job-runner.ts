// Runs in Node (main side). Schema 7, the job queue's part: which process runs each job.
import type { SchemaStep } from '../../library/migrations/migration';

export const jobRunnerSchema: SchemaStep = (db) => {
  db.exec(`
      -- The owner token of the process running the job: only a gone owner's jobs are re-queued.
      ALTER TABLE jobs ADD COLUMN runner TEXT;
  `);
};
