// Runs in Node (main side). The only code that reads or writes `bbb_pod_migrations`: per BBB recording and
// Pod server, the capsule it was imported into and the Pod video it became in this library.
import type { Db } from '../library/database';
import { nowIso } from '../library/database';

export interface MigrationKey {
  bbbApiUrl: string;
  recordId: string;
  podBaseUrl: string;
}

export interface MigrationRecord extends MigrationKey {
  owner: string;
  capsuleId: string | null;
  videoId: number | null;
  pageUrl: string | null;
  state: 'imported' | 'published';
  updatedAt: string;
}

interface MigrationRow {
  bbb_api_url: string;
  record_id: string;
  pod_base_url: string;
  owner: string;
  capsule_id: string | null;
  video_id: number | null;
  page_url: string | null;
  state: 'imported' | 'published';
  updated_at: string;
}

export class MigrationStore {
  constructor(private readonly db: Db) {}

  get(key: MigrationKey): MigrationRecord | null {
    const row = this.db.prepare('SELECT * FROM bbb_pod_migrations WHERE bbb_api_url = ? AND record_id = ? AND pod_base_url = ?').get(key.bbbApiUrl, key.recordId, key.podBaseUrl) as MigrationRow | undefined;
    return row ? toRecord(row) : null;
  }

  /** The recording is a capsule of this library now (a rerun publishes it without importing it again). */
  imported(key: MigrationKey, owner: string, capsuleId: string): MigrationRecord {
    this.db
      .prepare(
        `INSERT INTO bbb_pod_migrations (bbb_api_url, record_id, pod_base_url, owner, capsule_id, video_id, page_url, state, updated_at)
         VALUES (?, ?, ?, ?, ?, NULL, NULL, 'imported', ?)
         ON CONFLICT(bbb_api_url, record_id, pod_base_url) DO UPDATE SET owner = excluded.owner, capsule_id = excluded.capsule_id, updated_at = excluded.updated_at
           WHERE bbb_pod_migrations.state = 'imported'`,
      )
      .run(key.bbbApiUrl, key.recordId, key.podBaseUrl, owner, capsuleId, nowIso());
    return this.get(key)!;
  }

  /** The recording is a video on Pod (published by this run, or found there). */
  published(key: MigrationKey, owner: string, video: { videoId: number; pageUrl: string; capsuleId: string | null }): MigrationRecord {
    this.db
      .prepare(
        `INSERT INTO bbb_pod_migrations (bbb_api_url, record_id, pod_base_url, owner, capsule_id, video_id, page_url, state, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'published', ?)
         ON CONFLICT(bbb_api_url, record_id, pod_base_url) DO UPDATE SET owner = excluded.owner, capsule_id = COALESCE(excluded.capsule_id, bbb_pod_migrations.capsule_id),
           video_id = excluded.video_id, page_url = excluded.page_url, state = 'published', updated_at = excluded.updated_at`,
      )
      .run(key.bbbApiUrl, key.recordId, key.podBaseUrl, owner, video.capsuleId, video.videoId, video.pageUrl, nowIso());
    return this.get(key)!;
  }
}

function toRecord(row: MigrationRow): MigrationRecord {
  return {
    bbbApiUrl: row.bbb_api_url,
    recordId: row.record_id,
    podBaseUrl: row.pod_base_url,
    owner: row.owner,
    capsuleId: row.capsule_id,
    videoId: row.video_id,
    pageUrl: row.page_url,
    state: row.state,
    updatedAt: row.updated_at,
  };
}
