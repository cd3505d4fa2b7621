// Runs in Node (main side). One schema step. `version` is the value PRAGMA user_version takes after it.
import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}
