// Runs in Node (main side), pure. The health of a live push, folded from FFmpeg's progress blocks, its
// fifo log lines and its per-frame statistics. Time is passed in, so tests replay any scenario exactly.
import type { LiveHealth, LiveState, LiveTargetHealth } from '../../shared/domain/live';
import type { FfmpegProgress } from '../ffmpeg/progress';
import { maskSecrets } from '../ffmpeg/progress';
import { isRefusal, type LiveLogEvent, type VstatsFrame } from './ffmpegLiveLog';

/** A target with no error this long after the start is considered to receive the stream. */
export const CONNECT_GRACE_MS = 2000;
/** Window of the measured bitrate. */
export const BITRATE_WINDOW_SEC = 2;
/** An FFmpeg connection error this soon after the relay failed to reach the server is that failure. */
export const UPSTREAM_ERROR_WINDOW_MS = 5000;

interface TargetState {
  url: string;
  /** The URL FFmpeg itself uses (a loopback relay's), as its log lines name it. */
  ffmpegUrl: string;
  upstreamErrorAt: number | null;
  masked: string;
  fifo: string | null;
  state: LiveTargetHealth['state'];
  reconnects: number;
  lastError: string | null;
  /** Red because writes stopped going through (queue full), not because of an error FFmpeg reported. */
  stalled: boolean;
}

export class LiveHealthTracker {
  private readonly targets: TargetState[];
  private readonly startedAtMs: number;
  private progress: FfmpegProgress | null = null;
  private frames: VstatsFrame[] = [];
  private lostFrames = 0;
  private lastFrameCount = 0;
  private unattributedReconnects = 0;
  private queueOverflows = 0;
  private ended: { state: 'failed' | 'stopped'; message: string | null; code: string | null } | null = null;
  inputBytes = 0;

  constructor(
    readonly sessionId: string,
    urls: readonly string[],
    nowMs: number,
    private readonly audioKbps: number,
    ffmpegUrls: readonly string[] = urls,
  ) {
    this.startedAtMs = nowMs;
    this.targets = urls.map((url, index) => ({
      url,
      ffmpegUrl: ffmpegUrls[index] ?? url,
      upstreamErrorAt: null,
      masked: maskSecrets([url])[0]!,
      fifo: null,
      state: 'connecting',
      reconnects: 0,
      lastError: null,
      stalled: false,
    }));
  }

  /** The relay in front of target `index` could not reach the server: the network, not a refusal. */
  onUpstreamError(index: number, message: string, nowMs: number): void {
    const target = this.targets[index];
    if (!target) return;
    target.upstreamErrorAt = nowMs;
    target.lastError = message;
    target.stalled = false;
    target.state = 'reconnecting';
  }

  onProgress(progress: FfmpegProgress, nowMs: number): void {
    this.promoteConnected(nowMs);
    const frame = progress.frame ?? this.lastFrameCount;
    // Frames encoded while a target is down never reach it: count them as dropped for the operator.
    if (this.targets.some((target) => target.state === 'reconnecting' || target.state === 'refused')) this.lostFrames += Math.max(0, frame - this.lastFrameCount);
    this.lastFrameCount = frame;
    this.progress = progress;
  }

  onVstats(frames: readonly VstatsFrame[]): void {
    if (frames.length === 0) return;
    this.frames.push(...frames);
    const latest = this.frames[this.frames.length - 1]!.timeSec;
    const firstKept = this.frames.findIndex((frame) => frame.timeSec > latest - BITRATE_WINDOW_SEC);
    if (firstKept > 0) this.frames = this.frames.slice(firstKept);
  }

  onLog(event: LiveLogEvent, nowMs: number): void {
    if (event.type === 'fatal') {
      this.ended = { state: 'failed', message: event.reason, code: 'LIVE_FFMPEG_FAILED' };
      return;
    }
    const target = event.type === 'open_failed' ? this.bindFifo(event.fifo, event.url) : this.byFifo(event.fifo);
    if (event.type === 'queue_full') {
      this.queueOverflows += 1;
      // A server or network that stops reading without closing the connection: writes block, the queue
      // fills. Red until the writer moves again (or fails and reconnects).
      if (target && (target.state === 'live' || target.state === 'connecting')) {
        target.state = 'reconnecting';
        target.stalled = true;
        target.lastError = 'the server stopped taking the stream';
      }
      return;
    }
    if (event.type === 'queue_flushed') {
      if (target?.stalled && target.state === 'reconnecting') {
        target.state = 'live';
        target.stalled = false;
        target.lastError = null;
      }
      return;
    }
    if (target) target.stalled = false;
    if (event.type === 'recovered') {
      if (target) {
        target.state = 'live';
        target.reconnects += 1;
        target.lastError = null;
        target.upstreamErrorAt = null;
      } else this.unattributedReconnects += 1;
      return;
    }
    if (!target) return;
    const reason = event.reason;
    if (target.upstreamErrorAt !== null && nowMs - target.upstreamErrorAt < UPSTREAM_ERROR_WINDOW_MS) {
      // FFmpeg only saw the relay hang up; the relay said why (the server cannot be reached).
      target.state = 'reconnecting';
      return;
    }
    target.lastError = reason;
    // An address that never received anything and keeps being refused is a refusal; a refusal after the
    // stream ran (nginx restarting, for example) is reported as such too: the operator must see it.
    target.state = isRefusal(reason) ? 'refused' : 'reconnecting';
    this.promoteConnected(nowMs);
  }

  /** FFmpeg exited. */
  end(state: 'failed' | 'stopped', message: string | null = null, code: string | null = null): void {
    this.ended = { state, message, code };
  }

  snapshot(nowMs: number): LiveHealth {
    this.promoteConnected(nowMs);
    const state = this.overallState();
    const anyReceiving = this.targets.length === 0 || this.targets.some((target) => target.state === 'live');
    return {
      sessionId: this.sessionId,
      state,
      alarm: state === 'reconnecting' || state === 'refused' || state === 'failed',
      bitrateKbps: anyReceiving && state !== 'stopped' && state !== 'failed' ? Math.round(this.videoKbps() + (this.frames.length > 0 ? this.audioKbps : 0)) : 0,
      fps: this.progress?.fps ?? 0,
      droppedFrames: (this.progress?.dropFrames ?? 0) + this.lostFrames,
      reconnects: this.targets.reduce((sum, target) => sum + target.reconnects, 0) + this.unattributedReconnects,
      uptimeSec: Math.max(0, Math.round((nowMs - this.startedAtMs) / 100) / 10),
      speed: this.progress?.speed ?? null,
      inputBytes: this.inputBytes,
      targets: this.targets.map((target) => ({ url: target.masked, state: target.state, reconnects: target.reconnects, lastError: target.lastError })),
      message: this.message(state),
      errorCode: this.ended?.code ?? null,
    };
  }

  get queueOverflowCount(): number {
    return this.queueOverflows;
  }

  private videoKbps(): number {
    if (this.frames.length < 2) return 0;
    const first = this.frames[0]!;
    const last = this.frames[this.frames.length - 1]!;
    const frameSec = (last.timeSec - first.timeSec) / (this.frames.length - 1);
    const spanSec = last.timeSec - first.timeSec + frameSec;
    if (spanSec <= 0) return 0;
    const bytes = this.frames.reduce((sum, frame) => sum + frame.bytes, 0);
    return (bytes * 8) / spanSec / 1000;
  }

  private overallState(): LiveState {
    if (this.ended) return this.ended.state;
    if (this.targets.some((target) => target.state === 'refused')) return 'refused';
    if (this.targets.some((target) => target.state === 'reconnecting')) return 'reconnecting';
    if (this.targets.every((target) => target.state === 'live')) return 'live';
    return 'connecting';
  }

  private message(state: LiveState): string | null {
    if (this.ended?.message) return this.ended.message;
    const down = this.targets.filter((target) => target.state === 'refused' || target.state === 'reconnecting');
    if (state === 'refused') return `The server refuses the stream (${down.map((target) => target.masked).join(', ')}): check the application name and the stream key.`;
    if (state === 'reconnecting') return `The server cannot be reached (${down.map((target) => `${target.masked}: ${target.lastError ?? 'connection lost'}`).join(', ')}); FFmpeg reconnects by itself.`;
    return null;
  }

  private promoteConnected(nowMs: number): void {
    if (nowMs - this.startedAtMs < CONNECT_GRACE_MS || this.progress === null) return;
    for (const target of this.targets) if (target.state === 'connecting') target.state = 'live';
  }

  private bindFifo(fifo: string, url: string): TargetState | undefined {
    const target = this.targets.find((candidate) => candidate.ffmpegUrl === url || candidate.url === url) ?? this.targets.find((candidate) => candidate.fifo === fifo);
    if (target) target.fifo = fifo;
    return target;
  }

  private byFifo(fifo: string): TargetState | undefined {
    const known = this.targets.find((target) => target.fifo === fifo);
    if (known) return known;
    // FFmpeg names a target's URL only when opening it fails; with one target there is no doubt.
    const unbound = this.targets.filter((target) => target.fifo === null);
    const only = this.targets.length === 1 ? this.targets[0]! : unbound.length === 1 ? unbound[0]! : undefined;
    if (only) only.fifo = fifo;
    return only;
  }
}
