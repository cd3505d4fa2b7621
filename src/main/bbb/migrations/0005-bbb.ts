// Runs in Node (main side). BigBlueButton: server profiles (the secret lives in the secret store) and
// the local cache of each profile's recording list, so the list opens at once and refreshes behind.
import type { Migration } from '../../library/migrations/migration';

export const bbbSchema: Migration = {
  version: 5,
  name: 'bbb',
  up(db) {
    db.exec(`
      CREATE TABLE bbb_profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        api_url TEXT NOT NULL,
        checksum TEXT NOT NULL CHECK (checksum IN ('sha1', 'sha256', 'sha384', 'sha512')),
        meeting_ids_json TEXT NOT NULL DEFAULT '[]',
        meta_filters_json TEXT NOT NULL DEFAULT '{}',
        states_json TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX bbb_profiles_by_name ON bbb_profiles(name);
      CREATE TABLE bbb_recording_cache (
        profile_id TEXT NOT NULL REFERENCES bbb_profiles(id) ON DELETE CASCADE,
        record_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        recording_json TEXT NOT NULL,
        PRIMARY KEY (profile_id, record_id)
      );
      CREATE TABLE bbb_list_state (
        profile_id TEXT PRIMARY KEY REFERENCES bbb_profiles(id) ON DELETE CASCADE,
        fetched_at TEXT NOT NULL,
        paged INTEGER
      );
    `);
  },
};
