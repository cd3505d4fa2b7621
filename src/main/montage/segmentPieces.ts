// Runs in Node (main side), pure. Where a grain's video is cut into pieces encoded side by side: one
// FFmpeg grain encode keeps about one core busy (its decoding and filter graph are serial), so a lone
// long grain on a 2-core machine would leave the other core idle. Pieces start on key-frame
// boundaries and are joined with -c copy, so the segment is the same stream as one encode would give.

/** A run of output frames, start included, end excluded. */
export interface FrameRange {
  startFrame: number;
  endFrame: number;
}

export interface PieceOptions {
  /** The encoder's key-frame interval: every piece starts on a multiple of it. */
  keyintFrames: number;
  /** At most this many pieces (the encode slots: more pieces than slots would only wait). */
  maxPieces: number;
  /** A piece shorter than this is not worth its own FFmpeg (start-up, seeking into the take). */
  minPieceFrames: number;
}

/** 12 s at 25 fps: below this a second process costs more than it saves. */
export const MIN_PIECE_FRAMES = 300;

/**
 * Cuts `frames` into at most `maxPieces` ranges of about equal length, each boundary on a multiple
 * of the key-frame interval; one range when the grain is too short to be worth cutting.
 */
export function planPieces(frames: number, options: PieceOptions): FrameRange[] {
  const whole = [{ startFrame: 0, endFrame: frames }];
  const keyint = Math.max(1, Math.floor(options.keyintFrames));
  const count = Math.min(Math.max(1, Math.floor(options.maxPieces)), Math.floor(frames / Math.max(1, options.minPieceFrames)));
  if (count <= 1) return whole;
  const bounds = [0];
  for (let i = 1; i < count; i += 1) {
    const cut = Math.round((frames * i) / count / keyint) * keyint;
    if (cut > bounds[bounds.length - 1]! && cut < frames) bounds.push(cut);
  }
  bounds.push(frames);
  const ranges: FrameRange[] = [];
  for (let i = 0; i + 1 < bounds.length; i += 1) ranges.push({ startFrame: bounds[i]!, endFrame: bounds[i + 1]! });
  return ranges;
}

/**
 * The key-frame grid's pieces of a grain still being recorded that can no longer change: whole
 * intervals of `keyintFrames` that end `marginFrames` before what is on disk (events still arriving,
 * the take's last cluster) and before the grain's fade-out. Pre-rendered while the teacher speaks
 * (livePrerender.ts), they are the same ranges the finished grain is cut into (planPiecesAfter).
 */
export function settledGridPieces(recordedFrames: number, options: { keyintFrames: number; marginFrames: number; fadeOutFrames: number }): FrameRange[] {
  const keyint = Math.max(1, Math.floor(options.keyintFrames));
  const limit = recordedFrames - Math.max(0, options.marginFrames) - Math.max(0, options.fadeOutFrames);
  const ranges: FrameRange[] = [];
  for (let start = 0; start + keyint <= limit; start += keyint) ranges.push({ startFrame: start, endFrame: start + keyint });
  return ranges;
}

/**
 * A finished grain's pieces when its first `readyFrames` (a multiple of the key-frame interval) are
 * already encoded, one grid piece each: those pieces as they are, then the rest cut as planPieces cuts
 * a whole grain, its boundaries still on the grid.
 */
export function planPiecesAfter(frames: number, readyFrames: number, options: PieceOptions): { ready: FrameRange[]; todo: FrameRange[] } {
  const keyint = Math.max(1, Math.floor(options.keyintFrames));
  const ready: FrameRange[] = [];
  for (let start = 0; start + keyint <= Math.min(readyFrames, frames); start += keyint) ready.push({ startFrame: start, endFrame: start + keyint });
  const from = ready.length > 0 ? ready[ready.length - 1]!.endFrame : 0;
  if (from >= frames) return { ready, todo: [] };
  const todo = planPieces(frames - from, options).map((range) => ({ startFrame: range.startFrame + from, endFrame: range.endFrame + from }));
  return { ready, todo };
}
