// Runs in Node (main side). The live sessions of this process: started from a request (saved stream
// profiles and/or one-off URLs), fed by the renderer's program stream, watched (health events about once a
// second), stopped — and, with a local recording, turned into a `live_recording` capsule.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Infer } from '../../shared/validate';
import type { startLiveRequest } from '../../shared/api/live';
import { DEFAULT_LIVE_ENCODING, type LiveEncoding, type LiveHealth, type LiveSessionInfo, type LiveStopResult } from '../../shared/domain/live';
import { StudioError } from '../../shared/errors';
import type { StudioContext } from '../context';
import { nowIso } from '../library/database';
import { maskSecrets } from '../ffmpeg/progress';
import { validateEncoding, validateRtmpUrl, type LiveInput } from './liveArgs';
import { LIVE_RECORDING_FILE, registerLiveRecording } from './liveRecording';
import { LiveSession } from './liveSession';
import type { StreamProfiles } from './streamProfiles';

export type StartLiveRequest = Infer<typeof startLiveRequest>;

interface ActiveSession {
  session: LiveSession;
  info: LiveSessionInfo;
  recordingDir: string | null;
  title: string;
}

/** Folder of recordings in progress: outside `staging/` so a crash never has them swept away. */
export function liveRecordingsRoot(libraryDir: string): string {
  return path.join(libraryDir, 'live-recordings');
}

/** A recording untouched this long belongs to no running stream (FFmpeg writes it continuously). */
export const ABANDONED_RECORDING_MS = 2 * 60 * 1000;

export class LiveService {
  readonly profiles: StreamProfiles;
  /** Settles when recordings left by an interrupted stream have entered the library. */
  readonly recovery: Promise<string[]>;
  private readonly active = new Map<string, ActiveSession>();

  constructor(private readonly ctx: StudioContext) {
    this.profiles = ctx.stores.streamProfiles;
    // The renderer feeds the program: without it FFmpeg would wait for input forever.
    this.recovery = this.recoverInterrupted().catch((error: Error) => {
      ctx.log.warn('interrupted live recordings could not be recovered', { message: error.message });
      return [];
    });
    ctx.renderers.onGone(() => {
      for (const id of [...this.active.keys()]) {
        this.stop(id).catch((error: Error) => ctx.log.warn('live stream stopped with its renderer', { sessionId: id, message: error.message }));
      }
    });
  }

  list(): LiveSessionInfo[] {
    return [...this.active.values()].map((entry) => entry.info);
  }

  async start(request: StartLiveRequest, input?: LiveInput): Promise<LiveSessionInfo> {
    const urls: string[] = [];
    for (const id of request.profileIds ?? []) urls.push(await this.profiles.targetUrl(id));
    for (const url of request.urls ?? []) urls.push(validateRtmpUrl(url));
    const unique = [...new Set(urls)];
    if (unique.length === 0 && !request.record) throw new StudioError('LIVE_NO_TARGET', 'Choose at least one stream profile or RTMP URL, or record locally.');
    const encoding: LiveEncoding = validateEncoding({ ...DEFAULT_LIVE_ENCODING, ...(request.encoding ?? {}) });
    const sessionId = randomUUID();
    const workDir = path.join(liveRecordingsRoot(this.ctx.libraryDir), sessionId);
    mkdirSync(workDir, { recursive: true });
    const recordPath = request.record ? path.join(workDir, LIVE_RECORDING_FILE) : null;
    const info: LiveSessionInfo = {
      sessionId,
      startedAt: nowIso(),
      encoding,
      targets: maskSecrets(unique),
      recording: recordPath !== null,
      input: input?.kind === 'pipe' || !input ? request.mime : input.kind,
    };
    let session: LiveSession;
    try {
      session = await LiveSession.start({
        sessionId,
        input: input ?? { kind: 'pipe', mime: request.mime },
        rtmpUrls: unique,
        encoding,
        recordPath,
        durationSec: null,
        workDir,
        log: this.ctx.log,
        onHealth: (health) => this.ctx.events.emit('live.health', health),
        // An institution's own certificate authority for its rtmps server (PEM, an advanced setting).
        tlsCa: this.ctx.settings.get<string | null>('live.extraCaPem', null) ?? undefined,
      });
    } catch (error) {
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
    this.active.set(sessionId, { session, info, recordingDir: recordPath ? workDir : null, title: request.title?.trim() || `Live ${info.startedAt.slice(0, 16).replace('T', ' ')}` });
    this.ctx.stores.liveSessions.started(sessionId, info.startedAt, info.targets, encoding);
    // A session that ends by itself (FFmpeg failed) leaves the active list; its health says why.
    // `finished` never rejects (it resolves with the final health), so nothing is left unhandled.
    void session.finished.then((health) => {
      if (health.state === 'failed' && this.active.has(sessionId)) this.ctx.log.warn('live stream ended by itself', { sessionId, message: health.message });
    });
    return info;
  }

  append(sessionId: string, seq: number, bytes: Uint8Array): Promise<void> {
    return this.get(sessionId).session.append(seq, bytes);
  }

  health(sessionId: string): LiveHealth {
    return this.get(sessionId).session.health();
  }

  async stop(sessionId: string): Promise<LiveStopResult> {
    const entry = this.get(sessionId);
    const health = await entry.session.stop();
    this.active.delete(sessionId);
    let recordingCapsuleId: string | null = null;
    if (entry.recordingDir) {
      try {
        const capsule = await registerLiveRecording(this.ctx.library, {
          stagingDir: entry.recordingDir,
          title: entry.title,
          sessionId,
          startedAt: entry.info.startedAt,
          targets: entry.info.targets,
        });
        recordingCapsuleId = capsule.id;
      } catch (error) {
        // The stream itself ended fine; the recording stays in live-recordings/ for the user to recover.
        this.ctx.log.error('the live recording could not enter the library', { sessionId, message: (error as Error).message });
        throw error;
      } finally {
        this.finishRow(sessionId, health, recordingCapsuleId);
      }
    } else {
      rmSync(path.join(liveRecordingsRoot(this.ctx.libraryDir), sessionId), { recursive: true, force: true });
      this.finishRow(sessionId, health, null);
    }
    return { sessionId, health, recordingCapsuleId };
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.active.keys()].map((id) => this.stop(id).catch((error: Error) => this.ctx.log.warn('live stream stop at close failed', { sessionId: id, message: error.message }))));
  }

  /**
   * A crash (of the app or the machine) mid-stream leaves the local recording in live-recordings/: a
   * readable Matroska file up to the last write. It enters the library as a capsule like any recording;
   * folders with no recording are removed. Recordings still being written (by another process on the same
   * library) are left alone.
   */
  private async recoverInterrupted(): Promise<string[]> {
    const root = liveRecordingsRoot(this.ctx.libraryDir);
    if (!existsSync(root)) return [];
    const recovered: string[] = [];
    for (const sessionId of readdirSync(root)) {
      const dir = path.join(root, sessionId);
      const file = path.join(dir, LIVE_RECORDING_FILE);
      if (this.active.has(sessionId) || !statSync(dir).isDirectory() || Date.now() - statSync(dir).mtimeMs < ABANDONED_RECORDING_MS) continue;
      if (!existsSync(file) || statSync(file).size === 0) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() - statSync(file).mtimeMs < ABANDONED_RECORDING_MS) continue;
      const row = this.ctx.stores.liveSessions.find(sessionId);
      const startedAt = row?.startedAt ?? new Date(statSync(file).birthtimeMs || statSync(file).mtimeMs).toISOString();
      const capsule = await registerLiveRecording(this.ctx.library, {
        stagingDir: dir,
        title: `Live ${startedAt.slice(0, 16).replace('T', ' ')} (recovered)`,
        sessionId,
        startedAt,
        targets: row ? row.targets : [],
      });
      if (row) this.ctx.stores.liveSessions.recovered(sessionId, capsule.id);
      this.ctx.log.info('an interrupted live recording entered the library', { sessionId, capsuleId: capsule.id });
      recovered.push(capsule.id);
    }
    return recovered;
  }

  private finishRow(sessionId: string, health: LiveHealth, capsuleId: string | null): void {
    this.ctx.stores.liveSessions.finished(sessionId, health, capsuleId);
  }

  private get(sessionId: string): ActiveSession {
    const entry = this.active.get(sessionId);
    if (!entry) throw new StudioError('LIVE_NOT_RUNNING', 'This live stream is not running (any more).', { sessionId });
    return entry;
  }
}
