// Runs in Node (main side). The takes of every grain: a take's file is written chunk by chunk as the
// recorder delivers it (nothing waits in renderer memory), flushed to the disk every second, its events
// saved as they happen, and on finish remuxed and probed by a job. Takes a crash left behind are
// repaired by the same job and offered back (see takeFinalizer.ts and recovery in recoverTakes()).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { StudioError, toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { grainJobTitle } from '../../shared/logic/jobTitles';
import type { Take, TakeBackground, TakeEvent, TakeState } from '../../shared/domain/take';
import type { ChunkReceipt } from '../../shared/domain/recording';
import type { BackgroundEffect } from '../../shared/domain/background';
import type { Db } from '../library/database';
import { nowIso } from '../library/database';
import { capsuleDir } from '../library/capsuleFiles';
import type { StudioEventBus } from '../events';
import type { JobQueue } from '../jobs/jobQueue';
import type { Logger } from '../log';
import { nodeTakeFileSystem, type TakeFileSystem, type TakeWriter } from './takeFile';
import { TAKE_REMUX_JOB, finalizeTake, type TakeRemuxPayload } from './takeFinalizer';
import { probeMedia } from '../ffmpeg/ffmpeg';
import { mediaFacts } from './remuxPlan';
import type { SettingsStore } from '../settings/settingsStore';
import type { CapsuleLibrary, GrainTakes } from '../library/capsuleLibrary';
import { readRecordingPreferences } from './recordingPreferences';
import { inkFilePath, removeInkFile } from '../pen/takeInkFile';

/** A power cut loses at most this much written data (plus the chunk in flight). */
export const SYNC_INTERVAL_MS = 1000;
/**
 * A take that receives nothing (no chunk, no event, no keep-alive) for this long is treated as
 * abandoned by its renderer (closed tab, crashed renderer, lost connection) and repaired.
 */
export const STALL_TIMEOUT_MS = 10_000;
/** After a renderer leaves, a recorder that is still alive sends something within this time. */
export const RENDERER_GONE_GRACE_MS = 2500;
/** How often the stall watchdog looks at the live takes. */
const WATCHDOG_INTERVAL_MS = 2000;

const WEBM_MAGIC = [0x1a, 0x45, 0xdf, 0xa3];

export interface TakeRow {
  id: string;
  capsule_id: string;
  grain_id: string;
  attempt: number;
  state: TakeState;
  mime: string;
  file: string;
  bytes: number;
  chunks: number;
  duration_ms: number | null;
  recorded_ms: number | null;
  video_codec: string | null;
  audio_codec: string | null;
  width: number | null;
  height: number | null;
  events_json: string;
  error: string | null;
  created_at: string;
  updated_at: string;
  has_audio: number | null;
  has_video: number | null;
  recovery: 'pending' | 'kept' | null;
  recovered_ms: number | null;
  writer_pid: number | null;
  /** Whether the take's pen strokes are shown (migration 0010; absent before it). */
  ink_shown?: number;
  /** The screen track of a screen grain's take (migration 0011); NULL for a camera-only take. */
  screen_file: string | null;
  screen_bytes: number;
  screen_chunks: number;
  screen_duration_ms: number | null;
  screen_width: number | null;
  screen_height: number | null;
  /** The camera with its virtual background (migration 0012); `file` stays as filmed. */
  processed_file: string | null;
  processed_bytes: number;
  processed_chunks: number;
  background_json: string | null;
  active_take_id?: string | null;
}

/** One file of a take being written: the camera's, or the screen's beside it. */
interface LiveTrack {
  writer: TakeWriter;
  chunks: number;
  bytes: number;
  lastSyncAt: number;
}

interface LiveTake extends LiveTrack {
  lastActivityAt: number;
  /** Appends (of both tracks) run one after another, in the order they were called. */
  queue: Promise<unknown>;
  /** The screen file of a screen grain's take, written chunk by chunk like the camera's. */
  screen: LiveTrack | null;
  /** The camera with its virtual background, beside the camera as filmed. */
  processed: LiveTrack | null;
}

/** Which columns count what was appended to each track. */
const TRACK_COLUMNS = {
  camera: { bytes: 'bytes', chunks: 'chunks' },
  screen: { bytes: 'screen_bytes', chunks: 'screen_chunks' },
  processed: { bytes: 'processed_bytes', chunks: 'processed_chunks' },
} as const;

/** What a take records besides the camera as filmed. */
export interface TakeTracks {
  /** Screen grains: the shared screen's MediaRecorder type. */
  screenMime?: string;
  /** Virtual background: the processed camera's MediaRecorder type, and the effect applied. */
  processed?: { mime: string; background: BackgroundEffect };
}
type TrackName = keyof typeof TRACK_COLUMNS;

const WEBM_VIDEO_MIME = /^video\/(webm|x-matroska)\b/i;

export interface TakeStoreDeps {
  /** The library database: this store alone reads and writes its takes table. */
  db: Db;
  libraryDir: string;
  /** Grains and capsules belong to the library: the active take and the capsule's timestamp go through it. */
  library: CapsuleLibrary;
  settings: SettingsStore;
  events: StudioEventBus;
  jobs: JobQueue;
  log: Logger;
  fs?: TakeFileSystem;
  now?: () => number;
}

/**
 * Whether a take that has just finished becomes its grain's active take. A retake is the take the
 * teacher wants, so the newest finished take wins; a take repaired after a crash waits for the
 * teacher to keep it; `keepFirstTakeActive` restores the old rule (the first take stays active).
 * A grain without an active take always takes the finished one, so it keeps a recording.
 */
export function finishedTakeBecomesActive(input: { attempt: number; activeAttempt: number | null; keepFirstTakeActive: boolean; awaitingRecoveryDecision: boolean }): boolean {
  if (input.activeAttempt === null) return true;
  if (input.keepFirstTakeActive || input.awaitingRecoveryDecision) return false;
  return input.attempt > input.activeAttempt;
}

function rawExtension(mime: string): string {
  return /matroska/i.test(mime) ? 'mkv' : 'webm';
}

export class TakeStore implements GrainTakes {
  private readonly live = new Map<string, LiveTake>();
  private readonly fs: TakeFileSystem;
  private readonly now: () => number;
  private watchdog: NodeJS.Timeout | null = null;
  /** When the watchdog last ran, on the process's monotonic clock (not `now`, which tests move). */
  private watchdogRanAt = 0;

  constructor(private readonly deps: TakeStoreDeps) {
    this.fs = deps.fs ?? nodeTakeFileSystem;
    this.now = deps.now ?? Date.now;
    deps.jobs.register<TakeRemuxPayload, { takeId: string }>({
      kind: TAKE_REMUX_JOB,
      run: (job) => finalizeTake(this, job),
    });
  }

  // ---------------------------------------------------------------- recording

  /** Opens a take; `screenMime` (screen grains) opens a second file for the screen recorded beside the camera. */
  async beginTake(capsuleId: string, grainId: string, mime: string, screenMime?: string, processed?: TakeTracks['processed']): Promise<Take> {
    if (!/^(video|audio)\/(webm|x-matroska)\b/i.test(mime.trim())) {
      throw new StudioError('UNSUPPORTED_RECORDING_FORMAT', `Takes are recorded as WebM; "${mime}" is not supported.`, { mime });
    }
    if (processed && !WEBM_VIDEO_MIME.test(processed.mime.trim())) {
      throw new StudioError('UNSUPPORTED_RECORDING_FORMAT', `The processed camera is WebM video; "${processed.mime}" is not supported.`, { mime: processed.mime });
    }
    if (screenMime !== undefined && !WEBM_VIDEO_MIME.test(screenMime.trim())) {
      throw new StudioError('UNSUPPORTED_RECORDING_FORMAT', `Screen recordings are WebM video; "${screenMime}" is not supported.`, { mime: screenMime });
    }
    if (this.deps.library.findGrainCapsuleId(grainId) !== capsuleId) throw new StudioError('NOT_FOUND', `No grain ${grainId} in capsule ${capsuleId}.`);
    const id = randomUUID();
    const relative = path.posix.join('takes', `${id}.${rawExtension(mime)}`);
    const takesDir = path.join(capsuleDir(this.deps.libraryDir, capsuleId), 'takes');
    mkdirSync(takesDir, { recursive: true });
    const file = path.join(capsuleDir(this.deps.libraryDir, capsuleId), relative);
    const writer = await this.fs.openForAppend(file);
    const screenRelative = screenMime === undefined ? null : path.posix.join('takes', `${id}.screen.${rawExtension(screenMime)}`);
    const screenFile = screenRelative === null ? null : path.join(capsuleDir(this.deps.libraryDir, capsuleId), screenRelative);
    let screenWriter: TakeWriter | null = null;
    const processedRelative = processed ? path.posix.join('takes', `${id}.processed.${rawExtension(processed.mime)}`) : null;
    const processedFile = processedRelative === null ? null : path.join(capsuleDir(this.deps.libraryDir, capsuleId), processedRelative);
    let processedWriter: TakeWriter | null = null;
    const now = nowIso();
    try {
      if (screenFile) screenWriter = await this.fs.openForAppend(screenFile);
      if (processedFile) processedWriter = await this.fs.openForAppend(processedFile);
      this.deps.db.transaction(() => {
        const { next } = this.deps.db.prepare('SELECT COALESCE(MAX(attempt), 0) + 1 AS next FROM takes WHERE grain_id = ?').get(grainId) as { next: number };
        this.deps.db
          .prepare(
            `INSERT INTO takes (id, capsule_id, grain_id, attempt, state, mime, file, bytes, chunks, events_json, created_at, updated_at, writer_pid, screen_file, processed_file, background_json)
             VALUES (?, ?, ?, ?, 'recording', ?, ?, 0, 0, '[]', ?, ?, ?, ?, ?, ?)`,
          )
          .run(id, capsuleId, grainId, next, mime.trim(), relative, now, now, process.pid, screenRelative, processedRelative, processed ? JSON.stringify({ effect: processed.background, applied: true } satisfies TakeBackground) : null);
      })();
    } catch (error) {
      await writer.close();
      await screenWriter?.close();
      await processedWriter?.close();
      rmSync(file, { force: true });
      if (screenFile) rmSync(screenFile, { force: true });
      if (processedFile) rmSync(processedFile, { force: true });
      throw error;
    }
    const at = this.now();
    const screen = screenWriter ? { writer: screenWriter, chunks: 0, bytes: 0, lastSyncAt: at } : null;
    const processedTrack = processedWriter ? { writer: processedWriter, chunks: 0, bytes: 0, lastSyncAt: at } : null;
    this.live.set(id, { writer, chunks: 0, bytes: 0, lastSyncAt: at, lastActivityAt: at, queue: Promise.resolve(), screen, processed: processedTrack });
    this.startWatchdog();
    const take = this.getTake(id);
    this.emitStatus(take, null);
    this.emitChanged(take);
    return take;
  }

  appendChunk(takeId: string, seq: number, bytes: Uint8Array): Promise<ChunkReceipt> {
    return this.appendToTrack(takeId, 'camera', seq, bytes);
  }

  /** Appends chunk `seq` of the screen track of a screen grain's take (same rules as the camera's). */
  appendScreenChunk(takeId: string, seq: number, bytes: Uint8Array): Promise<ChunkReceipt> {
    const live = this.live.get(takeId);
    if (live && !live.screen) return Promise.reject(new StudioError('SCREEN_TRACK_NOT_OPEN', `Take ${takeId} records no screen.`));
    return this.appendToTrack(takeId, 'screen', seq, bytes);
  }

  /** Appends chunk `seq` of the processed camera (virtual background) of a take begun with one. */
  appendProcessedChunk(takeId: string, seq: number, bytes: Uint8Array): Promise<ChunkReceipt> {
    const live = this.live.get(takeId);
    if (live && !live.processed) return Promise.reject(new StudioError('PROCESSED_TRACK_NOT_OPEN', `Take ${takeId} records no virtual background.`));
    return this.appendToTrack(takeId, 'processed', seq, bytes);
  }

  /**
   * Turns a take's virtual background off (`none`: the montage uses the camera as filmed) or back to the
   * effect it was recorded with. The files never change: only which one the montage uses.
   */
  setTakeBackground(takeId: string, applied: boolean): Take {
    const row = this.row(takeId);
    if (!row.processed_file || !row.background_json) throw new StudioError('PROCESSED_TRACK_NOT_OPEN', 'This take was recorded without a virtual background.');
    const next: TakeBackground = { ...(JSON.parse(row.background_json) as TakeBackground), applied };
    this.deps.db.transaction(() => {
      this.deps.db.prepare('UPDATE takes SET background_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(next), nowIso(), takeId);
      this.deps.library.markUpdated(row.capsule_id);
    })();
    const take = this.getTake(takeId);
    this.emitChanged(take);
    return take;
  }

  private appendToTrack(takeId: string, name: TrackName, seq: number, bytes: Uint8Array): Promise<ChunkReceipt> {
    const live = this.live.get(takeId);
    if (!live) return Promise.reject(this.notRecording(takeId));
    live.lastActivityAt = this.now();
    const run = live.queue.then(() => this.writeChunk(takeId, live, name, seq, bytes));
    // The queue continues after a failure: the failure itself is reported to this call's caller.
    live.queue = run.catch(() => undefined);
    return run;
  }

  private async writeChunk(takeId: string, live: LiveTake, name: TrackName, seq: number, bytes: Uint8Array): Promise<ChunkReceipt> {
    if (this.live.get(takeId) !== live) throw this.notRecording(takeId);
    const track: LiveTrack = name === 'screen' ? live.screen! : name === 'processed' ? live.processed! : live;
    if (seq < track.chunks) return { takeId, chunks: track.chunks, bytes: track.bytes }; // a resend of a chunk already written
    if (seq > track.chunks) {
      throw new StudioError('CHUNK_OUT_OF_ORDER', `Chunk ${seq} arrived but chunk ${track.chunks} was expected; the recording must restart from there.`, {
        expected: track.chunks,
        got: seq,
      });
    }
    if (seq === 0 && !WEBM_MAGIC.every((byte, index) => bytes[index] === byte)) {
      throw new StudioError('BAD_MEDIA', 'The first chunk of a take must start with a WebM header.');
    }
    try {
      await track.writer.append(bytes);
    } catch (error) {
      await this.stopOnWriteFailure(takeId, live, error as NodeJS.ErrnoException);
    }
    track.chunks += 1;
    track.bytes += bytes.byteLength;
    const now = this.now();
    if (now - track.lastSyncAt >= SYNC_INTERVAL_MS) {
      track.lastSyncAt = now;
      try {
        await track.writer.datasync();
      } catch (error) {
        await this.stopOnWriteFailure(takeId, live, error as NodeJS.ErrnoException);
      }
    }
    const columns = TRACK_COLUMNS[name];
    this.deps.db.prepare(`UPDATE takes SET ${columns.bytes} = ?, ${columns.chunks} = ?, updated_at = ? WHERE id = ?`).run(track.bytes, track.chunks, nowIso(), takeId);
    return { takeId, chunks: track.chunks, bytes: track.bytes };
  }

  /** A write failed: keep every whole chunk already written, stop the take, tell the renderer. Always throws. */
  private async stopOnWriteFailure(takeId: string, live: LiveTake, error: NodeJS.ErrnoException): Promise<never> {
    const full = error.code === 'ENOSPC' || error.code === 'EDQUOT';
    const failure = full
      ? new StudioError('DISK_FULL', 'The disk is full: the recording stopped. Everything recorded until now is kept.', { bytes: live.bytes })
      : new StudioError('TAKE_WRITE_FAILED', `The recording could not be written to disk (${error.code ?? error.message}); it stopped and what was written is kept.`, {
          bytes: live.bytes,
        });
    this.live.delete(takeId);
    for (const track of [live, live.screen, live.processed]) {
      if (!track) continue;
      try {
        await track.writer.truncate(track.bytes);
      } catch (truncateError) {
        // The torn tail is cut again at finalisation (last complete block), so this is only logged.
        this.deps.log.warn('could not cut a failed take back to its last chunk', { takeId, message: (truncateError as Error).message });
      }
      await this.closeQuietly(takeId, track.writer);
    }
    this.deps.db.prepare("UPDATE takes SET state = 'interrupted', error = ?, bytes = ?, chunks = ?, updated_at = ? WHERE id = ?").run(failure.message, live.bytes, live.chunks, nowIso(), takeId);
    this.emitStatus(this.getTake(takeId), toErrorInfo(failure));
    throw failure;
  }

  /** Saves events as they happen (an empty list is a keep-alive while paused). */
  appendEvents(takeId: string, events: TakeEvent[]): void {
    const live = this.live.get(takeId);
    if (live) live.lastActivityAt = this.now();
    const row = this.row(takeId);
    if (row.state !== 'recording' && row.state !== 'interrupted') throw this.notRecording(takeId);
    if (events.length === 0) return;
    this.deps.db.transaction(() => {
      const current = JSON.parse((this.deps.db.prepare('SELECT events_json FROM takes WHERE id = ?').get(takeId) as { events_json: string }).events_json) as TakeEvent[];
      this.deps.db.prepare('UPDATE takes SET events_json = ?, updated_at = ? WHERE id = ?').run(JSON.stringify([...current, ...events]), nowIso(), takeId);
    })();
  }

  /** Ends a take (also one a full disk stopped): stores the final events, remuxes and probes it. */
  async finishTake(takeId: string, events: TakeEvent[], recordedMs: number): Promise<Take> {
    const row = this.row(takeId);
    if (row.state === 'ready' || row.state === 'complete') return this.getTake(takeId);
    if (row.state !== 'recording' && row.state !== 'interrupted') throw this.notRecording(takeId);
    await this.closeLive(takeId);
    this.deps.db
      .prepare("UPDATE takes SET state = 'complete', events_json = ?, recorded_ms = ?, writer_pid = NULL, updated_at = ? WHERE id = ?")
      .run(JSON.stringify(events), Math.round(recordedMs), nowIso(), takeId);
    const take = this.getTake(takeId);
    this.emitStatus(take, null);
    return this.finalizeWithJob(take, false);
  }

  /** Runs the remux job for a take and waits for it. */
  async finalizeWithJob(take: Take, recovered: boolean): Promise<Take> {
    const place = this.deps.library.grainPlace(take.grainId);
    const title = place ? grainJobTitle(place.capsuleTitle, place.position, take.attempt) : `#${take.attempt}`;
    const job = this.deps.jobs.enqueue<TakeRemuxPayload>(TAKE_REMUX_JOB, { takeId: take.id, recovered }, { title, capsuleId: take.capsuleId });
    await this.deps.jobs.result(job.id);
    return this.getTake(take.id);
  }

  /** Cancels a take being recorded: its row and file go. */
  async abortTake(takeId: string): Promise<void> {
    const row = this.row(takeId);
    if (row.state !== 'recording' && row.state !== 'interrupted') {
      throw new StudioError('TAKE_NOT_RECORDING', 'Only a take being recorded can be cancelled; delete a finished take instead.');
    }
    await this.closeLive(takeId);
    this.removeTake(row);
  }

  // ---------------------------------------------------------------- takes of a grain

  listTakes(grainId: string): Take[] {
    const rows = this.deps.db.prepare('SELECT * FROM takes WHERE grain_id = ? ORDER BY attempt').all(grainId) as TakeRow[];
    const active = this.deps.library.activeTakeId(grainId);
    return rows.map((row) => this.toTake({ ...row, active_take_id: active }));
  }

  listCapsuleTakes(capsuleId: string): Take[] {
    const rows = this.deps.db.prepare('SELECT * FROM takes WHERE capsule_id = ? ORDER BY attempt').all(capsuleId) as TakeRow[];
    // Grain by grain in montage order (a Map keeps the library's order), then by attempt.
    const grains = this.deps.library.activeTakesByGrain(capsuleId);
    const order = new Map([...grains.keys()].map((grainId, index) => [grainId, index]));
    return rows
      .filter((row) => grains.has(row.grain_id))
      .sort((a, b) => order.get(a.grain_id)! - order.get(b.grain_id)! || a.attempt - b.attempt)
      .map((row) => this.toTake({ ...row, active_take_id: grains.get(row.grain_id) ?? null }));
  }

  /** A take's row, or null when there is no such take (the montage reads takes through this). */
  findRow(takeId: string): TakeRow | null {
    return (this.deps.db.prepare('SELECT * FROM takes WHERE id = ?').get(takeId) as TakeRow | undefined) ?? null;
  }

  /** A grain's finished takes other than `exceptTakeId`, most recent first (the montage pre-renders them). */
  otherReadyTakes(grainId: string, exceptTakeId: string | null, limit: number): { id: string; attempt: number }[] {
    return this.deps.db
      .prepare("SELECT id, attempt FROM takes WHERE grain_id = ? AND state = 'ready' AND id IS NOT ? ORDER BY attempt DESC, created_at DESC LIMIT ?")
      .all(grainId, exceptTakeId, limit) as { id: string; attempt: number }[];
  }

  /** The file behind `take/<id>`, or null when there is no such take. */
  mediaFile(takeId: string): string | null {
    const row = this.findRow(takeId);
    return row ? this.absolutePath(row) : null;
  }

  /** The screen track of a screen grain's take (issue #15), or null. */
  screenMediaFile(takeId: string): string | null {
    const row = this.findRow(takeId);
    return row ? this.screenPath(row) : null;
  }

  /** The camera with its virtual background (issue #15), or null. */
  processedMediaFile(takeId: string): string | null {
    const row = this.findRow(takeId);
    return row ? this.processedPath(row) : null;
  }

  grainsHoldingTakes(grainIds: readonly string[]): Set<string> {
    const holds = this.deps.db.prepare('SELECT 1 FROM takes WHERE grain_id = ? LIMIT 1');
    return new Set(grainIds.filter((grainId) => holds.get(grainId) !== undefined));
  }

  moveTakesToGrain(fromGrainId: string, toGrainId: string): void {
    this.deps.db.prepare('UPDATE takes SET grain_id = ? WHERE grain_id = ?').run(toGrainId, fromGrainId);
  }

  getTake(takeId: string): Take {
    return this.toTake(this.row(takeId));
  }

  setActiveTake(takeId: string): Take {
    const row = this.row(takeId);
    if (row.state !== 'ready') throw new StudioError('TAKE_NOT_READY', 'Only a finished take can be made the active one.');
    this.deps.db.transaction(() => {
      this.deps.library.recordActiveTake(row.grain_id, takeId);
      this.deps.library.markUpdated(row.capsule_id);
    })();
    const take = this.getTake(takeId);
    this.emitChanged(take);
    return take;
  }

  /**
   * Called inside the transaction that marks a take ready: makes it the active take when the
   * policy says so (see finishedTakeBecomesActive). Returns whether it did.
   */
  activateIfChosen(takeId: string, awaitingRecoveryDecision: boolean): boolean {
    const row = this.row(takeId);
    const active = row.active_take_id
      ? (this.deps.db.prepare("SELECT attempt FROM takes WHERE id = ? AND state = 'ready'").get(row.active_take_id) as { attempt: number } | undefined)
      : undefined;
    const chosen = finishedTakeBecomesActive({
      attempt: row.attempt,
      activeAttempt: active?.attempt ?? null,
      keepFirstTakeActive: readRecordingPreferences(this.deps.settings).keepFirstTakeActive,
      awaitingRecoveryDecision,
    });
    if (chosen) this.deps.library.recordActiveTake(row.grain_id, takeId);
    return chosen;
  }

  async deleteTake(takeId: string): Promise<void> {
    const row = this.row(takeId);
    await this.closeLive(takeId);
    this.removeTake(row);
  }

  private removeTake(row: TakeRow): void {
    this.deps.db.transaction(() => {
      this.deps.db.prepare('DELETE FROM takes WHERE id = ?').run(row.id);
      if (this.deps.library.activeTakeId(row.grain_id) === row.id) {
        // The newest remaining finished take becomes active, so the grain keeps a recording if it has one.
        const next = this.deps.db.prepare("SELECT id FROM takes WHERE grain_id = ? AND state = 'ready' ORDER BY attempt DESC LIMIT 1").get(row.grain_id) as { id: string } | undefined;
        this.deps.library.recordActiveTake(row.grain_id, next?.id ?? null);
      }
      this.deps.library.markUpdated(row.capsule_id);
    })();
    rmSync(this.absolutePath(row), { force: true });
    removeInkFile(inkFilePath(this.absolutePath(row), row.id)); // the pen's strokes go with their take
    if (row.screen_file) rmSync(this.screenPath(row)!, { force: true });
    if (row.processed_file) rmSync(this.processedPath(row)!, { force: true });
    this.emitChanged({ id: row.id, grainId: row.grain_id, capsuleId: row.capsule_id });
  }

  // ---------------------------------------------------------------- interruptions and recovery

  /**
   * Marks takes whose writer is gone as interrupted and repairs them: at start-up (the previous run
   * died mid-take) and when a renderer stops sending. A take another live process is writing is left alone.
   */
  recoverTakes(): Promise<Take[]> {
    const rows = this.deps.db.prepare("SELECT * FROM takes WHERE state IN ('recording', 'interrupted')").all() as TakeRow[];
    const orphans = rows.filter((row) => !this.live.has(row.id) && !this.writerAlive(row.writer_pid));
    return this.repair(orphans, 'interrupted');
  }

  /** Stops every take this process is writing (renderer gone, shutting down) and repairs them. */
  async interruptOpenTakes(reason = 'The recording was interrupted.'): Promise<Take[]> {
    const ids = [...this.live.keys()];
    for (const id of ids) await this.closeLive(id);
    const rows = ids.map((id) => this.row(id));
    for (const row of rows) this.deps.db.prepare("UPDATE takes SET state = 'interrupted', error = ?, updated_at = ? WHERE id = ?").run(reason, nowIso(), row.id);
    return this.repair(rows, reason);
  }

  private async repair(rows: TakeRow[], reason: string): Promise<Take[]> {
    const active = new Set(
      this.deps.jobs
        .list({ kind: TAKE_REMUX_JOB, activeOnly: true })
        .map((job) => this.deps.jobs.payloadOf<TakeRemuxPayload>(job.id).takeId),
    );
    const repaired: Take[] = [];
    for (const row of rows) {
      if (active.has(row.id)) continue;
      this.deps.db.prepare("UPDATE takes SET state = 'interrupted', writer_pid = NULL, updated_at = ? WHERE id = ?").run(nowIso(), row.id);
      const take = this.getTake(row.id);
      this.emitStatus(take, { code: 'TAKE_INTERRUPTED', message: reason });
      try {
        repaired.push(await this.finalizeWithJob(take, true));
      } catch (error) {
        // The take is marked failed and offered back with its error by the finalizer; keep repairing the others.
        this.deps.log.warn('an interrupted take could not be repaired', { takeId: row.id, message: (error as Error).message });
        repaired.push(this.getTake(row.id));
      }
    }
    return repaired;
  }

  listRecoveredTakes(capsuleId?: string): Take[] {
    const rows = this.deps.db
      .prepare(`SELECT * FROM takes WHERE recovery = 'pending' ${capsuleId ? 'AND capsule_id = ?' : ''} ORDER BY created_at`)
      .all(...(capsuleId ? [capsuleId] : [])) as TakeRow[];
    return rows.map((row) => this.toTake(row));
  }

  async acknowledgeRecoveredTake(takeId: string, decision: 'keep' | 'discard'): Promise<void> {
    const row = this.row(takeId);
    if (row.recovery !== 'pending') throw new StudioError('TAKE_NOT_RECOVERED', 'This take is not waiting for a decision.');
    if (decision === 'discard') return this.deleteTake(takeId);
    this.deps.db.transaction(() => {
      this.deps.db.prepare("UPDATE takes SET recovery = 'kept', updated_at = ? WHERE id = ?").run(nowIso(), takeId);
      // Kept, the repaired take is an ordinary finished take: the newest one becomes active.
      if (row.state === 'ready') this.activateIfChosen(takeId, false);
    })();
    this.emitChanged(this.getTake(takeId));
  }

  private writerAlive(pid: number | null): boolean {
    if (pid === null || pid === process.pid) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      // ESRCH: no such process, the writer died. EPERM: it exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  /**
   * A renderer went away. It may have been a second prompter window, not the recorder: takes that
   * still receive chunks or keep-alives within RENDERER_GONE_GRACE_MS keep recording; the others are
   * interrupted and repaired at once instead of waiting for the stall timeout.
   */
  onRendererGone(): void {
    if (this.live.size === 0) return;
    const goneAt = this.now();
    const timer = setTimeout(() => {
      const silent = [...this.live.entries()].filter(([, live]) => live.lastActivityAt <= goneAt).map(([id]) => id);
      if (silent.length > 0) {
        this.interruptStalled(silent, 'The recording window closed: the take was saved up to its last chunk.').catch((error: Error) =>
          this.deps.log.warn('could not repair takes after a renderer left', { message: error.message }),
        );
      }
    }, RENDERER_GONE_GRACE_MS);
    timer.unref();
  }

  private startWatchdog(): void {
    if (this.watchdog) return;
    this.watchdogRanAt = performance.now();
    this.watchdog = setInterval(() => {
      const ranAt = performance.now();
      const frozenMs = ranAt - this.watchdogRanAt - WATCHDOG_INTERVAL_MS;
      this.watchdogRanAt = ranAt;
      const now = this.now();
      if (frozenMs > WATCHDOG_INTERVAL_MS) {
        // This process could not run for a while (an overloaded or swapping machine, a sleep, a long
        // synchronous task). What the recorders sent meanwhile waits in the sockets and is read only
        // after this tick, so their silence is not theirs: each live take gets a whole new period.
        this.deps.log.warn('the studio was frozen; stalled takes are judged afresh', { frozenMs: Math.round(frozenMs), liveTakes: this.live.size });
        for (const live of this.live.values()) live.lastActivityAt = Math.max(live.lastActivityAt, now);
        return;
      }
      const stalled = [...this.live.entries()].filter(([, live]) => now - live.lastActivityAt > STALL_TIMEOUT_MS).map(([id]) => id);
      if (stalled.length === 0) {
        if (this.live.size === 0 && this.watchdog) {
          clearInterval(this.watchdog);
          this.watchdog = null;
        }
        return;
      }
      this.interruptStalled(stalled, 'The recording window stopped sending: the take was saved up to its last chunk.').catch((error: Error) =>
        this.deps.log.warn('could not repair stalled takes', { message: error.message }),
      );
    }, WATCHDOG_INTERVAL_MS);
    this.watchdog.unref();
  }

  private async interruptStalled(ids: string[], reason: string): Promise<void> {
    const rows: TakeRow[] = [];
    for (const id of ids) {
      if (!this.live.has(id)) continue; // finished or interrupted meanwhile
      await this.closeLive(id);
      this.deps.db.prepare("UPDATE takes SET state = 'interrupted', error = ?, updated_at = ? WHERE id = ?").run(reason, nowIso(), id);
      rows.push(this.row(id));
    }
    await this.repair(rows, reason);
  }

  // ---------------------------------------------------------------- helpers shared with the finalizer

  row(takeId: string): TakeRow {
    const row = this.findRow(takeId);
    if (!row) throw new StudioError('NOT_FOUND', `No take ${takeId}.`);
    return { ...row, active_take_id: this.deps.library.activeTakeId(row.grain_id) };
  }

  absolutePath(row: Pick<TakeRow, 'capsule_id' | 'file'>): string {
    return path.join(capsuleDir(this.deps.libraryDir, row.capsule_id), row.file);
  }

  /** The processed camera's file (virtual background), or null for a take recorded without one. */
  processedPath(row: Pick<TakeRow, 'capsule_id' | 'processed_file'>): string | null {
    return row.processed_file === null ? null : path.join(capsuleDir(this.deps.libraryDir, row.capsule_id), row.processed_file);
  }

  /** The screen track's file of a screen grain's take, or null for a camera-only take. */
  screenPath(row: Pick<TakeRow, 'capsule_id' | 'screen_file'>): string | null {
    return row.screen_file === null ? null : path.join(capsuleDir(this.deps.libraryDir, row.capsule_id), row.screen_file);
  }

  get db(): Db {
    return this.deps.db;
  }

  get library(): CapsuleLibrary {
    return this.deps.library;
  }

  get log(): Logger {
    return this.deps.log;
  }

  /** Shows or hides a take's pen strokes (issue 15); the strokes file is the pen's (src/main/pen/). */
  setInkShown(takeId: string, shown: boolean): Take {
    this.row(takeId);
    this.deps.db.prepare('UPDATE takes SET ink_shown = ?, updated_at = ? WHERE id = ?').run(shown ? 1 : 0, nowIso(), takeId);
    const take = this.getTake(takeId);
    this.emitChanged(take);
    return take;
  }

  emitChanged(take: Pick<Take, 'id' | 'grainId' | 'capsuleId'>): void {
    this.deps.events.emit('take.changed', { capsuleId: take.capsuleId, grainId: take.grainId, takeId: take.id });
    this.deps.events.emit('library.changed', { capsuleId: take.capsuleId });
  }

  emitRecovered(take: Take): void {
    this.deps.events.emit('take.recovered', take);
  }

  emitStatus(take: Take, error: StudioErrorInfo | null): void {
    this.deps.events.emit('recording.status', {
      takeId: take.id,
      grainId: take.grainId,
      capsuleId: take.capsuleId,
      state: take.state,
      bytes: take.bytes,
      chunks: this.live.get(take.id)?.chunks ?? (this.row(take.id).chunks),
      error,
    });
  }

  private async closeLive(takeId: string): Promise<void> {
    const live = this.live.get(takeId);
    if (!live) return;
    this.live.delete(takeId);
    await live.queue;
    for (const track of [live, live.screen, live.processed]) {
      if (!track) continue;
      try {
        await track.writer.datasync();
      } catch (error) {
        // A failed final flush on a closing file: the data is still in the page cache; recovery copes with a torn tail.
        this.deps.log.warn('final flush of a take failed', { takeId, message: (error as Error).message });
      }
      await this.closeQuietly(takeId, track.writer);
    }
  }

  private async closeQuietly(takeId: string, writer: TakeWriter): Promise<void> {
    try {
      await writer.close();
    } catch (error) {
      // Closing can only fail on an already broken descriptor; the file itself is what matters.
      this.deps.log.warn('closing a take file failed', { takeId, message: (error as Error).message });
    }
  }

  private notRecording(takeId: string): StudioError {
    return new StudioError('TAKE_NOT_RECORDING', `Take ${takeId} is not being recorded (it was finished, stopped or interrupted).`);
  }

  private toTake(row: TakeRow): Take {
    const active = row.active_take_id !== undefined ? row.active_take_id : this.deps.library.activeTakeId(row.grain_id);
    return {
      id: row.id,
      grainId: row.grain_id,
      capsuleId: row.capsule_id,
      attempt: row.attempt,
      state: row.state,
      mime: row.mime,
      path: this.absolutePath(row),
      media: `take/${row.id}`,
      bytes: row.bytes,
      durationMs: row.duration_ms,
      recordedMs: row.recorded_ms,
      videoCodec: row.video_codec,
      audioCodec: row.audio_codec,
      width: row.width,
      height: row.height,
      hasAudio: row.has_audio === null ? null : row.has_audio === 1,
      hasVideo: row.has_video === null ? null : row.has_video === 1,
      events: JSON.parse(row.events_json) as TakeEvent[],
      error: row.error,
      recovery: row.recovery,
      screen:
        row.screen_file === null
          ? null
          : { media: `screen/${row.id}`, path: this.screenPath(row)!, bytes: row.screen_bytes, durationMs: row.screen_duration_ms, width: row.screen_width, height: row.screen_height },
      processed: row.processed_file === null ? null : { media: `processed/${row.id}`, path: this.processedPath(row)!, bytes: row.processed_bytes },
      background: row.background_json === null ? null : (JSON.parse(row.background_json) as TakeBackground),
      createdAt: row.created_at,
      isActive: active === row.id,
      inkShown: row.ink_shown !== 0,
    };
  }

  /** Stops the watchdog and closes open files, keeping their takes as they are for the next start. */
  async close(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    for (const [id, live] of [...this.live.entries()]) {
      this.live.delete(id);
      await live.queue;
      await this.closeQuietly(id, live.writer);
      if (live.screen) await this.closeQuietly(id, live.screen.writer);
      if (live.processed) await this.closeQuietly(id, live.processed.writer);
    }
  }

  /** Attaches an existing media file as a new take of a grain (the CLI's `take add`, a dropped file). */
  async addTakeFromFile(capsuleId: string, grainId: string, source: string, events: TakeEvent[], recordedMs: number | null): Promise<Take> {
    if (this.deps.library.findGrainCapsuleId(grainId) !== capsuleId) throw new StudioError('NOT_FOUND', `No grain ${grainId} in capsule ${capsuleId}.`);
    if (!existsSync(source) || !statSync(source).isFile()) throw new StudioError('FILE_NOT_FOUND', `There is no file at ${source}.`, { path: source });
    const facts = mediaFacts(await probeMedia(source));
    if (!facts.hasAudio && !facts.hasVideo) throw new StudioError('BAD_MEDIA', 'This file holds neither sound nor picture: it cannot be a take.', { path: source });
    const id = randomUUID();
    const extension = (path.extname(source).slice(1).toLowerCase().replace(/[^a-z0-9]/g, '') || 'media').slice(0, 8);
    const relative = path.posix.join('takes', `${id}.${extension}`);
    const target = path.join(capsuleDir(this.deps.libraryDir, capsuleId), relative);
    mkdirSync(path.dirname(target), { recursive: true });
    await copyFile(source, target);
    const mime = extension === 'webm' ? (facts.hasVideo ? 'video/webm' : 'audio/webm') : extension === 'mkv' ? 'video/x-matroska' : `video/${extension}`;
    let take: Take;
    try {
      take = this.insertCompleteTake({ id, capsuleId, grainId, mime, relativeFile: relative, events, recordedMs, bytes: statSync(target).size });
    } catch (error) {
      rmSync(target, { force: true });
      throw error;
    }
    this.emitChanged(take);
    return this.finalizeWithJob(take, false);
  }

  private insertCompleteTake(input: { capsuleId: string; grainId: string; mime: string; relativeFile: string; events: TakeEvent[]; recordedMs: number | null; bytes: number; id: string }): Take {
    const now = nowIso();
    this.deps.db.transaction(() => {
      const { next } = this.deps.db.prepare('SELECT COALESCE(MAX(attempt), 0) + 1 AS next FROM takes WHERE grain_id = ?').get(input.grainId) as { next: number };
      this.deps.db
        .prepare(
          `INSERT INTO takes (id, capsule_id, grain_id, attempt, state, mime, file, bytes, chunks, events_json, recorded_ms, created_at, updated_at)
           VALUES (?, ?, ?, ?, 'complete', ?, ?, ?, 0, ?, ?, ?, ?)`,
        )
        .run(input.id, input.capsuleId, input.grainId, next, input.mime, input.relativeFile, input.bytes, JSON.stringify(input.events), input.recordedMs, now, now);
    })();
    return this.getTake(input.id);
  }

  /**
   * Inserts a finished take whose file is already in the capsule's folder and was probed (an imported
   * bundle or Polymny export). Meant to run inside the import's commit transaction: no event, no job.
   */
  insertImportedTake(input: {
    id: string;
    capsuleId: string;
    grainId: string;
    attempt: number;
    mime: string;
    relativeFile: string;
    events: TakeEvent[];
    recordedMs: number | null;
    createdAt: string;
    bytes: number;
    facts: { durationMs: number | null; videoCodec: string | null; audioCodec: string | null; width: number | null; height: number | null; hasAudio: boolean; hasVideo: boolean };
  }): void {
    const { facts } = input;
    this.deps.db
      .prepare(
        `INSERT INTO takes (id, capsule_id, grain_id, attempt, state, mime, file, bytes, chunks, duration_ms, recorded_ms, video_codec, audio_codec, width, height, events_json, created_at, updated_at, has_audio, has_video)
         VALUES (?, ?, ?, ?, 'ready', ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.id,
        input.capsuleId,
        input.grainId,
        input.attempt,
        input.mime,
        input.relativeFile,
        input.bytes,
        facts.durationMs,
        input.recordedMs,
        facts.videoCodec,
        facts.audioCodec,
        facts.width,
        facts.height,
        JSON.stringify(input.events),
        input.createdAt,
        nowIso(),
        facts.hasAudio ? 1 : 0,
        facts.hasVideo ? 1 : 0,
      );
  }

  /**
   * Records a take file made elsewhere as finished, with the facts its maker knows (the demo capsule's
   * synthesised takes): no remux job, no event. The caller makes it active through the library.
   */
  insertReadyTake(input: {
    id: string;
    capsuleId: string;
    grainId: string;
    mime: string;
    relativeFile: string;
    bytes: number;
    durationMs: number | null;
    recordedMs: number | null;
    videoCodec: string | null;
    audioCodec: string | null;
    width: number | null;
    height: number | null;
    hasAudio: boolean;
    hasVideo: boolean;
    events: TakeEvent[];
  }): void {
    const now = nowIso();
    this.deps.db.transaction(() => {
      const { next } = this.deps.db.prepare('SELECT COALESCE(MAX(attempt), 0) + 1 AS next FROM takes WHERE grain_id = ?').get(input.grainId) as { next: number };
      this.deps.db
        .prepare(
          `INSERT INTO takes (id, capsule_id, grain_id, attempt, state, mime, file, bytes, duration_ms, recorded_ms, video_codec, audio_codec, width, height, events_json, created_at, updated_at, has_audio, has_video)
           VALUES (?, ?, ?, ?, 'ready', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          input.id,
          input.capsuleId,
          input.grainId,
          next,
          input.mime,
          input.relativeFile,
          input.bytes,
          input.durationMs,
          input.recordedMs,
          input.videoCodec,
          input.audioCodec,
          input.width,
          input.height,
          JSON.stringify(input.events),
          now,
          now,
          input.hasAudio ? 1 : 0,
          input.hasVideo ? 1 : 0,
        );
    })();
  }

  fileExists(row: TakeRow): boolean {
    return existsSync(this.absolutePath(row));
  }
}
