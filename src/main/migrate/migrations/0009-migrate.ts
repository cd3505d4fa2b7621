// Runs in Node (main side). `capsule migrate bbb-to-pod`: what this library did for each BBB recording
// (imported into which capsule, published as which Pod video), so a rerun continues instead of starting over.
// Owned by src/main/migrate/migrationStore.ts.
import type { Migration } from '../../library/migrations/migration';

export const migrateSchema: Migration = {
  version: 9,
  name: 'migrate',
  up(db) {
    db.exec(`
      CREATE TABLE bbb_pod_migrations (
        bbb_api_url TEXT NOT NULL,
        record_id TEXT NOT NULL,
        pod_base_url TEXT NOT NULL,
        owner TEXT NOT NULL,
        capsule_id TEXT,
        video_id INTEGER,
        page_url TEXT,
        state TEXT NOT NULL CHECK (state IN ('imported', 'published')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (bbb_api_url, record_id, pod_base_url)
      );
    `);
  },
};
