// Runs in Node (main side). The history of live sessions (table live_sessions): when each started, where
// it went, how it ended and which capsule its local recording became. Only this store touches the table.
import type { LiveEncoding, LiveHealth } from '../../shared/domain/live';
import { nowIso, type Db } from '../library/database';

export class LiveSessionStore {
  constructor(private readonly db: Db) {}

  started(sessionId: string, startedAt: string, targets: readonly string[], encoding: LiveEncoding): void {
    this.db.prepare('INSERT INTO live_sessions (id, started_at, targets_json, encoding_json) VALUES (?, ?, ?, ?)').run(sessionId, startedAt, JSON.stringify(targets), JSON.stringify(encoding));
  }

  /** When a session started and where it went, or null for a session without a row. */
  find(sessionId: string): { startedAt: string; targets: string[] } | null {
    const row = this.db.prepare('SELECT started_at, targets_json FROM live_sessions WHERE id = ?').get(sessionId) as { started_at: string; targets_json: string } | undefined;
    return row ? { startedAt: row.started_at, targets: JSON.parse(row.targets_json) as string[] } : null;
  }

  finished(sessionId: string, health: LiveHealth, capsuleId: string | null): void {
    this.db.prepare('UPDATE live_sessions SET ended_at = ?, final_health_json = ?, recording_capsule_id = ? WHERE id = ?').run(nowIso(), JSON.stringify(health), capsuleId, sessionId);
  }

  /** A recording an interrupted session left became a capsule: the session ends now unless it had ended. */
  recovered(sessionId: string, capsuleId: string): void {
    this.db.prepare('UPDATE live_sessions SET ended_at = COALESCE(ended_at, ?), recording_capsule_id = ? WHERE id = ?').run(nowIso(), capsuleId, sessionId);
  }
}
