// Runs in Node (main side). Pre-renders a grain while its take is being recorded: every few seconds,
// the key-frame-grid pieces of the grain's video that can no longer change (segmentPieces.ts
// settledGridPieces) are encoded, one at a time with one thread, from the take's file as it grows.
// When the take stops, the grain's segment only encodes its last seconds and joins the rest
// (montageEngine.ts encodeVideo): the export after a long take waits for seconds, not minutes.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { StudioError, isStudioError } from '../../shared/errors';
import type { StudioContext } from '../context';
import { runFfmpeg, runFfprobe } from '../ffmpeg/ffmpeg';
import { buildRemuxArgs } from '../recording/remuxPlan';
import { scanTakeFile } from '../recording/takeFinalizer';
import type { MontageEngine } from './montageEngine';
import { settledGridPieces } from './segmentPieces';
import { keyintFrames } from './videoEncoder';
import { frameCount, showsCamera } from './videoSegmentArgs';

export interface LivePrerenderOptions {
  /** How often a take being recorded is looked at. */
  intervalMs?: number;
  /**
   * How far behind what is on disk a piece must end: the renderer sends chunks every 500 ms and
   * events as they happen, so the last seconds may still change (a slide change, the last cluster).
   */
  marginMs?: number;
  enabled?: () => boolean;
  /**
   * `background` (the default): the pieces are encoded below normal priority, so the recording is
   * never slowed, and on a busy machine they wait (the grain is then encoded after the take).
   */
  priority?: 'normal' | 'background';
}

interface LiveTake {
  takeId: string;
  capsuleId: string;
  grainId: string;
  /** Grid pieces (by start frame) encoded or found useless, so they are not tried again. */
  done: Set<number>;
  stop: AbortController;
  timer: NodeJS.Timeout;
  running: Promise<void> | null;
  /** recordingSeekBaseMs of the picture's file (see recordingTiming), measured once. */
  seekBaseMs: number | null;
  /** Not looked at again before this time (see SCAN_SHARE). */
  nextLookAt: number;
}

export const LIVE_PRERENDER_INTERVAL_MS = 2000;
export const LIVE_PRERENDER_MARGIN_MS = 2000;

/**
 * Reading what is on disk walks the whole take file (30 ms for 150 s here, about 0.7 s for an hour):
 * looks are spaced so that it never takes more than 1/SCAN_SHARE of the time.
 */
const SCAN_SHARE = 50;

export class LivePrerenderer {
  private readonly takes = new Map<string, LiveTake>();
  private readonly intervalMs: number;
  private readonly marginMs: number;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: StudioContext,
    private readonly engine: MontageEngine,
    private readonly options: LivePrerenderOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? LIVE_PRERENDER_INTERVAL_MS;
    this.marginMs = options.marginMs ?? LIVE_PRERENDER_MARGIN_MS;
    this.unsubscribe = ctx.events.subscribe((name, payload) => {
      if (name !== 'recording.status') return;
      const status = payload as { takeId: string; grainId: string; capsuleId: string; state: string };
      if (status.state === 'recording') this.follow(status);
      else this.release(status.takeId);
    });
    this.sweepOrphans();
  }

  /** Takes followed right now (tests). */
  get following(): string[] {
    return [...this.takes.keys()];
  }

  close(): void {
    this.unsubscribe();
    for (const takeId of [...this.takes.keys()]) this.release(takeId);
  }

  private follow(status: { takeId: string; grainId: string; capsuleId: string }): void {
    if (this.takes.has(status.takeId) || !(this.options.enabled?.() ?? true)) return;
    const live: LiveTake = {
      takeId: status.takeId,
      capsuleId: status.capsuleId,
      grainId: status.grainId,
      done: new Set(),
      stop: new AbortController(),
      timer: setInterval(() => this.look(live), this.intervalMs),
      running: null,
      seekBaseMs: null,
      nextLookAt: 0,
    };
    live.timer.unref?.();
    this.takes.set(status.takeId, live);
  }

  /**
   * The take stopped (or failed): the piece being encoded is stopped at once, since the take's file
   * is about to be remuxed and replaced; the pieces already encoded stay for the grain's segment.
   */
  private release(takeId: string): void {
    const live = this.takes.get(takeId);
    if (!live) return;
    this.takes.delete(takeId);
    clearInterval(live.timer);
    live.stop.abort();
  }

  /** Waits for the piece being encoded, if any (tests, benchmarks). */
  async idle(takeId: string): Promise<void> {
    await this.takes.get(takeId)?.running;
  }

  private look(live: LiveTake): void {
    if (live.running || live.stop.signal.aborted || Date.now() < live.nextLookAt) return;
    live.running = this.encodeSettled(live)
      .catch((error: unknown) => {
        if (isStudioError(error) && error.code === 'CANCELLED') return;
        // Nothing is lost: the grain is encoded whole once the take is finished. Said in the log only.
        this.ctx.log.info('live pre-render skipped', { takeId: live.takeId, reason: (error as Error).message });
      })
      .finally(() => {
        live.running = null;
      });
  }

  private async encodeSettled(live: LiveTake): Promise<void> {
    const signal = live.stop.signal;
    const row = this.engine.store.take(live.takeId);
    if (!row || row.state !== 'recording') return;
    const capsule = this.ctx.library.get(live.capsuleId);
    const file = this.engine.store.takePath(row, capsule.directory);
    // What is on disk: the camera's file and, with a virtual background, the processed camera beside it.
    const processed = row.processed_file ? path.join(capsule.directory, row.processed_file) : null;
    let recordedMs = Number.POSITIVE_INFINITY;
    const scanStart = performance.now();
    for (const track of [file, ...(processed ? [processed] : [])]) {
      if (!existsSync(track)) return;
      const scan = scanTakeFile(track);
      if (!scan.decodable || scan.lastBlockMs === null) return;
      recordedMs = Math.min(recordedMs, scan.lastBlockMs);
    }
    live.nextLookAt = Date.now() + (performance.now() - scanStart) * SCAN_SHARE - this.intervalMs;
    // The grain is at most as long as what is recorded (trims only shorten it): no new piece, no planning.
    const possible = settledGridPieces(frameCount(recordedMs), { keyintFrames: keyintFrames(), marginFrames: frameCount(this.marginMs), fadeOutFrames: 0 });
    if (possible.every((range) => live.done.has(range.startFrame))) return;
    const plan = await this.engine.plan(live.capsuleId, 1080, signal, new Map([[live.grainId, live.takeId]]), { takeId: live.takeId, durationMs: recordedMs });
    const grain = plan.grains.find((g) => g.grainId === live.grainId);
    if (!grain?.take) return;
    const ranges = settledGridPieces(frameCount(grain.timeline.durationMs), {
      keyintFrames: keyintFrames(),
      marginFrames: frameCount(this.marginMs),
      fadeOutFrames: frameCount(grain.fadeOutMs),
    }).filter((range) => !live.done.has(range.startFrame));
    if (ranges.length === 0) return;
    // The pieces are read from the growing file, timed as the finished (remuxed) file will be.
    const priority = this.options.priority ?? 'background';
    let readable = grain;
    if (showsCamera(grain)) {
      const picture = grain.take.videoPath ?? grain.take.path;
      live.seekBaseMs ??= await recordingTiming(picture, path.join(this.engine.livePieceDir(live.takeId), 'timing.mkv'), signal, priority);
      readable = { ...grain, take: { ...grain.take, recordingSeekBaseMs: live.seekBaseMs } };
    }
    for (const range of ranges) {
      if (signal.aborted || this.engine.store.take(live.takeId)?.state !== 'recording') return;
      await this.engine.encodeLivePiece(plan, readable, range, signal, priority);
      live.done.add(range.startFrame);
    }
  }

  /**
   * At start: the pieces of takes that no longer exist (deleted, or discarded after a crash) are
   * removed, and so are the unfinished pieces (`.part`) a crash left beside the others.
   */
  private sweepOrphans(): void {
    const root = path.dirname(this.engine.livePieceDir('x'));
    if (!existsSync(root)) return;
    for (const takeId of readdirSync(root)) {
      const dir = path.join(root, takeId);
      if (!this.engine.store.take(takeId)) rmSync(dir, { recursive: true, force: true });
      else for (const name of readdirSync(dir)) if (name.endsWith('.part')) rmSync(path.join(dir, name), { force: true });
    }
  }
}

/**
 * Where the picture of a take being recorded must be sought so that it is timed as its finished file
 * will be. The finished take is this file remuxed (remuxPlan.ts), and FFmpeg's remux moves every
 * stream by the file's start time, which an Opus track's codec delay makes negative: the picture ends
 * up a few ms later than in the recorder's file, and the finished file starts elsewhere. Both depend
 * only on the first packets, so the first second is remuxed the same way and compared: seeking the
 * growing file at absolute time `t + base` then gives what seeking the finished file at `t` will.
 */
async function recordingTiming(file: string, sample: string, signal: AbortSignal, priority: 'normal' | 'background'): Promise<number> {
  mkdirSync(path.dirname(sample), { recursive: true });
  try {
    await runFfmpeg(['-nostdin', ...buildRemuxArgs(file, sample, 'matroska', 1000)], { signal, label: 'the take being recorded', priority });
    const [recorded, remuxed] = await Promise.all([firstPictureTiming(file, signal), firstPictureTiming(sample, signal)]);
    return remuxed.startMs - (remuxed.firstFrameMs - recorded.firstFrameMs);
  } finally {
    rmSync(sample, { force: true });
  }
}

/** A file's start time (the earliest of its streams) and its first picture's time, in ms. */
async function firstPictureTiming(file: string, signal: AbortSignal): Promise<{ startMs: number; firstFrameMs: number }> {
  const [format, packet] = await Promise.all([
    runFfprobe(['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', file], { signal }),
    runFfprobe(['-v', 'error', '-select_streams', 'v:0', '-read_intervals', '%+#1', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file], { signal }),
  ]);
  const startMs = Math.round(Number.parseFloat(format.trim()) * 1000);
  const firstFrameMs = Math.round(Number.parseFloat(packet.trim().split('\n')[0] ?? '') * 1000);
  if (!Number.isFinite(startMs) || !Number.isFinite(firstFrameMs)) throw new StudioError('TAKE_CORRUPT', 'The take being recorded has no picture to pre-render yet.');
  return { startMs, firstFrameMs };
}
