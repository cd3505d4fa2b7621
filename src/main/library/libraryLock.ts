// Runs in Node (main side). One library, one owner: the process that opens a library for writing takes
// this lock (a row in the library's own SQLite file, written in an IMMEDIATE transaction so two
// processes cannot both win), keeps it fresh with a heartbeat, and gives it back on close. A lock
// whose owner is gone (dead pid, reused pid, or no heartbeat for `staleAfterMs`) is taken over.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { StudioError } from '../../shared/errors';
import { nowIso, type Db } from './database';
import { isProcessAlive, processStartTime } from './processAlive';

export interface LibraryOwner {
  token: string;
  pid: number;
  host: string;
  pidStart: string | null;
  purpose: string;
  startedAt: string;
  heartbeatAt: string;
}

interface OwnerRow {
  token: string;
  pid: number;
  host: string;
  pid_start: string | null;
  purpose: string;
  started_at: string;
  heartbeat_at: string;
}

export interface LockTiming {
  heartbeatMs: number;
  /** Without a heartbeat for this long, the owner is taken for gone (another host, a reused pid elsewhere than Linux). */
  staleAfterMs: number;
}

export const DEFAULT_LOCK_TIMING: LockTiming = { heartbeatMs: 10_000, staleAfterMs: 60_000 };

function toOwner(row: OwnerRow): LibraryOwner {
  return { token: row.token, pid: row.pid, host: row.host, pidStart: row.pid_start, purpose: row.purpose, startedAt: row.started_at, heartbeatAt: row.heartbeat_at };
}

/** Whether the recorded owner still runs. Pure apart from asking the OS about the pid. */
export function ownerIsAlive(owner: LibraryOwner, now: number, timing: LockTiming = DEFAULT_LOCK_TIMING): boolean {
  const fresh = now - Date.parse(owner.heartbeatAt) < timing.staleAfterMs;
  if (owner.host !== os.hostname()) return fresh;
  if (!isProcessAlive(owner.pid, owner.pidStart)) return false;
  // Linux tells a reused pid by its start time; elsewhere a silent heartbeat is the only sign.
  return process.platform === 'linux' ? true : fresh;
}

/** The owner of the library if it is alive, else null. Reads only (the read-only view uses it). */
export function currentOwner(db: Db, timing: LockTiming = DEFAULT_LOCK_TIMING): LibraryOwner | null {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'library_owner'").get() !== undefined;
  if (!hasTable) return null;
  const row = db.prepare('SELECT * FROM library_owner WHERE slot = 1').get() as OwnerRow | undefined;
  if (!row) return null;
  const owner = toOwner(row);
  return ownerIsAlive(owner, Date.now(), timing) ? owner : null;
}

export function describeOwner(owner: LibraryOwner): string {
  const where = owner.host === os.hostname() ? `process ${owner.pid}` : `process ${owner.pid} on ${owner.host}`;
  return `${owner.purpose} (${where}, since ${owner.startedAt.slice(0, 19).replace('T', ' ')} UTC)`;
}

export function libraryBusyError(libraryDir: string, owner: LibraryOwner): StudioError {
  return new StudioError(
    'LIBRARY_BUSY',
    `This library is in use by ${describeOwner(owner)}. Close it first, or use another library (--library DIR).`,
    { libraryDir, pid: owner.pid, host: owner.host, purpose: owner.purpose, since: owner.startedAt },
  );
}

/** Locks held by this process, by database: a second studio on the same library in one process shares it. */
const heldInProcess = new Map<Db, LibraryLock>();

export class LibraryLock {
  private timer: NodeJS.Timeout | null = null;
  private released = false;

  private constructor(
    private readonly db: Db,
    readonly token: string,
    /** True when this process already held the library through another connection (tests, nested studios). */
    readonly shared: boolean,
    /** The owner this lock replaced because it was gone, if any (its jobs may be re-queued). */
    readonly tookOverFrom: LibraryOwner | null,
    private readonly onHeartbeatError: (error: Error) => void,
  ) {}

  /**
   * Takes the library for this process or throws LIBRARY_BUSY naming the live owner. `purpose` says
   * who holds it ("Capsule Studio", "capsule render") in the other process's message.
   */
  static acquire(
    db: Db,
    libraryDir: string,
    options: { purpose: string; timing?: LockTiming; onHeartbeatError?: (error: Error) => void; sharedToken?: string | null },
  ): LibraryLock {
    const timing = options.timing ?? DEFAULT_LOCK_TIMING;
    const token = options.sharedToken ?? randomUUID();
    let replaced: LibraryOwner | null = null;
    db.transaction(() => {
      const row = db.prepare('SELECT * FROM library_owner WHERE slot = 1').get() as OwnerRow | undefined;
      if (row) {
        const owner = toOwner(row);
        // The same process opening the library twice (tests, a CLI command inside a studio) shares it.
        const sameProcess = owner.pid === process.pid && owner.host === os.hostname() && owner.pidStart === processStartTime(process.pid);
        if (!sameProcess && ownerIsAlive(owner, Date.now(), timing)) throw libraryBusyError(libraryDir, owner);
        if (!sameProcess) replaced = owner;
      }
      const now = nowIso();
      db.prepare(
        `INSERT INTO library_owner (slot, token, pid, host, pid_start, purpose, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(slot) DO UPDATE SET token = excluded.token, pid = excluded.pid, host = excluded.host, pid_start = excluded.pid_start,
           purpose = excluded.purpose, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
      ).run(token, process.pid, os.hostname(), processStartTime(process.pid), options.purpose, now, now);
    }).immediate();
    const lock = new LibraryLock(db, token, options.sharedToken != null, replaced, options.onHeartbeatError ?? (() => undefined));
    lock.timer = setInterval(() => lock.beat(), timing.heartbeatMs);
    // The heartbeat must not keep a finished CLI command alive.
    lock.timer.unref();
    heldInProcess.set(db, lock);
    return lock;
  }

  /** The lock this process already holds on another connection to the same library, if any. */
  static tokenHeldByThisProcess(db: Db): string | null {
    const row = db.prepare('SELECT token, pid, host FROM library_owner WHERE slot = 1').get() as { token: string; pid: number; host: string } | undefined;
    if (!row || row.pid !== process.pid || row.host !== os.hostname()) return null;
    return [...heldInProcess.values()].some((lock) => lock.token === row.token && !lock.released) ? row.token : null;
  }

  private beat(): void {
    try {
      this.db.prepare('UPDATE library_owner SET heartbeat_at = ? WHERE slot = 1 AND token = ?').run(nowIso(), this.token);
    } catch (error) {
      this.onHeartbeatError(error as Error);
    }
  }

  /** Gives the library back (the row goes only if no other studio of this process shares it). */
  release(): void {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearInterval(this.timer);
    heldInProcess.delete(this.db);
    const stillShared = [...heldInProcess.values()].some((lock) => lock.token === this.token);
    if (stillShared) return;
    try {
      this.db.prepare('DELETE FROM library_owner WHERE slot = 1 AND token = ?').run(this.token);
    } catch (error) {
      this.onHeartbeatError(error as Error);
    }
  }
}
