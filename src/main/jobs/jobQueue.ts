// Runs in Node (main side). The persistent job queue behind every long operation: PDF import,
// renders, publishing, BBB imports. Jobs live in SQLite, survive restarts (running jobs are
// re-queued only when the process that ran them is gone), report progress with an ETA, can be
// cancelled, and retry retryable failures with backoff. A CLI command runs only the jobs it asked for.
import { randomUUID } from 'node:crypto';
import { StudioError, cancelledError, toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import type { JobInfo, JobState } from '../../shared/domain/jobs';
import type { Db } from '../library/database';
import { nowIso } from '../library/database';
import type { StudioEventBus } from '../events';
import type { Logger } from '../log';
import { backoffSeconds, estimateEta, type EtaState } from './eta';

export interface JobRunContext<P> {
  job: JobInfo;
  payload: P;
  signal: AbortSignal;
  /** What the job saved last time it ran (for resumable work), or null. */
  checkpoint: unknown;
  progress(fraction: number | null, stage?: string | null): void;
  saveCheckpoint(data: unknown): void;
}

export interface JobHandler<P = unknown, R = unknown> {
  kind: string;
  /** How many jobs of this kind may run at once (default 1). */
  concurrency?: number;
  run(context: JobRunContext<P>): Promise<R>;
  /** Failures worth retrying automatically (network); others fail at once and wait for the user. */
  isRetryable?(error: StudioErrorInfo): boolean;
  maxAttempts?: number;
}

interface JobRow {
  id: string;
  kind: string;
  title: string;
  capsule_id: string | null;
  state: JobState;
  payload_json: string;
  result_json: string | null;
  error_json: string | null;
  checkpoint_json: string | null;
  attempts: number;
  not_before: string | null;
  created_at: string;
  updated_at: string;
  runner: string | null;
}

export interface JobQueueStart {
  /**
   * 'all' (the app): interrupted and queued jobs run, and `jobs.resumed` names the interrupted ones.
   * 'own' (a CLI command): only jobs this process enqueues (or `resume`s) run; the others wait.
   */
  scope?: 'all' | 'own';
}

interface Live {
  controller: AbortController;
  progress: number | null;
  stage: string | null;
  eta: EtaState | null;
  etaSeconds: number | null;
  lastEmit: number;
}

const TERMINAL: readonly JobState[] = ['done', 'failed', 'cancelled'];

export class JobQueue {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly live = new Map<string, Live>();
  private readonly waiters = new Map<string, ((job: JobInfo) => void)[]>();
  private readonly runs = new Map<string, Promise<void>>();
  private wakeTimer: NodeJS.Timeout | null = null;
  private started = false;
  private closed = false;
  /** In 'own' scope, the only jobs this queue may run; null runs every queued job. */
  private scope: Set<string> | null = null;

  /**
   * `runner` is this process's library-lock token, written on every job it runs: at start, a 'running'
   * job is re-queued only when its runner is not this process (the lock guarantees its owner is gone).
   */
  constructor(
    private readonly db: Db,
    private readonly events: StudioEventBus,
    private readonly log: Logger,
    private readonly runner: string | null = null,
  ) {}

  register<P, R>(handler: JobHandler<P, R>): void {
    this.handlers.set(handler.kind, handler);
    if (this.started) this.pump();
  }

  /**
   * Re-queues jobs that were running in a process that is gone (call only while holding the library
   * lock), then starts working. Returns the jobs a previous run left unfinished.
   */
  start(options: JobQueueStart = {}): JobInfo[] {
    if (this.started) return [];
    this.started = true;
    if (options.scope === 'own') this.scope = new Set();
    const now = nowIso();
    const stale = this.db
      .prepare("UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running' AND (runner IS NULL OR runner IS NOT ?)")
      .run(now, this.runner);
    if (stale.changes > 0) this.log.info('re-queued interrupted jobs', { count: stale.changes });
    const unfinished = this.unfinishedElsewhere();
    if (options.scope !== 'own' && unfinished.length > 0) this.events.emit('jobs.resumed', { jobs: unfinished });
    this.pump();
    return unfinished;
  }

  /**
   * Queued jobs this queue did not enqueue (left by an earlier run), oldest first. Jobs still
   * 'running' after start() belong to this process (another studio in it) and are not listed.
   */
  unfinishedElsewhere(): JobInfo[] {
    const rows = this.db.prepare("SELECT * FROM jobs WHERE state = 'queued' ORDER BY created_at").all() as JobRow[];
    return rows.filter((row) => !this.live.has(row.id) && !this.scope?.has(row.id)).map((row) => this.toInfo(row));
  }

  /** Lets this queue run a job it did not enqueue (a CLI `capsule jobs resume`). */
  resume(id: string): JobInfo {
    const job = this.get(id);
    if (job.state === 'failed' || job.state === 'cancelled') return this.retry(id);
    this.scope?.add(id);
    this.pump();
    return this.get(id);
  }

  enqueue<P>(kind: string, payload: P, options: { title: string; capsuleId?: string | null; id?: string }): JobInfo {
    const id = options.id ?? randomUUID();
    const now = nowIso();
    try {
      this.db
        .prepare('INSERT INTO jobs (id, kind, title, capsule_id, state, payload_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, kind, options.title, options.capsuleId ?? null, 'queued', JSON.stringify(payload ?? {}), now, now);
    } catch (error) {
      if (String((error as Error).message).includes('UNIQUE')) throw new StudioError('JOB_EXISTS', `A job with id ${id} already exists.`);
      throw error;
    }
    this.scope?.add(id);
    const job = this.get(id);
    this.events.emit('job.progress', job);
    this.pump();
    return job;
  }

  get(id: string): JobInfo {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) throw new StudioError('NOT_FOUND', `No job ${id}.`);
    return this.toInfo(row);
  }

  payloadOf<P>(id: string): P {
    const row = this.db.prepare('SELECT payload_json FROM jobs WHERE id = ?').get(id) as { payload_json: string } | undefined;
    if (!row) throw new StudioError('NOT_FOUND', `No job ${id}.`);
    return JSON.parse(row.payload_json) as P;
  }

  /**
   * Rewrites the payload (and title) of a job that is not running in this process, keeping its checkpoint:
   * a rerun's explicit choices, which the job applies when it continues. False when it is running here.
   */
  amendPayload<P>(id: string, payload: P, title: string): boolean {
    if (this.live.has(id)) return false;
    const changed = this.db.prepare("UPDATE jobs SET payload_json = ?, title = ?, updated_at = ? WHERE id = ? AND state <> 'done'").run(JSON.stringify(payload ?? {}), title, nowIso(), id);
    return changed.changes > 0;
  }

  /** A job's last checkpoint, or null when it has none or there is no such job. */
  checkpointOf<C>(id: string): C | null {
    const row = this.db.prepare('SELECT checkpoint_json FROM jobs WHERE id = ?').get(id) as { checkpoint_json: string | null } | undefined;
    return row?.checkpoint_json ? (JSON.parse(row.checkpoint_json) as C) : null;
  }

  list(filter: { capsuleId?: string; activeOnly?: boolean; kind?: string } = {}): JobInfo[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.capsuleId) {
      where.push('capsule_id = ?');
      params.push(filter.capsuleId);
    }
    if (filter.kind) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.activeOnly) where.push("state IN ('queued', 'running')");
    const sql = `SELECT * FROM jobs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC LIMIT 200`;
    return (this.db.prepare(sql).all(...params) as JobRow[]).map((row) => this.toInfo(row));
  }

  cancel(id: string): void {
    const job = this.get(id);
    if (TERMINAL.includes(job.state) && job.state !== 'failed') return;
    const live = this.live.get(id);
    if (live) {
      live.controller.abort();
      return; // the runner marks it cancelled when the handler stops
    }
    this.finish(id, 'cancelled', null, toErrorInfo(cancelledError()));
  }

  /** Puts a failed or cancelled job back in the queue, keeping its checkpoint. */
  retry(id: string): JobInfo {
    const job = this.get(id);
    if (job.state !== 'failed' && job.state !== 'cancelled') throw new StudioError('JOB_NOT_RETRYABLE', 'Only a failed or cancelled job can be retried.');
    this.db.prepare("UPDATE jobs SET state = 'queued', error_json = NULL, attempts = 0, not_before = NULL, updated_at = ? WHERE id = ?").run(nowIso(), id);
    this.scope?.add(id);
    const updated = this.get(id);
    this.events.emit('job.progress', updated);
    this.pump();
    return updated;
  }

  /** Resolves when the job reaches done, failed or cancelled. */
  wait(id: string): Promise<JobInfo> {
    const job = this.get(id);
    if (TERMINAL.includes(job.state)) return Promise.resolve(job);
    return new Promise((resolve) => {
      const list = this.waiters.get(id) ?? [];
      list.push(resolve);
      this.waiters.set(id, list);
    });
  }

  /** Waits for the job and returns its result, or throws its error. */
  async result<R>(id: string): Promise<R> {
    const job = await this.wait(id);
    if (job.state === 'done') return job.result as R;
    if (job.error) throw new StudioError(job.error.code, job.error.message, job.error.details);
    throw cancelledError();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    // Interrupted by shutdown, not by the user: runJob leaves them queued so the next start resumes them.
    for (const live of this.live.values()) live.controller.abort();
    await Promise.allSettled([...this.runs.values()]);
  }

  private pump(): void {
    if (!this.started || this.closed) return;
    const now = nowIso();
    const queued = this.db.prepare("SELECT * FROM jobs WHERE state = 'queued' ORDER BY created_at").all() as JobRow[];
    let nextWake: string | null = null;
    for (const row of queued) {
      const handler = this.handlers.get(row.kind);
      if (!handler) continue;
      if (this.scope && !this.scope.has(row.id)) continue;
      if (row.not_before && row.not_before > now) {
        if (!nextWake || row.not_before < nextWake) nextWake = row.not_before;
        continue;
      }
      if (this.live.has(row.id)) continue;
      const runningOfKind = [...this.live.keys()].filter((id) => this.kindOf(id) === row.kind).length;
      if (runningOfKind >= (handler.concurrency ?? 1)) continue;
      const run = this.runJob(row, handler);
      this.runs.set(row.id, run);
      void run.finally(() => this.runs.delete(row.id));
    }
    if (nextWake) {
      if (this.wakeTimer) clearTimeout(this.wakeTimer);
      this.wakeTimer = setTimeout(() => this.pump(), Math.max(50, Date.parse(nextWake) - Date.now()));
    }
  }

  private kindOf(id: string): string | undefined {
    return (this.db.prepare('SELECT kind FROM jobs WHERE id = ?').get(id) as { kind: string } | undefined)?.kind;
  }

  private async runJob(row: JobRow, handler: JobHandler): Promise<void> {
    const controller = new AbortController();
    const live: Live = { controller, progress: null, stage: null, eta: null, etaSeconds: null, lastEmit: 0 };
    this.live.set(row.id, live);
    this.db.prepare("UPDATE jobs SET state = 'running', runner = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?").run(this.runner, nowIso(), row.id);
    const job = this.get(row.id);
    this.events.emit('job.progress', job);

    const context: JobRunContext<unknown> = {
      job,
      payload: JSON.parse(row.payload_json) as unknown,
      signal: controller.signal,
      checkpoint: row.checkpoint_json ? (JSON.parse(row.checkpoint_json) as unknown) : null,
      progress: (fraction, stage) => this.reportProgress(row.id, live, fraction, stage),
      saveCheckpoint: (data) => {
        this.db.prepare('UPDATE jobs SET checkpoint_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(data), nowIso(), row.id);
      },
    };

    try {
      const result = await handler.run(context);
      this.finish(row.id, 'done', result ?? null, null);
    } catch (error) {
      const info = toErrorInfo(error);
      if (info.code === 'CANCELLED' || controller.signal.aborted) {
        if (this.closed) {
          this.requeue(row.id, null);
        } else {
          this.finish(row.id, 'cancelled', null, toErrorInfo(cancelledError()));
        }
      } else if (handler.isRetryable?.(info) && job.attempts < (handler.maxAttempts ?? 5)) {
        const delay = backoffSeconds(job.attempts);
        this.log.warn('job failed, will retry', { id: row.id, kind: row.kind, code: info.code, inSeconds: delay });
        this.requeue(row.id, info, new Date(Date.now() + delay * 1000).toISOString());
      } else {
        if (info.code === 'INTERNAL') this.log.error('job failed', { id: row.id, kind: row.kind, message: info.message });
        this.finish(row.id, 'failed', null, info);
      }
    } finally {
      this.live.delete(row.id);
      this.pump();
    }
  }

  private reportProgress(id: string, live: Live, fraction: number | null, stage?: string | null): void {
    const now = Date.now();
    if (stage !== undefined && stage !== live.stage) {
      live.stage = stage;
      live.eta = null; // a new stage has its own pace
    }
    if (fraction !== null) {
      const clamped = Math.max(0, Math.min(1, fraction));
      if (!live.eta) live.eta = { startedAt: now, startFraction: clamped };
      live.progress = clamped;
      live.etaSeconds = estimateEta(live.eta, clamped, now);
    } else {
      live.progress = null;
      live.etaSeconds = null;
    }
    // At most ~8 events a second per job: the UI cannot show more, and the bridge should not carry more.
    if (now - live.lastEmit < 120 && fraction !== 1 && stage === undefined) return;
    live.lastEmit = now;
    this.events.emit('job.progress', this.get(id));
  }

  private requeue(id: string, error: StudioErrorInfo | null, notBefore: string | null = null): void {
    this.db
      .prepare("UPDATE jobs SET state = 'queued', error_json = ?, not_before = ?, updated_at = ? WHERE id = ?")
      .run(error ? JSON.stringify(error) : null, notBefore, nowIso(), id);
    this.events.emit('job.progress', this.get(id));
  }

  private finish(id: string, state: JobState, result: unknown, error: StudioErrorInfo | null): void {
    this.db
      .prepare('UPDATE jobs SET state = ?, result_json = ?, error_json = ?, not_before = NULL, updated_at = ? WHERE id = ?')
      .run(state, result === null || result === undefined ? null : JSON.stringify(result), error ? JSON.stringify(error) : null, nowIso(), id);
    const job = this.get(id);
    this.events.emit('job.progress', job);
    const waiters = this.waiters.get(id) ?? [];
    this.waiters.delete(id);
    for (const resolve of waiters) resolve(job);
  }

  private toInfo(row: JobRow): JobInfo {
    const live = this.live.get(row.id);
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      capsuleId: row.capsule_id,
      state: row.state,
      progress: row.state === 'done' ? 1 : (live?.progress ?? null),
      etaSeconds: live?.etaSeconds ?? null,
      stage: live?.stage ?? null,
      error: row.error_json ? (JSON.parse(row.error_json) as StudioErrorInfo) : null,
      result: row.result_json ? (JSON.parse(row.result_json) as unknown) : null,
      attempts: row.attempts,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
