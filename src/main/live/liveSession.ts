// Runs in Node (main side). One live push: FFmpeg started through the FFmpeg module with the program
// stream on its stdin (or a file / test source), its health folded from progress, fifo log lines and
// per-frame statistics, and a clean stop that finishes the local recording.
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { LiveEncoding, LiveHealth } from '../../shared/domain/live';
import { StudioError } from '../../shared/errors';
import { startFfmpeg, type FfmpegHandle } from '../ffmpeg/ffmpeg';
import { maskSecrets } from '../ffmpeg/progress';
import type { Logger } from '../log';
import { LineSplitter, parseLiveLogLine, parseVstatsLine } from './ffmpegLiveLog';
import { buildLivePushArgs, type LiveInput, type ReconnectSettings } from './liveArgs';
import { LiveHealthTracker } from './liveHealth';
import { RtmpKeyRelay } from './rtmpKeyRelay';

export interface LiveSessionOptions {
  sessionId: string;
  input: LiveInput;
  /** Full target URLs, stream keys included: they only ever reach FFmpeg's argument list. */
  rtmpUrls: readonly string[];
  encoding: LiveEncoding;
  recordPath: string | null;
  durationSec: number | null;
  /** A private folder for FFmpeg's statistics file. */
  workDir: string;
  log: Logger;
  reconnect?: ReconnectSettings;
  onHealth?: (health: LiveHealth) => void;
  healthIntervalMs?: number;
  /** How long a stop waits for FFmpeg to finish its outputs before killing it. */
  stopGraceMs?: number;
  /**
   * Push through a loopback relay per target, so stream keys never appear on FFmpeg's command line
   * (default true).
   */
  relay?: boolean;
  /** Extra CA certificates (PEM) trusted for rtmps targets. */
  tlsCa?: string;
}

/**
 * Seconds past --duration FFmpeg gets to end by itself (`-t`, counted in media time) before the
 * session stops it. The wall-clock stop is only the backstop for a push that makes no progress (a
 * server that accepts TCP and never answers); a busy machine runs FFmpeg behind real time, and a
 * margin that small would cut a healthy push short. Half the duration, between 5 s and 60 s.
 */
export function deadlineMarginSec(durationSec: number): number {
  return Math.min(60, Math.max(5, durationSec / 2));
}

/** Largest backlog of program stream waiting for FFmpeg before the renderer is told to slow down. */
const MAX_PENDING_BYTES = 32 * 1024 * 1024;

export class LiveSession {
  readonly startedAt = new Date();
  tracker: LiveHealthTracker;
  private relays: RtmpKeyRelay[] = [];
  /** Settles when FFmpeg exits, with the final health (never rejects). */
  readonly finished: Promise<LiveHealth>;
  private handle: FfmpegHandle | null = null;
  private timer: NodeJS.Timeout | null = null;
  private deadline: NodeJS.Timeout | null = null;
  private stopping = false;
  private nextSeq = 0;
  private writeChain: Promise<void> = Promise.resolve();
  private vstatsOffset = 0;
  private readonly vstatsPath: string;
  private readonly vstatsLines = new LineSplitter();
  private resolveFinished!: (health: LiveHealth) => void;

  private constructor(private readonly options: LiveSessionOptions) {
    this.tracker = new LiveHealthTracker(options.sessionId, options.rtmpUrls, Date.now(), options.encoding.audioKbps);
    this.vstatsPath = path.join(options.workDir, `${options.sessionId}.vstats`);
    this.finished = new Promise((resolve) => (this.resolveFinished = resolve));
  }

  static async start(options: LiveSessionOptions): Promise<LiveSession> {
    const session = new LiveSession(options);
    await session.launch();
    return session;
  }

  get sessionId(): string {
    return this.options.sessionId;
  }

  get running(): boolean {
    return this.handle !== null && this.handle.process.exitCode === null && this.handle.process.signalCode === null;
  }

  get pid(): number | undefined {
    return this.handle?.process.pid;
  }

  private async launch(): Promise<void> {
    const useRelay = this.options.relay !== false;
    if (useRelay) {
      this.relays = await Promise.all(
        this.options.rtmpUrls.map((url, index) =>
          RtmpKeyRelay.start(url, { onUpstreamError: (message) => this.tracker.onUpstreamError(index, message, Date.now()) }, { ca: this.options.tlsCa }),
        ),
      );
      this.tracker = new LiveHealthTracker(this.options.sessionId, this.options.rtmpUrls, Date.now(), this.options.encoding.audioKbps, this.relays.map((relay) => relay.localUrl));
    }
    const args = buildLivePushArgs({
      input: this.options.input,
      rtmpUrls: useRelay ? this.relays.map((relay) => relay.localUrl) : this.options.rtmpUrls,
      tcUrls: useRelay ? this.relays.map((relay) => relay.tcUrl) : undefined,
      encoding: this.options.encoding,
      recordPath: this.options.recordPath,
      reconnect: this.options.reconnect,
      vstatsPath: this.vstatsPath,
      durationSec: this.options.durationSec,
    });
    this.options.log.info('live push starting', { sessionId: this.sessionId, command: maskSecrets(args).join(' ') });
    let handle: FfmpegHandle;
    try {
      handle = await startFfmpeg(args, {
        logLevel: 'info',
        label: 'live push',
        onProgress: (progress) => this.tracker.onProgress(progress, Date.now()),
      });
    } catch (error) {
      await this.closeRelays();
      throw error;
    }
    this.handle = handle;
    const lines = new LineSplitter();
    let lastLogged: string | null = null;
    handle.process.stderr?.on('data', (text: string | Buffer) => {
      for (const line of lines.push(String(text))) {
        const event = parseLiveLogLine(line);
        if (!event) continue;
        this.tracker.onLog(event, Date.now());
        // One line per change (a drop, a recovery, a fatal error), not one per retry second.
        const kind = event.type === 'recovery_failed' ? 'open_failed' : event.type;
        if (kind !== lastLogged && kind !== 'queue_full') this.options.log.warn('live push', { sessionId: this.sessionId, event: event.type, detail: maskSecrets([line])[0] });
        lastLogged = kind;
      }
    });
    this.timer = setInterval(() => this.tick(), this.options.healthIntervalMs ?? 1000);
    // FFmpeg's -t counts media time, which stands still while a server accepts TCP and never answers:
    // a wall-clock deadline ends the session in every state (stop() kills FFmpeg after its grace).
    if (this.options.durationSec !== null) {
      this.deadline = setTimeout(() => {
        this.options.log.warn('live push: duration reached, stopping', { sessionId: this.sessionId });
        this.stop().catch((error: Error) => this.options.log.warn('live push stop failed', { sessionId: this.sessionId, message: error.message }));
      }, (this.options.durationSec + deadlineMarginSec(this.options.durationSec)) * 1000);
    }
    handle.done.then(
      () => this.finish(null),
      (error: StudioError) => this.finish(error),
    );
  }

  /** Appends chunk `seq` (0, 1, 2, …) of the program stream; chunks must come in order. */
  append(seq: number, bytes: Uint8Array): Promise<void> {
    if (this.options.input.kind !== 'pipe' && this.options.input.kind !== 'rawvideo') {
      return Promise.reject(new StudioError('LIVE_NO_PIPE', 'This live session reads its own input; it takes no program stream.'));
    }
    if (seq !== this.nextSeq) {
      return Promise.reject(new StudioError('LIVE_CHUNK_ORDER', `Program chunk ${seq} arrived, chunk ${this.nextSeq} was expected.`, { expected: this.nextSeq, got: seq }));
    }
    this.nextSeq += 1;
    const stdin = this.handle?.input;
    if (!stdin || this.stopping || !this.running) {
      return Promise.reject(new StudioError('LIVE_NOT_RUNNING', 'The live stream has stopped.', { sessionId: this.sessionId }));
    }
    if (stdin.writableLength > MAX_PENDING_BYTES) {
      return Promise.reject(new StudioError('LIVE_BACKLOG', 'FFmpeg cannot keep up with the program stream: lower the resolution or the bitrate.'));
    }
    this.tracker.inputBytes += bytes.byteLength;
    const write = this.writeChain.then(
      () =>
        new Promise<void>((resolve, reject) => {
          stdin.write(bytes, (error) => (error ? reject(new StudioError('LIVE_NOT_RUNNING', `FFmpeg stopped reading the program stream: ${error.message}`)) : resolve()));
        }),
    );
    // The chain itself must not stop on one failed write: the next append reports its own state.
    this.writeChain = write.catch(() => undefined);
    return write;
  }

  health(): LiveHealth {
    return this.tracker.snapshot(Date.now());
  }

  /** Stops the push: the program stream ends (or FFmpeg is asked to quit), the outputs are finished. */
  async stop(): Promise<LiveHealth> {
    if (!this.handle) throw new StudioError('LIVE_NOT_RUNNING', 'The live stream has not started.');
    if (!this.stopping && this.running) {
      this.stopping = true;
      const grace = this.options.stopGraceMs ?? 8000;
      const process = this.handle.process;
      if (this.handle.input && (this.options.input.kind === 'pipe' || this.options.input.kind === 'rawvideo')) {
        // End of input is FFmpeg's cleanest stop: it flushes the encoder and writes every trailer.
        await this.writeChain;
        this.handle.input.end();
        const killer = setTimeout(() => process.kill('SIGTERM'), grace);
        const hardKiller = setTimeout(() => process.kill('SIGKILL'), grace * 2);
        await this.finished;
        clearTimeout(killer);
        clearTimeout(hardKiller);
      } else {
        await this.handle.stop(grace);
      }
    }
    return this.finished;
  }

  private tick(): void {
    this.readVstats();
    this.options.onHealth?.(this.health());
  }

  private readVstats(): void {
    if (!existsSync(this.vstatsPath)) return;
    const size = statSync(this.vstatsPath).size;
    if (size <= this.vstatsOffset) return;
    const length = Math.min(size - this.vstatsOffset, 4 * 1024 * 1024);
    const buffer = Buffer.alloc(length);
    const fd = openSync(this.vstatsPath, 'r');
    try {
      readSync(fd, buffer, 0, length, this.vstatsOffset);
    } finally {
      closeSync(fd);
    }
    this.vstatsOffset += length;
    const frames = this.vstatsLines.push(buffer.toString('utf8')).map(parseVstatsLine).filter((frame) => frame !== null);
    this.tracker.onVstats(frames);
  }

  private finish(error: StudioError | null): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.deadline) clearTimeout(this.deadline);
    this.deadline = null;
    this.readVstats();
    if (error && !this.stopping && error.code !== 'CANCELLED') {
      const message = maskSecrets([error.message])[0]!;
      this.options.log.error('live push failed', { sessionId: this.sessionId, message });
      this.tracker.end('failed', message, error.code === 'DISK_FULL' ? 'DISK_FULL' : 'LIVE_FFMPEG_FAILED');
    } else {
      // A stop asked for by the operator (or the end of a --duration) is a normal end, whatever FFmpeg's exit code.
      this.tracker.end('stopped');
    }
    const health = this.health();
    rmSync(this.vstatsPath, { force: true });
    this.closeRelays().then(
      () => {
        this.options.onHealth?.(health);
        this.resolveFinished(health);
      },
      (relayError: Error) => {
        // The push is over either way; a relay that fails to close only leaks a loopback port.
        this.options.log.warn('live relay close failed', { sessionId: this.sessionId, message: relayError.message });
        this.options.onHealth?.(health);
        this.resolveFinished(health);
      },
    );
  }

  private async closeRelays(): Promise<void> {
    const relays = this.relays;
    this.relays = [];
    await Promise.all(relays.map((relay) => relay.close()));
  }
}
