// Runs in Node (main side). Pre-renders a grain while its take is being recorded: every few seconds,
// the key-frame-grid pieces of the grain's video that can no longer change (segmentPieces.ts
// settledGridPieces) are encoded, one at a time with one thread, from the take's file as it grows.
// When the take stops, the grain's segment only encodes its last seconds and joins the rest
// (montageEngine.ts encodeVideo): the export after a long take waits for seconds, not minutes.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { isStudioError } from '../../shared/errors';
import { FRAME_MS } from '../../shared/logic/montageTimeline';
import type { StudioContext } from '../context';
import { runFfmpeg } from '../ffmpeg/ffmpeg';
import { buildRemuxArgs } from '../recording/remuxPlan';
import { scanTakeFile } from '../recording/takeFinalizer';
import type { MontageEngine } from './montageEngine';
import { settledGridPieces } from './segmentPieces';
import { keyintFrames } from './videoEncoder';
import { frameCount } from './videoSegmentArgs';

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
}

export const LIVE_PRERENDER_INTERVAL_MS = 2000;
export const LIVE_PRERENDER_MARGIN_MS = 2000;

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
    if (live.running || live.stop.signal.aborted) return;
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
    for (const track of [file, ...(processed ? [processed] : [])]) {
      if (!existsSync(track)) return;
      const scan = scanTakeFile(track);
      if (!scan.decodable || scan.lastBlockMs === null) return;
      recordedMs = Math.min(recordedMs, scan.lastBlockMs);
    }
    if (recordedMs < keyintFrames() * FRAME_MS) return;
    const plan = await this.engine.plan(live.capsuleId, 1080, signal, new Map([[live.grainId, live.takeId]]), { takeId: live.takeId, durationMs: recordedMs });
    const grain = plan.grains.find((g) => g.grainId === live.grainId);
    if (!grain?.take) return;
    const ranges = settledGridPieces(frameCount(grain.timeline.durationMs), {
      keyintFrames: keyintFrames(),
      marginFrames: frameCount(this.marginMs),
      fadeOutFrames: frameCount(grain.fadeOutMs),
    }).filter((range) => !live.done.has(range.startFrame));
    if (ranges.length === 0) return;
    // The pieces are read from the recorded part remuxed as the finished take will be (remuxPlan.ts):
    // the same frames at the same times, so the finished grain can use them as they are.
    const dir = this.engine.livePieceDir(live.takeId);
    mkdirSync(dir, { recursive: true });
    const untilMs = recordedMs - 100;
    const priority = this.options.priority ?? 'background';
    const camera = await remuxedPrefix(file, path.join(dir, 'camera'), untilMs, signal, priority);
    const processedCamera = processed && grain.take.videoPath ? await remuxedPrefix(processed, path.join(dir, 'processed'), untilMs, signal, priority) : null;
    const readable = { ...grain, take: { ...grain.take, path: camera, videoPath: processedCamera } };
    for (const range of ranges) {
      if (signal.aborted || this.engine.store.take(live.takeId)?.state !== 'recording') return;
      await this.engine.encodeLivePiece(plan, readable, range, signal, this.options.priority ?? 'background');
      live.done.add(range.startFrame);
    }
  }

  /** Pieces of takes that no longer exist (deleted, or discarded after a crash) are removed at start. */
  private sweepOrphans(): void {
    const root = path.dirname(this.engine.livePieceDir('x'));
    if (!existsSync(root)) return;
    for (const takeId of readdirSync(root)) {
      if (!this.engine.store.take(takeId)) rmSync(path.join(root, takeId), { recursive: true, force: true });
    }
  }
}

/**
 * The first `untilMs` of a track being recorded, remuxed like the finished track (replaced each time).
 * Matroska takes any codec a browser records (the finished take is WebM when its codecs allow, written
 * by the same FFmpeg muxer, with the same times).
 */
async function remuxedPrefix(source: string, base: string, untilMs: number, signal: AbortSignal, priority: 'normal' | 'background'): Promise<string> {
  const target = `${base}.mkv`;
  const tmp = `${base}.part.mkv`;
  try {
    await runFfmpeg(['-nostdin', ...buildRemuxArgs(source, tmp, 'matroska', untilMs)], { signal, label: 'the take being recorded', priority });
    renameSync(tmp, target);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return target;
}
