// Runs in Node (main side). The montage engine: probes a capsule's media into a plan, renders each
// grain's video and audio segments into a content-addressed cache, and exports the capsule by
// joining the segments with -c copy. Every file is written to a temporary name and renamed, so a
// failure or a cancel never leaves a partial file where a finished one is expected.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { OutputHeight, RenderOutput, TrimSuggestion } from '../../shared/domain/montage';
import { StudioError, cancelledError, isStudioError, type StudioErrorCode } from '../../shared/errors';
import { buildWebVtt } from '../../shared/logic/webvtt';
import { grainsUnrecordedError } from '../../shared/logic/recordStep';
import type { Size } from '../../shared/logic/layoutGeometry';
import { ffmpegBinaries, probeMedia, runFfmpeg, runFfmpegCapture, type ProbeResult } from '../ffmpeg/ffmpeg';
import { buildFfmetadata } from '../ffmpeg/ffmpegText';
import type { CapsuleLibrary } from '../library/capsuleLibrary';
import type { Logger } from '../log';
import type { SettingsStore } from '../settings/settingsStore';
import { buildAudioSegmentArgs, buildLoudnessMeasureArgs, parseEbur128Summary, type LoudnessMeasurement } from './audioSegmentArgs';
import { EncodeSlots, encodeSlotCount, type EncodePriority } from './encodeSlots';
import { chooseVideoEncoder } from './encoderDetection';
import { buildConcatList, buildJoinArgs, buildPieceJoinArgs, buildPosterArgs, buildStripArgs } from './exportArgs';
import { buildMontagePlan, grainLabel, type GrainPlan, type MontagePlan, type TakeFacts } from './montagePlan';
import { parseTakeEvents, type MontageStore } from './montageStore';
import { SlideContentCache } from './slideContent';
import { probeScreenTrack } from './screenTrack';
import { appliedProcessedPath } from './takeBackground';
import { grainInVideo } from '../../shared/logic/grainKind';
import { CaptionService } from './captionService';
import type { CapsuleCaptions } from '../../shared/domain/montage';
import { mergeLayout } from '../../shared/domain/layout';
import type { SlideContent } from '../../shared/logic/cameraPlacement';
import { audioSegmentKey, videoPieceKey, videoSegmentKey } from './segmentHash';
import { parseSilenceDetect, silenceDetectArgs, suggestTrim } from './silenceTrim';
import { MIN_PIECE_FRAMES, planPiecesAfter, type FrameRange } from './segmentPieces';
import { keyintFrames, type VideoEncoderChoice } from './videoEncoder';
import { buildVideoSegmentArgs, frameCount } from './videoSegmentArgs';
import { inkFilePath, readInkEvents } from '../pen/takeInkFile';
import { withInkOverlay } from '../pen/inkOverlay';
import { drawsInk } from '../../shared/logic/strokes/inkTimeline';

export interface MontageEngineDeps {
  /** The montage's own rows (settings, trims, segments, renders), wired in src/main/services.ts. */
  store: MontageStore;
  libraryDir: string;
  library: CapsuleLibrary;
  settings: SettingsStore;
  log: Logger;
}

export interface RunControl {
  signal?: AbortSignal;
  /** fraction 0..1 of this operation, and a stage key the renderer translates. */
  onProgress?: (fraction: number, stage: string) => void;
  /** Who waits for the encode: exports first, then chosen takes, then takes that may be chosen. */
  priority?: EncodePriority;
}

/** A take being recorded: how much of it is on disk (livePrerender.ts). */
export interface LiveTakeExtent {
  takeId: string;
  durationMs: number;
}

/** A grain's takes to use instead of the chosen ones (speculative pre-rendering of other takes). */
export type TakeOverrides = ReadonlyMap<string, string>;

/** A grain encode in progress, which later callers join instead of encoding the same segments again. */
interface InflightEncode {
  promise: Promise<GrainSegments>;
  listeners: Set<(fraction: number) => void>;
}

/** Counts of real FFmpeg work, so tests can prove what the cache avoided. */
export interface MontageStats {
  videoEncodes: number;
  audioEncodes: number;
  loudnessMeasures: number;
  joins: number;
  /** Grain renders that waited for the same encode started by another caller. */
  joinedEncodes: number;
  /** Pieces of long grains encoded (each a separate FFmpeg, joined into the grain's segment). */
  videoPieces: number;
  /** The most video FFmpegs (whole grains or pieces) that ever ran at once. */
  peakConcurrentVideoEncodes: number;
  /** Pieces encoded while their take was still being recorded (livePrerender.ts). */
  livePieces: number;
  /** Of those, pieces a finished grain's segment was joined from instead of encoding them again. */
  livePiecesUsed: number;
}

export interface GrainSegments {
  video: string;
  audio: string;
  cached: boolean;
}

/** Written at the top of every captions file: the cues are the script, timed from the recording. */
export const CAPTIONS_NOTE = 'Captions from the script (the prompter text, as planned, not a transcript), timed from the recording.';

/** Probed take files remembered by path, size and modification time. */
const PROBED_TAKES_KEPT = 500;

export class MontageEngine {
  readonly store: MontageStore;
  readonly stats: MontageStats = { videoEncodes: 0, audioEncodes: 0, loudnessMeasures: 0, joins: 0, joinedEncodes: 0, videoPieces: 0, peakConcurrentVideoEncodes: 0, livePieces: 0, livePiecesUsed: 0 };
  private videoEncodesRunning = 0;
  readonly slots: EncodeSlots;
  /** What slide pictures hold, for the automatic camera placement (shared with the API for the preview). */
  readonly slideContents: SlideContentCache;
  /** The capsule's captions: the script timed from the recording, reviewed by the teacher. */
  readonly captions: CaptionService;
  private readonly audioSlot: EncodeSlots;
  private encoder: Promise<VideoEncoderChoice> | null = null;
  private readonly inflight = new Map<string, InflightEncode>();
  private readonly inflightFiles = new Map<string, Promise<void>>();
  private readonly probedTakes = new Map<string, Pick<TakeFacts, 'durationMs' | 'video' | 'hasAudio' | 'screen'>>();
  /** What a take being recorded holds (picture size, sound), probed once from its first seconds. */
  private readonly probedLiveTakes = new Map<string, Pick<TakeFacts, 'video' | 'hasAudio'>>();

  constructor(private readonly deps: MontageEngineDeps) {
    this.store = deps.store;
    this.slideContents = new SlideContentCache(path.join(deps.libraryDir, 'cache', 'slide-content'));
    this.captions = new CaptionService(this.store, deps.library, path.join(deps.libraryDir, 'cache', 'speech'));
    const cores = os.availableParallelism();
    this.slots = new EncodeSlots(encodeSlotCount(cores), cores);
    this.audioSlot = new EncodeSlots(1, cores);
  }

  cacheDir(): string {
    return path.join(this.deps.libraryDir, 'cache', 'montage');
  }

  videoEncoder(): Promise<VideoEncoderChoice> {
    if (!this.encoder) {
      this.encoder = chooseVideoEncoder(this.deps.settings, this.deps.log);
      // A failed detection (no FFmpeg yet) must be retried next time.
      this.encoder.catch(() => {
        this.encoder = null;
      });
    }
    return this.encoder;
  }

  // ------------------------------------------------------------ planning

  /**
   * `recording`: a take still being recorded, planned as the `durationMs` already on disk (its events
   * so far), so the pieces that can no longer change are encoded while the teacher speaks.
   */
  async plan(capsuleId: string, height: OutputHeight, signal?: AbortSignal, takeOverrides: TakeOverrides = new Map(), recording?: LiveTakeExtent): Promise<MontagePlan> {
    await requireFfmpeg();
    const capsule = this.deps.library.get(capsuleId);
    const settings = this.store.settings(capsuleId);
    const takes = new Map<string, TakeFacts>();
    const extras = new Map<string, { durationMs: number; size: Size; hasAudio: boolean }>();
    const contents = new Map<string, SlideContent | null>();
    let index = 0;
    for (const grain of capsule.grains) {
      if (!grainInVideo(grain)) continue;
      const label = grainLabel(index);
      index += 1;
      for (const [slideIndex, slide] of grain.slides.entries()) {
        if (slide.extraVideoPath) {
          if (!existsSync(slide.extraVideoPath)) throw new StudioError('EXTRA_VIDEO_MISSING', `The extra video of slide ${slideIndex + 1} in ${label} is missing: ${slide.extraVideoPath}`, { grainId: grain.id, slideId: slide.id });
          const probe = await probeOrExplain(slide.extraVideoPath, 'EXTRA_VIDEO_CORRUPT', `The extra video of slide ${slideIndex + 1} in ${label} cannot be read`, signal);
          const video = probe.streams.find((s) => s.codec_type === 'video');
          if (!video?.width || !video.height) throw new StudioError('EXTRA_VIDEO_CORRUPT', `The extra video of slide ${slideIndex + 1} in ${label} has no picture.`, { grainId: grain.id });
          extras.set(slide.extraVideoPath, {
            durationMs: Math.round(Number.parseFloat(probe.format.duration ?? video.duration ?? '0') * 1000),
            size: { width: video.width, height: video.height },
            hasAudio: probe.streams.some((s) => s.codec_type === 'audio'),
          });
        } else if (!existsSync(slide.imagePath)) {
          throw new StudioError('SLIDE_IMAGE_MISSING', `The image of slide ${slideIndex + 1} in ${label} is missing: ${slide.imagePath}`, { grainId: grain.id, slideId: slide.id });
        }
      }
      const takeId = takeOverrides.get(grain.id) ?? grain.activeTakeId;
      if (takeId) takes.set(grain.id, recording?.takeId === takeId ? await this.probeRecordingTake(recording, capsule.directory, label, grain.id, signal) : await this.probeTake(takeId, capsule.directory, label, grain.id, signal));
      // The camera is placed where the slides leave room: measured only when it is placed automatically.
      const layout = mergeLayout(capsule.layout, grain.layout);
      if (takeId && layout.mode === 'pip' && (layout.pip.placement ?? 'auto') === 'auto') {
        contents.set(grain.id, await this.slideContents.measureGrain(grain.slides, signal));
      }
    }
    let musicDurationMs: number | null = null;
    if (settings.music) {
      if (!existsSync(settings.music.path)) throw new StudioError('MUSIC_MISSING', `The background music file is missing: ${settings.music.path}`);
      const probe = await probeOrExplain(settings.music.path, 'MUSIC_CORRUPT', 'The background music cannot be read', signal);
      if (!probe.streams.some((s) => s.codec_type === 'audio')) throw new StudioError('MUSIC_CORRUPT', 'The background music file has no sound.');
      musicDurationMs = Math.round(Number.parseFloat(probe.format.duration ?? '0') * 1000);
    }
    return buildMontagePlan(capsule, { takes, extras, trims: this.store.trims(capsuleId), musicDurationMs, choices: this.store.grainChoices(capsuleId), contents }, settings, height);
  }

  private async probeTake(takeId: string, capsuleDir: string, label: string, grainId: string, signal?: AbortSignal): Promise<TakeFacts> {
    const row = this.store.take(takeId);
    if (!row) throw new StudioError('TAKE_MISSING', `The chosen take of ${label} no longer exists.`, { grainId, takeId });
    const file = this.store.takePath(row, capsuleDir);
    let stat;
    try {
      stat = statSync(file);
    } catch {
      throw new StudioError('TAKE_MISSING', `The take file of ${label} is missing: ${file}`, { grainId, takeId });
    }
    // Planning runs on every library change (background pre-rendering), for every candidate take:
    // a file already probed, unchanged since, is not probed again.
    const identity = `${file}:${stat.size}:${Math.round(stat.mtimeMs)}`;
    let facts = this.probedTakes.get(identity);
    if (!facts) {
      const probe = await probeOrExplain(file, 'TAKE_CORRUPT', `The take of ${label} cannot be read (the file is damaged)`, signal, { grainId, takeId });
      const video = probe.streams.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0);
      const hasAudio = probe.streams.some((s) => s.codec_type === 'audio');
      if (!video && !hasAudio) throw new StudioError('TAKE_CORRUPT', `The take of ${label} holds neither sound nor picture.`, { grainId, takeId });
      let durationMs = Math.round(Number.parseFloat(probe.format.duration ?? 'NaN') * 1000);
      if (!Number.isFinite(durationMs) || durationMs <= 0) durationMs = row.duration_ms ?? (await scanDurationMs(file, label, signal));
      facts = { durationMs, video: video ? { width: video.width!, height: video.height! } : null, hasAudio, screen: await probeScreenTrack(row, capsuleDir, label, signal) };
      if (this.probedTakes.size >= PROBED_TAKES_KEPT) this.probedTakes.delete(this.probedTakes.keys().next().value!);
      this.probedTakes.set(identity, facts);
    }
    // Pen strokes (issue 15): drawn over the slides unless the teacher hid them.
    const ink = (row as { ink_shown?: number }).ink_shown === 0 ? null : readInkEvents(inkFilePath(file, takeId));
    return { takeId, path: file, ...facts, videoPath: appliedProcessedPath(row, capsuleDir), events: parseTakeEvents(row.events_json), ink };
  }

  private async probeRecordingTake(recording: LiveTakeExtent, capsuleDir: string, label: string, grainId: string, signal?: AbortSignal): Promise<TakeFacts> {
    const row = this.store.take(recording.takeId);
    if (!row) throw new StudioError('TAKE_MISSING', `The take of ${label} no longer exists.`, { grainId, takeId: recording.takeId });
    const file = this.store.takePath(row, capsuleDir);
    let facts = this.probedLiveTakes.get(recording.takeId);
    if (!facts) {
      const probe = await probeOrExplain(file, 'TAKE_CORRUPT', `The take of ${label} being recorded cannot be read yet`, signal, { grainId, takeId: recording.takeId });
      const video = probe.streams.find((s) => s.codec_type === 'video' && (s.width ?? 0) > 0);
      facts = { video: video ? { width: video.width!, height: video.height! } : null, hasAudio: probe.streams.some((s) => s.codec_type === 'audio') };
      if (this.probedLiveTakes.size >= PROBED_TAKES_KEPT) this.probedLiveTakes.delete(this.probedLiveTakes.keys().next().value!);
      this.probedLiveTakes.set(recording.takeId, facts);
    }
    // Strokes drawn so far make the grain one encode once finished (see encodeVideo): nothing to pre-render in pieces.
    const ink = (row as { ink_shown?: number }).ink_shown === 0 ? null : readInkEvents(inkFilePath(file, recording.takeId));
    return { takeId: recording.takeId, path: file, durationMs: recording.durationMs, ...facts, videoPath: appliedProcessedPath(row, capsuleDir), events: parseTakeEvents(row.events_json), ink };
  }

  // ------------------------------------------------------------ segments

  /** Whether both segments of a grain are already in the cache (nothing to encode). */
  async isGrainCached(plan: MontagePlan, grain: GrainPlan): Promise<boolean> {
    const encoder = await this.videoEncoder();
    const dir = this.cacheDir();
    return existsSync(path.join(dir, `${videoSegmentKey(grain, plan.output, encoder)}.video.mp4`)) && existsSync(path.join(dir, `${audioSegmentKey(grain)}.audio.m4a`));
  }

  /**
   * Renders (or finds in the cache) a grain's video and audio segments. A caller asking for segments
   * that another caller is already encoding waits for that encode instead of starting a second one.
   */
  async renderGrain(plan: MontagePlan, grain: GrainPlan, control: RunControl = {}): Promise<GrainSegments> {
    try {
      for (;;) {
        const encoder = await this.videoEncoder();
        const dir = this.cacheDir();
        const videoKey = videoSegmentKey(grain, plan.output, encoder);
        const audioKey = audioSegmentKey(grain);
        const video = path.join(dir, `${videoKey}.video.mp4`);
        const audio = path.join(dir, `${audioKey}.audio.m4a`);
        if (existsSync(video) && existsSync(audio)) {
          this.store.touchSegment(videoKey, 'video');
          this.store.touchSegment(audioKey, 'audio');
          control.onProgress?.(1, 'cached');
          return { video, audio, cached: true };
        }
        const key = `${videoKey}|${audioKey}`;
        const running = this.inflight.get(key);
        if (!running) {
          const listeners = new Set<(fraction: number) => void>();
          const promise = this.encodeGrain(plan, grain, { encoder, videoKey, audioKey, video, audio }, control, listeners);
          this.inflight.set(key, { promise, listeners });
          try {
            return await promise;
          } finally {
            this.inflight.delete(key);
          }
        }
        this.stats.joinedEncodes += 1;
        const follow = (fraction: number) => control.onProgress?.(fraction, 'encoding');
        running.listeners.add(follow);
        try {
          return await untilAborted(running.promise, control.signal);
        } catch (error) {
          // The encode we joined was cancelled by its owner (a deleted take, a cancelled job): encode it ourselves.
          if (isStudioError(error) && error.code === 'CANCELLED' && !control.signal?.aborted) continue;
          throw error;
        } finally {
          running.listeners.delete(follow);
        }
      }
    } catch (error) {
      throw nameTheGrain(error, grain);
    }
  }

  private async encodeGrain(
    plan: MontagePlan,
    grain: GrainPlan,
    target: { encoder: VideoEncoderChoice; videoKey: string; audioKey: string; video: string; audio: string },
    control: RunControl,
    listeners: ReadonlySet<(fraction: number) => void>,
  ): Promise<GrainSegments> {
    return this.encodeGrainSegments(plan, grain, target, {
      signal: control.signal,
      priority: control.priority,
      onProgress: (fraction, stage) => {
        control.onProgress?.(fraction, stage);
        for (const listener of listeners) listener(fraction);
      },
    });
  }

  private async encodeGrainSegments(
    plan: MontagePlan,
    grain: GrainPlan,
    target: { encoder: VideoEncoderChoice; videoKey: string; audioKey: string; video: string; audio: string },
    control: RunControl,
  ): Promise<GrainSegments> {
    const { encoder, videoKey, audioKey, video, audio } = target;
    mkdirSafe(this.cacheDir(), grain.label);
    const needVideo = !existsSync(video);
    const needAudio = !existsSync(audio);
    let videoFraction = needVideo ? 0 : 1;
    let audioFraction = needAudio ? 0 : 1;
    // Video dominates the cost; audio is measured then encoded alongside it.
    const report = () => control.onProgress?.(needVideo ? videoFraction * 0.9 + audioFraction * 0.1 : audioFraction, 'encoding');
    const tasks: Promise<void>[] = [];
    if (needVideo) {
      tasks.push(
        this.once(video, control.signal, () =>
          this.encodeVideo(plan, grain, encoder, video, control, (f) => {
            videoFraction = f;
            report();
          }).then(() => {
            this.stats.videoEncodes += 1;
            this.store.recordSegment({ hash: videoKey, kind: 'video', file: video, capsuleId: plan.capsuleId, grainId: grain.grainId, durationMs: grain.timeline.durationMs, bytes: statSync(video).size });
          }),
        ),
      );
    }
    if (needAudio) {
      // Grains with the same sound (one take shared by several grains) share one audio segment.
      tasks.push(
        this.once(audio, control.signal, async () => {
          // One grain's sound at a time, beside the video encodes: it is a small share of the work,
          // and two more FFmpegs at once would only add memory.
          const audioSlot = await this.audioSlot.acquire(control.priority ?? 'export', control.signal);
          // Pass 1 writes the mix it measures, so pass 2 only normalises and encodes it (a `.part` name:
          // what a crash leaves is swept at the next start, scratchRegistry.ts).
          const prepared = `${audio}.${randomUUID().slice(0, 8)}.mix.part`;
          try {
            const measurement = await this.measureLoudness(grain, audioKey, control.signal, prepared);
            audioFraction = 0.3;
            report();
            const preparedFile = existsSync(prepared) ? prepared : null;
            await this.encodeTo(audio, (tmp) => buildAudioSegmentArgs(grain, measurement, tmp, preparedFile), grain.label, control.signal, (f) => {
              audioFraction = 0.3 + 0.7 * f;
              report();
            });
          } finally {
            rmSync(prepared, { force: true });
            audioSlot.release();
          }
          this.stats.audioEncodes += 1;
          this.store.recordSegment({ hash: audioKey, kind: 'audio', file: audio, capsuleId: plan.capsuleId, grainId: grain.grainId, durationMs: grain.timeline.durationMs, bytes: statSync(audio).size });
        }),
      );
    }
    const settled = await Promise.allSettled(tasks);
    const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) throw failure.reason;
    control.onProgress?.(1, 'encoding');
    return { video, audio, cached: false };
  }

  /**
   * A grain's video segment. A grain long enough is cut into pieces on key-frame boundaries, each
   * encoded in its own slot (so a lone grain uses every slot, hence every core), then joined with
   * -c copy; a short one is one encode. Each encode is told the threads its slot may use.
   */
  private async encodeVideo(plan: MontagePlan, grain: GrainPlan, encoder: VideoEncoderChoice, file: string, control: RunControl, onFraction: (fraction: number) => void): Promise<void> {
    const priority = control.priority ?? 'export';
    const frames = frameCount(grain.timeline.durationMs);
    // Pen strokes (issue 15) are timed on the whole grain's clock: a grain drawn on is one encode.
    const inked = drawsInk(grain.take?.ink);
    // Pieces encoded while the take was recorded (livePrerender.ts), in order from the grain's start.
    const ready = inked ? [] : this.readyLivePieces(plan, grain, encoder, frames);
    const readyFrames = ready.length > 0 ? ready[ready.length - 1]!.range.endFrame : 0;
    const ranges = inked ? [{ startFrame: 0, endFrame: frames }] : planPiecesAfter(frames, readyFrames, { keyintFrames: keyintFrames(), maxPieces: this.slots.slots, minPieceFrames: MIN_PIECE_FRAMES }).todo;
    if (ready.length === 0 && ranges.length === 1) {
      const slot = await this.slots.acquire(priority, control.signal);
      try {
        // The ink's timed pictures are drawn into a folder beside the segment, removed once encoded.
        await withInkOverlay(grain, plan.output, `${file}.ink`, (ink) =>
          this.countedVideoEncode(() => this.encodeTo(file, (tmp) => buildVideoSegmentArgs(grain, plan.output, encoder, tmp, { threads: slot.threads, ink }), grain.label, control.signal, onFraction)),
        );
      } finally {
        slot.release();
      }
      return;
    }
    // A `.part` name: what a crash leaves behind is swept at the next start (scratchRegistry.ts).
    const dir = `${file}.${randomUUID().slice(0, 8)}.pieces.part`;
    mkdirSafe(dir, grain.label);
    // The first failing piece stops the others: the error the user sees is the one that happened.
    const siblings = new AbortController();
    const stopSiblings = () => siblings.abort();
    control.signal?.addEventListener('abort', stopSiblings, { once: true });
    if (control.signal?.aborted) siblings.abort();
    const todoFrames = frames - readyFrames || 1;
    const fractions = ranges.map(() => 0);
    const report = () => onFraction(0.98 * ranges.reduce((sum, r, i) => sum + fractions[i]! * (r.endFrame - r.startFrame), 0) / todoFrames);
    try {
      const settled = await Promise.allSettled(
        ranges.map(async (range, i) => {
          const slot = await this.slots.acquire(priority, siblings.signal);
          try {
            const piece = path.join(dir, `piece-${String(i).padStart(3, '0')}.mp4`);
            await this.countedVideoEncode(() =>
              this.encodeTo(piece, (tmp) => buildVideoSegmentArgs(grain, plan.output, encoder, tmp, { threads: slot.threads, range }), grain.label, siblings.signal, (f) => {
                fractions[i] = f;
                report();
              }),
            );
            this.stats.videoPieces += 1;
            return piece;
          } catch (error) {
            siblings.abort();
            throw error;
          } finally {
            slot.release();
          }
        }),
      );
      const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown);
      if (failures.length > 0) throw failures.find((e) => !(isStudioError(e) && e.code === 'CANCELLED')) ?? failures[0];
      const pieces = [...ready.map((piece) => piece.file), ...settled.map((s) => (s as PromiseFulfilledResult<string>).value)];
      const list = path.join(dir, 'pieces.ffconcat');
      writeFileAtomic(list, buildConcatList(pieces), grain.label);
      await this.encodeTo(file, (tmp) => ({ args: buildPieceJoinArgs(list, tmp), durationSec: frames / 25 }), grain.label, control.signal, () => undefined);
      this.stats.livePiecesUsed += ready.length;
      // Joined into the grain's segment: the pieces recorded live are not needed any more.
      for (const piece of ready) rmSync(piece.file, { force: true });
      onFraction(1);
    } finally {
      control.signal?.removeEventListener('abort', stopSiblings);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Where the pieces encoded while a take was recorded are kept until its grain's segment is joined. */
  livePieceDir(takeId: string): string {
    return path.join(this.cacheDir(), 'live', takeId);
  }

  /** The grain's first key-frame-grid pieces already encoded while its take was recorded, in order, without a gap. */
  private readyLivePieces(plan: MontagePlan, grain: GrainPlan, encoder: VideoEncoderChoice, frames: number): { range: FrameRange; file: string }[] {
    if (!grain.take || !existsSync(this.livePieceDir(grain.take.takeId))) return [];
    const keyint = keyintFrames();
    const ready: { range: FrameRange; file: string }[] = [];
    for (let start = 0; start + keyint <= frames; start += keyint) {
      const range = { startFrame: start, endFrame: start + keyint };
      const key = videoPieceKey(grain, plan.output, encoder, range);
      if (key === null) return [];
      const file = path.join(this.livePieceDir(grain.take.takeId), `${key}.mp4`);
      if (!existsSync(file)) break;
      ready.push({ range, file });
    }
    return ready;
  }

  /**
   * Encodes one key-frame-grid piece of a grain whose take is still being recorded (livePrerender.ts),
   * with one thread and below normal priority: the recording itself comes first. Returns false when the grain
   * is not cut into pieces (pen strokes, a screen recording) or the piece is already there.
   */
  async encodeLivePiece(plan: MontagePlan, grain: GrainPlan, range: FrameRange, signal?: AbortSignal, priority: 'normal' | 'background' = 'background'): Promise<boolean> {
    if (!grain.take) return false;
    const encoder = await this.videoEncoder();
    const key = videoPieceKey(grain, plan.output, encoder, range);
    if (key === null) return false;
    const dir = this.livePieceDir(grain.take.takeId);
    const file = path.join(dir, `${key}.mp4`);
    if (existsSync(file)) return false;
    mkdirSafe(dir, grain.label);
    const slot = await this.slots.acquire('prerender', signal);
    try {
      // Below normal priority: the browser encoding the camera must never wait for it.
      await this.countedVideoEncode(() => this.encodeTo(file, (tmp) => buildVideoSegmentArgs(grain, plan.output, encoder, tmp, { threads: 1, range }), grain.label, signal, () => undefined, priority));
    } finally {
      slot.release();
    }
    this.stats.livePieces += 1;
    return true;
  }

  /** Counts the video FFmpegs running at once (tests and benchmarks read the peak). */
  private async countedVideoEncode(work: () => Promise<void>): Promise<void> {
    this.videoEncodesRunning += 1;
    this.stats.peakConcurrentVideoEncodes = Math.max(this.stats.peakConcurrentVideoEncodes, this.videoEncodesRunning);
    try {
      await work();
    } finally {
      this.videoEncodesRunning -= 1;
    }
  }

  /**
   * Runs `work` that writes `file`, unless it is already being written by another grain: then waits
   * for that instead. If the other writer was cancelled, the file is written here after all.
   */
  private async once(file: string, signal: AbortSignal | undefined, work: () => Promise<void>): Promise<void> {
    for (;;) {
      if (existsSync(file)) return;
      const running = this.inflightFiles.get(file);
      if (!running) {
        const promise = work();
        this.inflightFiles.set(file, promise);
        try {
          return await promise;
        } finally {
          this.inflightFiles.delete(file);
        }
      }
      try {
        return await untilAborted(running, signal);
      } catch (error) {
        if (isStudioError(error) && error.code === 'CANCELLED' && !signal?.aborted) continue;
        throw error;
      }
    }
  }

  /** Pass 1 of the loudness normalisation, cached next to the audio segment; when it runs, the mix it measured is written to `preparedFile`. */
  private async measureLoudness(grain: GrainPlan, audioKey: string, signal?: AbortSignal, preparedFile?: string): Promise<LoudnessMeasurement | null> {
    const args = buildLoudnessMeasureArgs(grain, preparedFile);
    if (!args) return null;
    const cacheFile = path.join(this.cacheDir(), `${audioKey}.r128.json`);
    if (existsSync(cacheFile)) return JSON.parse(readFileSync(cacheFile, 'utf8')) as LoudnessMeasurement;
    // The mix a failed pass leaves is removed by the caller, which owns `preparedFile`.
    const { stderr } = await runFfmpegCapture(['-loglevel', 'info', ...args], { signal, label: grain.label }).catch((error: unknown) => {
      throw asDiskFull(error, grain.label);
    });
    this.stats.loudnessMeasures += 1;
    const measurement = parseEbur128Summary(stderr);
    writeFileAtomic(cacheFile, JSON.stringify(measurement), grain.label);
    return measurement;
  }

  private async encodeTo(
    file: string,
    build: (tmp: string) => { args: string[]; durationSec: number },
    label: string,
    signal: AbortSignal | undefined,
    onFraction: (fraction: number) => void,
    priority: 'normal' | 'background' = 'normal',
  ): Promise<void> {
    const tmp = `${file}.${randomUUID().slice(0, 8)}.part`;
    const { args, durationSec } = build(tmp);
    try {
      await runFfmpeg(args, { signal, durationSec, label, priority, onProgress: (p) => p.fraction !== null && onFraction(p.fraction) });
      renameSync(tmp, file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw asDiskFull(error, label);
    }
  }

  // ------------------------------------------------------------ export

  /** Renders what is missing, then joins every segment into one MP4 with chapters, captions, poster and strip. */
  async render(capsuleId: string, options: { height?: OutputHeight; outFile?: string }, control: RunControl = {}): Promise<RenderOutput> {
    const height = options.height ?? 1080;
    control.onProgress?.(0, 'preparing');
    const plan = await this.plan(capsuleId, height, control.signal);
    // No silent slides without a word: grains without a take wait for the teacher's decision.
    const undecided = plan.grains.filter((grain) => grain.undecided);
    if (undecided.length > 0) {
      const titles = new Map(this.deps.library.get(capsuleId).grains.map((g) => [g.id, g.title]));
      throw grainsUnrecordedError(undecided.map((grain) => ({ grainId: grain.grainId, position: grain.index, title: titles.get(grain.grainId) ?? '' })));
    }
    const total = plan.grains.reduce((sum, g) => sum + g.timeline.durationMs, 0) || 1;
    const fractions = plan.grains.map(() => 0);
    // One stage for the whole step (a stage change restarts the ETA): encoding as soon as one grain encodes.
    let encoding = false;
    const report = (stage: string) => {
      encoding ||= stage !== 'cached';
      control.onProgress?.(Math.min(0.95, (plan.grains.reduce((sum, g, i) => sum + fractions[i]! * g.timeline.durationMs, 0) / total) * 0.95), encoding ? 'encoding' : 'cached');
    };
    // Every grain is asked for at once: the encode slots run as many as the cores allow, and the
    // first failure stops the others, so the error the user sees is the one that happened.
    const siblings = new AbortController();
    const stopSiblings = () => siblings.abort();
    control.signal?.addEventListener('abort', stopSiblings, { once: true });
    if (control.signal?.aborted) siblings.abort();
    let segments: GrainSegments[];
    try {
      const settled = await Promise.allSettled(
        plan.grains.map((grain, i) =>
          this.renderGrain(plan, grain, {
            signal: siblings.signal,
            priority: control.priority ?? 'export',
            onProgress: (f, stage) => {
              fractions[i] = f;
              report(stage === 'cached' ? 'cached' : 'encoding');
            },
          }).catch((error: unknown) => {
            siblings.abort();
            throw error;
          }),
        ),
      );
      const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as unknown);
      if (failures.length > 0) throw failures.find((e) => !(isStudioError(e) && e.code === 'CANCELLED')) ?? failures[0];
      segments = settled.map((s) => (s as PromiseFulfilledResult<GrainSegments>).value);
    } finally {
      control.signal?.removeEventListener('abort', stopSiblings);
    }
    const cachedGrains = segments.filter((s) => s.cached).length;
    control.onProgress?.(0.95, 'joining');
    const captions = await this.captions.forPlan(plan, control.signal);
    const output = await this.exportPlan(plan, segments, options.outFile ?? this.defaultOutFile(plan, height), control.signal, captions);
    control.onProgress?.(1, 'done');
    return { ...output, cachedGrains, renderedGrains: plan.grains.length - cachedGrains, encoder: (await this.videoEncoder()).name };
  }

  defaultOutFile(plan: MontagePlan, height: OutputHeight): string {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return path.join(this.deps.library.capsuleDir(plan.capsuleId), 'renders', `${slug(plan.title)}-${height}p-${stamp}.mp4`);
  }

  async exportPlan(
    plan: MontagePlan,
    segments: readonly GrainSegments[],
    outFile: string,
    signal?: AbortSignal,
    captions?: CapsuleCaptions,
  ): Promise<Omit<RenderOutput, 'cachedGrains' | 'renderedGrains' | 'encoder'>> {
    const captionSet = captions ?? (await this.captions.forPlan(plan, signal));
    const out = path.resolve(outFile);
    const label = 'the export';
    mkdirSafe(path.dirname(out), label);
    const work = path.join(this.cacheDir(), `export-${randomUUID().slice(0, 8)}`);
    mkdirSafe(work, label);
    const tmp = path.join(path.dirname(out), `.${path.basename(out)}.${randomUUID().slice(0, 8)}.part`);
    try {
      const videoList = path.join(work, 'video.ffconcat');
      const audioList = path.join(work, 'audio.ffconcat');
      const metadata = path.join(work, 'chapters.ffmeta');
      writeFileAtomic(videoList, buildConcatList(segments.map((s) => s.video)), label);
      writeFileAtomic(audioList, buildConcatList(segments.map((s) => s.audio)), label);
      writeFileAtomic(metadata, buildFfmetadata(plan.title, plan.timeline.chapters), label);
      await runFfmpeg(buildJoinArgs(videoList, audioList, metadata, tmp), { signal, durationSec: plan.timeline.durationMs / 1000, label });
      this.stats.joins += 1;
      renameSync(tmp, out);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw asDiskFull(error, label);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }

    const base = out.replace(/\.mp4$/i, '');
    const chaptersVtt = `${base}.chapters.vtt`;
    const captionsVtt = `${base}.captions.vtt`;
    writeFileAtomic(chaptersVtt, buildWebVtt(plan.timeline.chapters.map((c) => ({ startMs: c.startMs, endMs: c.endMs, text: c.title }))), label);
    writeFileAtomic(captionsVtt, buildWebVtt(captionSet.cues, { note: CAPTIONS_NOTE }), label);
    const poster = `${base}.poster.jpg`;
    const thumbnailStrip = `${base}.thumbs.jpg`;
    await Promise.all([
      this.imageTo(poster, (tmpFile) => buildPosterArgs(out, plan.timeline.durationMs, tmpFile), signal),
      this.imageTo(thumbnailStrip, (tmpFile) => buildStripArgs(out, plan.timeline.durationMs, tmpFile), signal),
    ]);
    return {
      capsuleId: plan.capsuleId,
      file: out,
      durationMs: plan.timeline.durationMs,
      height: plan.output.height as OutputHeight,
      bytes: statSync(out).size,
      chaptersVtt,
      captionsVtt,
      captions: { source: 'script', enabled: captionSet.enabled, cueCount: captionSet.cues.length, edited: captionSet.edited },
      poster,
      thumbnailStrip,
    };
  }

  private async imageTo(file: string, build: (tmp: string) => string[], signal?: AbortSignal): Promise<void> {
    const tmp = `${file}.${randomUUID().slice(0, 8)}.part`;
    try {
      await runFfmpeg(build(tmp), { signal, label: 'the poster and thumbnails' });
      renameSync(tmp, file);
    } catch (error) {
      rmSync(tmp, { force: true });
      throw asDiskFull(error, 'the poster and thumbnails');
    }
  }

  // ------------------------------------------------------------ trims

  /** Head and tail trims suggested from the take's silences. */
  async suggestTrim(grainId: string, signal?: AbortSignal): Promise<TrimSuggestion> {
    const capsuleId = this.store.grainCapsuleId(grainId);
    const capsule = this.deps.library.get(capsuleId);
    const index = capsule.grains.findIndex((g) => g.id === grainId);
    const grain = capsule.grains[index]!;
    const label = grainLabel(index);
    if (!grain.activeTakeId) throw new StudioError('NO_TAKE', `${capitalise(label)} has no chosen take to trim.`, { grainId });
    const take = await this.probeTake(grain.activeTakeId, capsule.directory, label, grainId, signal);
    if (!take.hasAudio) throw new StudioError('TAKE_NO_AUDIO', `The take of ${label} has no sound.`, { grainId });
    const { stderr } = await runFfmpegCapture(['-loglevel', 'info', ...silenceDetectArgs(take.path)], { signal, label });
    const trim = suggestTrim(parseSilenceDetect(stderr), take.durationMs);
    return { grainId, startMs: trim.startMs, endMs: trim.endMs, takeDurationMs: take.durationMs };
  }
}

// ------------------------------------------------------------ helpers

async function requireFfmpeg(): Promise<void> {
  try {
    const found = await ffmpegBinaries();
    if (!found.ffprobe) throw new StudioError('FFPROBE_NOT_FOUND', 'ffprobe was not found next to FFmpeg or on PATH.');
  } catch (error) {
    const info = isStudioError(error) ? error : null;
    throw new StudioError(info?.code ?? 'FFMPEG_NOT_FOUND', `FFmpeg is needed to render: ${(error as Error).message}`, info?.details);
  }
}

async function probeOrExplain(file: string, code: StudioErrorCode, message: string, signal: AbortSignal | undefined, details: Record<string, unknown> = {}): Promise<ProbeResult> {
  try {
    return await probeMedia(file, { signal });
  } catch (error) {
    if (isStudioError(error) && error.code === 'MEDIA_UNREADABLE') throw new StudioError(code, `${message}: ${error.message}`, { ...details, file });
    throw error;
  }
}

/** Containers without a duration (live WebM): read the packets to the end, without decoding. */
async function scanDurationMs(file: string, label: string, signal?: AbortSignal): Promise<number> {
  const { stderr } = await runFfmpegCapture(['-loglevel', 'info', '-i', file, '-map', '0', '-c', 'copy', '-f', 'null', '-'], { signal, label });
  const times = [...stderr.matchAll(/time=(\d+):(\d+):([\d.]+)/g)];
  const last = times[times.length - 1];
  if (!last) throw new StudioError('TAKE_CORRUPT', `The length of the take of ${label} cannot be read.`);
  return Math.round((Number(last[1]) * 3600 + Number(last[2]) * 60 + Number(last[3])) * 1000);
}

/** Stops waiting when the caller gives up; the awaited work itself goes on for its owner. */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(cancelledError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function nameTheGrain(error: unknown, grain: GrainPlan): unknown {
  if (!isStudioError(error) || error.code === 'CANCELLED') return error;
  if (error.message.includes(grain.label)) return error;
  return new StudioError(error.code, `${capitalise(grain.label)}: ${error.message}`, { ...(error.details ?? {}), grainId: grain.grainId });
}

function asDiskFull(error: unknown, label: string): unknown {
  if ((error as NodeJS.ErrnoException)?.code === 'ENOSPC') return new StudioError('DISK_FULL', `The disk is full (${label}): free some space and try again.`, { label });
  return error;
}

function writeFileAtomic(file: string, text: string, label: string): void {
  const tmp = `${file}.${randomUUID().slice(0, 8)}.part`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw asDiskFull(error, label);
  }
}

function mkdirSafe(dir: string, label: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw asDiskFull(error, label);
  }
}

function slug(title: string): string {
  return (
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase()
      .slice(0, 60) || 'capsule'
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
