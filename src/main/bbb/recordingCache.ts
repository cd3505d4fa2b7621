// Runs in Node (main side). The last known recording list of each profile, so the panel opens at once.
import type { BbbRecording } from '../../shared/domain/bbb';
import { nowIso, type Db } from '../library/database';

export class BbbRecordingCache {
  constructor(private readonly db: Db) {}

  read(profileId: string): { recordings: BbbRecording[]; fetchedAt: string | null; paged: boolean | null } {
    const state = this.db.prepare('SELECT fetched_at, paged FROM bbb_list_state WHERE profile_id = ?').get(profileId) as { fetched_at: string; paged: number | null } | undefined;
    const rows = this.db.prepare('SELECT recording_json FROM bbb_recording_cache WHERE profile_id = ? ORDER BY position').all(profileId) as { recording_json: string }[];
    return {
      recordings: rows.map((row) => JSON.parse(row.recording_json) as BbbRecording),
      fetchedAt: state?.fetched_at ?? null,
      paged: state?.paged === null || state?.paged === undefined ? null : state.paged === 1,
    };
  }

  /** Replaces the profile's list in one transaction. Newest first. */
  write(profileId: string, recordings: readonly BbbRecording[], paged: boolean | null): string {
    const fetchedAt = nowIso();
    const sorted = [...recordings].sort((a, b) => (b.startTime ?? 0) - (a.startTime ?? 0));
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM bbb_recording_cache WHERE profile_id = ?').run(profileId);
      const insert = this.db.prepare('INSERT INTO bbb_recording_cache (profile_id, record_id, position, recording_json) VALUES (?, ?, ?, ?)');
      sorted.forEach((recording, index) => insert.run(profileId, recording.recordId, index, JSON.stringify(recording)));
      this.db
        .prepare('INSERT INTO bbb_list_state (profile_id, fetched_at, paged) VALUES (?, ?, ?) ON CONFLICT(profile_id) DO UPDATE SET fetched_at = excluded.fetched_at, paged = excluded.paged')
        .run(profileId, fetchedAt, paged === null ? null : paged ? 1 : 0);
    })();
    return fetchedAt;
  }
}
