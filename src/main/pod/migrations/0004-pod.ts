// Runs in Node (main side). Publishing to Esup-Pod: server profiles (with remembered metadata defaults),
// each profile's cached vocabularies, and the publications made (for re-publication and links).
import type { Migration } from '../../library/migrations/migration';

export const podSchema: Migration = {
  version: 4,
  name: 'pod',
  up(db) {
    db.exec(`
      CREATE TABLE pod_profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        base_url TEXT NOT NULL,
        username TEXT NOT NULL DEFAULT '',
        owner_url TEXT,
        owner_name TEXT,
        defaults_json TEXT NOT NULL DEFAULT '{}',
        provisioned INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE pod_vocabularies (
        profile_id TEXT PRIMARY KEY REFERENCES pod_profiles(id) ON DELETE CASCADE,
        vocabulary_json TEXT NOT NULL,
        fetched_at TEXT NOT NULL
      );
      CREATE TABLE pod_publications (
        id TEXT PRIMARY KEY,
        capsule_id TEXT REFERENCES capsules(id) ON DELETE SET NULL,
        profile_id TEXT NOT NULL REFERENCES pod_profiles(id) ON DELETE CASCADE,
        video_id INTEGER NOT NULL,
        slug TEXT NOT NULL,
        page_url TEXT NOT NULL,
        title TEXT NOT NULL,
        source_path TEXT NOT NULL,
        chapter_ids_json TEXT NOT NULL DEFAULT '[]',
        track_id INTEGER,
        job_id TEXT,
        published_at TEXT NOT NULL,
        UNIQUE (profile_id, video_id)
      );
      CREATE INDEX pod_publications_by_capsule ON pod_publications(capsule_id, published_at);
    `);
  },
};
