// Runs in Node (main side). The videos published to Pod, per capsule and profile: the link to show,
// and what a re-publication replaces (the video, its chapters, its caption track).
import { randomUUID } from 'node:crypto';
import type { PodPublication } from '../../shared/domain/pod';
import type { Db } from '../library/database';
import { nowIso } from '../library/database';

interface PublicationRow {
  id: string;
  capsule_id: string | null;
  profile_id: string;
  video_id: number;
  slug: string;
  page_url: string;
  title: string;
  source_path: string;
  chapter_ids_json: string;
  track_id: number | null;
  job_id: string | null;
  published_at: string;
}

export interface PublicationRecord extends PodPublication {
  chapterIds: number[];
  trackId: number | null;
  sourcePath: string;
  /** The job of the last publication (its payload holds what was sent, its checkpoint what it added). */
  jobId: string | null;
}

export class PodPublicationStore {
  constructor(private readonly db: Db) {}

  /** Records a publication; publishing the same Pod video again updates its row. */
  record(publication: Omit<PublicationRecord, 'id' | 'publishedAt' | 'jobId'>, jobId: string | null): PublicationRecord {
    const now = nowIso();
    this.db
      .prepare(
        `INSERT INTO pod_publications (id, capsule_id, profile_id, video_id, slug, page_url, title, source_path, chapter_ids_json, track_id, job_id, published_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(profile_id, video_id) DO UPDATE SET capsule_id = excluded.capsule_id, slug = excluded.slug, page_url = excluded.page_url, title = excluded.title,
           source_path = excluded.source_path, chapter_ids_json = excluded.chapter_ids_json, track_id = excluded.track_id, job_id = excluded.job_id, published_at = excluded.published_at`,
      )
      .run(randomUUID(), publication.capsuleId, publication.profileId, publication.videoId, publication.slug, publication.pageUrl, publication.title, publication.sourcePath, JSON.stringify(publication.chapterIds), publication.trackId, jobId, now);
    return this.byVideo(publication.profileId, publication.videoId)!;
  }

  byVideo(profileId: string, videoId: number): PublicationRecord | null {
    const row = this.db.prepare('SELECT * FROM pod_publications WHERE profile_id = ? AND video_id = ?').get(profileId, videoId) as PublicationRow | undefined;
    return row ? this.toRecord(row) : null;
  }

  /** The latest publication of a capsule, on one profile or any. */
  latestForCapsule(capsuleId: string, profileId?: string): PublicationRecord | null {
    const row = (
      profileId
        ? this.db.prepare('SELECT * FROM pod_publications WHERE capsule_id = ? AND profile_id = ? ORDER BY published_at DESC LIMIT 1').get(capsuleId, profileId)
        : this.db.prepare('SELECT * FROM pod_publications WHERE capsule_id = ? ORDER BY published_at DESC LIMIT 1').get(capsuleId)
    ) as PublicationRow | undefined;
    return row ? this.toRecord(row) : null;
  }

  /** The latest publication of a video file published as a file (no capsule), on one profile. */
  latestForFile(sourcePath: string, profileId: string): PublicationRecord | null {
    const row = this.db.prepare('SELECT * FROM pod_publications WHERE capsule_id IS NULL AND source_path = ? AND profile_id = ? ORDER BY published_at DESC LIMIT 1').get(sourcePath, profileId) as PublicationRow | undefined;
    return row ? this.toRecord(row) : null;
  }

  list(filter: { capsuleId?: string } = {}): PublicationRecord[] {
    const rows = (
      filter.capsuleId
        ? this.db.prepare('SELECT * FROM pod_publications WHERE capsule_id = ? ORDER BY published_at DESC').all(filter.capsuleId)
        : this.db.prepare('SELECT * FROM pod_publications ORDER BY published_at DESC LIMIT 500').all()
    ) as PublicationRow[];
    return rows.map((row) => this.toRecord(row));
  }

  /** Ids of videos already known on this profile (so a search after a dropped create never adopts one of them). */
  knownVideoIds(profileId: string): Set<number> {
    return new Set((this.db.prepare('SELECT video_id FROM pod_publications WHERE profile_id = ?').all(profileId) as { video_id: number }[]).map((row) => row.video_id));
  }

  private toRecord(row: PublicationRow): PublicationRecord {
    return {
      id: row.id,
      capsuleId: row.capsule_id,
      profileId: row.profile_id,
      videoId: row.video_id,
      slug: row.slug,
      pageUrl: row.page_url,
      title: row.title,
      publishedAt: row.published_at,
      chapterIds: JSON.parse(row.chapter_ids_json) as number[],
      trackId: row.track_id,
      sourcePath: row.source_path,
      jobId: row.job_id,
    };
  }
}
