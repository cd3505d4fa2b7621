// Runs in Node (main side). Schema 11, the library's part of screen grains (issue #15): a grain shows
// slides or a recorded screen.
import type { SchemaStep } from './migration';

export const grainKindSchema: SchemaStep = (db) => {
  db.exec(`ALTER TABLE grains ADD COLUMN kind TEXT NOT NULL DEFAULT 'slides' CHECK (kind IN ('slides', 'screen'));`);
};
