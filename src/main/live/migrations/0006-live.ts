// Runs in Node (main side). Live streaming: saved RTMP targets (their stream keys live in the secret
// store, never here) and a history of live sessions with their final health and local recording.
import type { Migration } from '../../library/migrations/migration';

export const liveSchema: Migration = {
  version: 6,
  name: 'live',
  up(db) {
    db.exec(`
      CREATE TABLE live_stream_profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        server_url TEXT NOT NULL,
        pod_profile_id TEXT,
        broadcaster_slug TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE live_sessions (
        id TEXT PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        -- Target URLs with their stream keys masked.
        targets_json TEXT NOT NULL DEFAULT '[]',
        encoding_json TEXT NOT NULL DEFAULT '{}',
        final_health_json TEXT,
        recording_capsule_id TEXT REFERENCES capsules(id) ON DELETE SET NULL
      );
      CREATE INDEX live_sessions_by_start ON live_sessions(started_at);
    `);
  },
};
