// Runs in Node (main side). One schema step. `version` is the value PRAGMA user_version takes after it.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** One domain's share of a schema step that created tables for several domains at once (versions 1 and 7). */
export type SchemaStep = (db: Database.Database) => void;

/** A schema step made of domains' shares, run in the given order inside the step's one transaction. */
export function sharedMigration(version: number, name: string, steps: readonly SchemaStep[]): Migration {
  return {
    version,
    name,
    up(db) {
      for (const step of steps) step(db);
    },
  };
}
