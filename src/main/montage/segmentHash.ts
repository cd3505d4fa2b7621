// Runs in Node (main side). The cache key of a grain's segments: a hash of everything that changes
// them (slide images by content, take and extras by identity, trims, layout, timing, encoder).
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { StudioError } from '../../shared/errors';
import type { GrainPlan, OutputFormat } from './montagePlan';
import { X264_SETTINGS, type VideoEncoderChoice } from './videoEncoder';
import { showsCamera } from './videoSegmentArgs';
import { INK_FORMAT_VERSION } from '../pen/inkFramePlan';
import { drawsInk } from '../../shared/logic/strokes/inkTimeline';
import type { FrameRange } from './segmentPieces';
import { FRAME_MS } from '../../shared/logic/montageTimeline';

/** Bump when the argument builders change in a way that changes output for the same inputs. */
export const SEGMENT_FORMAT_VERSION = 9;

const CONTENT_HASH_LIMIT = 16 * 1024 * 1024;

/**
 * Small files (slide images) are hashed by content, so re-rendering a slide in place is noticed;
 * large media (takes, extras, music) by path, size and modification time, to keep hashing instant.
 */
export function fileIdentity(file: string, label: string): string {
  let stat;
  try {
    stat = statSync(file);
  } catch (error) {
    // A missing file is the user's problem to fix, with the grain named: never a silent cache miss.
    throw new StudioError('MEDIA_MISSING', `A file of ${label} is missing: ${file}`, { file, reason: (error as NodeJS.ErrnoException).code });
  }
  if (stat.size <= CONTENT_HASH_LIMIT) return `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
  return `stat:${file}:${stat.size}:${Math.round(stat.mtimeMs)}`;
}

/** What each slide of a grain shows: its picture by content, or its extra video by identity, and its size. */
function slideIdentities(grain: GrainPlan): unknown[] {
  return grain.slides.map((slide) => ({
    image: slide.extraVideoPath ? null : fileIdentity(slide.imagePath, `the slides of ${grain.label}`),
    extra: slide.extraVideoPath ? fileIdentity(slide.extraVideoPath, `the extra videos of ${grain.label}`) : null,
    size: slide.size,
  }));
}

/** What every video key starts with: the format's version, the kind of file, and how it is encoded. */
function encodingIdentity(kind: 'video' | 'video-piece', output: OutputFormat, encoder: VideoEncoderChoice) {
  return { v: SEGMENT_FORMAT_VERSION, kind, output, encoder, x264: encoder.name === 'libx264' ? X264_SETTINGS : null };
}

export function videoSegmentKey(grain: GrainPlan, output: OutputFormat, encoder: VideoEncoderChoice): string {
  const camera = showsCamera(grain);
  return digest({
    ...encodingIdentity('video', output, encoder),
    // A screen grain's one planned slide stands for its recording, hashed as `screen` below.
    slides: grain.screen !== undefined ? null : slideIdentities(grain),
    spans: grain.timeline.spans,
    durationMs: grain.timeline.durationMs,
    layout: { geometry: grain.geometry, background: grain.layout.background },
    take: camera ? { file: fileIdentity(grain.take!.path, `the take of ${grain.label}`), offset: grain.timeline.takeOffsetMs } : null,
    ...(camera && grain.take!.videoPath ? { processed: fileIdentity(grain.take!.videoPath, `the virtual background of ${grain.label}`) } : {}),
    fades: [grain.fadeInMs, grain.fadeOutMs],
    // Pen strokes (issue 15): only present when the take has shown strokes, so other keys stay as they were.
    ...(grain.take?.ink?.length ? { ink: { format: INK_FORMAT_VERSION, events: grain.take.ink } } : {}),
    ...(grain.screen !== undefined ? { screen: grain.screen ? { file: fileIdentity(grain.screen.path, `the screen of ${grain.label}`), size: grain.screen.size, offset: grain.timeline.takeOffsetMs } : 'plain' } : {}),
  });
}

/**
 * The cache key of one key-frame-grid piece of a grain's video (segmentPieces.ts), from what shows in
 * those frames only: so a piece encoded while the take was still being recorded (livePrerender.ts),
 * when the grain's end and its later slides were unknown, is found again once the take is finished.
 * The take counts by its id: its file is remuxed (same frames, new bytes) when the recording stops.
 * Null when the grain is not cut into pieces (pen strokes, screen recordings).
 */
export function videoPieceKey(grain: GrainPlan, output: OutputFormat, encoder: VideoEncoderChoice, range: FrameRange): string | null {
  if (grain.screen !== undefined || drawsInk(grain.take?.ink)) return null;
  const fromMs = range.startFrame * FRAME_MS;
  const toMs = range.endFrame * FRAME_MS;
  const camera = showsCamera(grain);
  const fadeInApplies = grain.fadeInMs > 0 && fromMs < grain.fadeInMs;
  const fadeOutApplies = grain.fadeOutMs > 0 && toMs > grain.timeline.durationMs - grain.fadeOutMs;
  return digest({
    ...encodingIdentity('video-piece', output, encoder),
    range,
    slides: slideIdentities(grain),
    // Each span as far as it shows in the piece; its start stays, since an extra video plays from there.
    spans: grain.timeline.spans.filter((span) => span.endMs > fromMs && span.startMs < toMs).map((span) => ({ slideIndex: span.slideIndex, startMs: span.startMs, fromMs: Math.max(span.startMs, fromMs), toMs: Math.min(span.endMs, toMs) })),
    layout: { geometry: grain.geometry, background: grain.layout.background },
    take: camera ? { id: grain.take!.takeId, processed: Boolean(grain.take!.videoPath), offset: grain.timeline.takeOffsetMs } : null,
    fadeIn: fadeInApplies ? grain.fadeInMs : null,
    fadeOut: fadeOutApplies ? { ms: grain.fadeOutMs, grainMs: grain.timeline.durationMs } : null,
  });
}

export function audioSegmentKey(grain: GrainPlan): string {
  return digest({
    v: SEGMENT_FORMAT_VERSION,
    kind: 'audio',
    take: grain.take ? { file: fileIdentity(grain.take.path, `the take of ${grain.label}`), offset: grain.timeline.takeOffsetMs } : null,
    extras: grain.take ? null : grain.slides.map((slide) => (slide.extraVideoPath && slide.extraHasAudio ? fileIdentity(slide.extraVideoPath, grain.label) : null)),
    spans: grain.take ? null : grain.timeline.spans,
    durationMs: grain.timeline.durationMs,
    denoise: grain.denoise,
    music: grain.music ? { file: fileIdentity(grain.music.path, 'the background music'), volume: grain.music.volume, duck: grain.music.duck, startMs: grain.startMs, first: grain.isFirst, last: grain.isLast } : null,
    fades: [grain.fadeInMs, grain.fadeOutMs],
  });
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}
