// Runs in Node (main side), pure. Which ink pictures a grain's video segment needs and from which
// frame each shows: the pen's timeline (shared with the take preview) sampled at every frame where
// the ink may change, on the slide the montage shows there, one picture per distinct state.
import { FRAME_MS, type SlideSpan } from '../../shared/logic/montageTimeline';
import type { InkEvent } from '../../shared/logic/strokes/inkEvents';
import { inkChangeTimes, inkOnSlide, isEmptyInk, sameInk, sortInkEvents, type VisibleInk } from '../../shared/logic/strokes/inkTimeline';

/** Bump when the ink pictures change for the same strokes (part of the segment's cache key). */
export const INK_FORMAT_VERSION = 1;

export interface InkFrame {
  /** First output frame showing this state (it lasts until the next InkFrame's, or the segment's end). */
  startFrame: number;
  ink: VisibleInk;
}

/** The slide the segment shows at `ms` (segment time). */
export function slideShownAt(spans: readonly SlideSpan[], ms: number): number {
  const span = spans.find((candidate) => ms >= candidate.startMs && ms < candidate.endMs) ?? spans[spans.length - 1];
  return span?.slideIndex ?? 0;
}

/**
 * The ink states of a segment of `frames` frames whose first frame is the take's `takeOffsetMs`.
 * Empty when no ink is ever visible in it (the segment then needs no overlay). A point drawn at
 * take time T shows from the first frame at or after T, never before.
 */
export function planInkFrames(events: readonly InkEvent[], spans: readonly SlideSpan[], takeOffsetMs: number, frames: number): InkFrame[] {
  if (events.length === 0 || frames <= 0) return [];
  const sorted = sortInkEvents(events);
  const candidates = new Set<number>([0]);
  for (const span of spans) candidates.add(Math.ceil(span.startMs / FRAME_MS - 1e-9));
  for (const time of inkChangeTimes(sorted)) candidates.add(Math.ceil((time - takeOffsetMs) / FRAME_MS - 1e-9));
  const plan: InkFrame[] = [];
  for (const frame of [...candidates].filter((f) => f >= 0 && f < frames).sort((a, b) => a - b)) {
    const segmentMs = frame * FRAME_MS;
    const ink = inkOnSlide(sorted, slideShownAt(spans, segmentMs), segmentMs + takeOffsetMs);
    const previous = plan[plan.length - 1];
    if (previous && sameInk(previous.ink, ink)) continue;
    plan.push({ startFrame: frame, ink });
  }
  return plan.some((state) => !isEmptyInk(state.ink)) ? plan : [];
}

/** The concat demuxer's list: each picture for its span of frames (the last one listed twice, as the demuxer wants). */
export function inkConcatList(files: readonly string[], plan: readonly InkFrame[], frames: number): string {
  const lines = ['ffconcat version 1.0'];
  plan.forEach((state, index) => {
    const end = plan[index + 1]?.startFrame ?? frames;
    lines.push(`file '${files[index]!.replace(/'/g, "'\\''")}'`, `duration ${((end - state.startFrame) * FRAME_MS / 1000).toFixed(3)}`);
  });
  const last = files[plan.length - 1];
  if (last) lines.push(`file '${last.replace(/'/g, "'\\''")}'`);
  return `${lines.join('\n')}\n`;
}
