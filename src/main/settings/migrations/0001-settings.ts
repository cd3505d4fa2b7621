// Runs in Node (main side). Schema 1, the settings' part: preferences and the secret store.
import type { SchemaStep } from '../../library/migrations/migration';

export const settingsCoreSchema: SchemaStep = (db) => {
  db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value_json TEXT NOT NULL
      );
      CREATE TABLE secrets (
        key TEXT PRIMARY KEY,
        ciphertext BLOB NOT NULL,
        encrypted INTEGER NOT NULL
      );
  `);
};
