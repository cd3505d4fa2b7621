// Runs in Node (unit tests). The pieces of a grain pre-rendered while its take is recorded: which grid
// pieces are settled, how a finished grain is cut after them, and the piece key, which must be the same
// for a grain planned mid-recording and the finished grain wherever the frames are the same, and differ
// wherever they are not.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, mergeLayout, type LayoutSettings } from '../../src/shared/domain/layout';
import { computeGrainTimeline } from '../../src/shared/logic/montageTimeline';
import type { TakeEvent } from '../../src/shared/domain/take';
import type { GrainPlan } from '../../src/main/montage/montagePlan';
import { planPieces, planPiecesAfter, settledGridPieces } from '../../src/main/montage/segmentPieces';
import { videoPieceKey } from '../../src/main/montage/segmentHash';
import { grainPlanOf, plannedSlides } from '../support/grainPlans';

describe('settledGridPieces', () => {
  it('gives the whole grid intervals that end before the margin and the fade-out', () => {
    const options = { keyintFrames: 250, marginFrames: 50, fadeOutFrames: 0 };
    expect(settledGridPieces(299, options)).toEqual([]);
    expect(settledGridPieces(300, options)).toEqual([{ startFrame: 0, endFrame: 250 }]);
    expect(settledGridPieces(850, options)).toEqual([
      { startFrame: 0, endFrame: 250 },
      { startFrame: 250, endFrame: 500 },
      { startFrame: 500, endFrame: 750 },
    ]);
    expect(settledGridPieces(820, { ...options, fadeOutFrames: 25 })).toHaveLength(2);
  });
});

describe('planPiecesAfter', () => {
  const options = { keyintFrames: 250, maxPieces: 2, minPieceFrames: 300 };

  it('cuts the grain as planPieces does when nothing was recorded live', () => {
    expect(planPiecesAfter(3750, 0, options)).toEqual({ ready: [], todo: planPieces(3750, options) });
  });

  it('keeps the live pieces and cuts the rest on the same grid', () => {
    const tail = planPiecesAfter(3750, 3250, options);
    expect(tail.ready).toHaveLength(13);
    expect(tail.todo).toEqual([{ startFrame: 3250, endFrame: 3750 }]);
    const rest = planPiecesAfter(3750, 1000, options);
    expect(rest.todo).toEqual([
      { startFrame: 1000, endFrame: 2500 },
      { startFrame: 2500, endFrame: 3750 },
    ]);
    // Every frame exactly once, in order.
    const all = [...rest.ready, ...rest.todo];
    for (let i = 1; i < all.length; i += 1) expect(all[i]!.startFrame).toBe(all[i - 1]!.endFrame);
    expect(all[all.length - 1]!.endFrame).toBe(3750);
    expect(planPiecesAfter(750, 750, options)).toEqual({ ready: [{ startFrame: 0, endFrame: 250 }, { startFrame: 250, endFrame: 500 }, { startFrame: 500, endFrame: 750 }], todo: [] });
  });
});

describe('videoPieceKey', () => {
  const dir = path.join(os.tmpdir(), `live-pieces-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const images = ['a', 'b', 'c'].map((id) => {
    const file = path.join(dir, `${id}.png`);
    writeFileSync(file, `slide ${id}`);
    return file;
  });
  const output = { width: 1920, height: 1080, fps: 25 as const };
  const encoder = { name: 'libx264' as const };

  function grain(durationMs: number, events: TakeEvent[], options: { fadeMs?: number; offsetMs?: number; layout?: Partial<LayoutSettings>; ink?: boolean } = {}): GrainPlan {
    const layout = mergeLayout(DEFAULT_LAYOUT, options.layout ?? null);
    const take = {
      takeId: 't',
      path: '/takes/t.webm',
      durationMs,
      video: { width: 1280, height: 720 },
      hasAudio: true,
      events,
      ink: options.ink ? [{ type: 'slide' as const, id: 's1', atMs: 0, slideIndex: 0 }, { type: 'pen' as const, id: 'p1', atMs: 1000, slideIndex: 0, color: '#ff0000', width: 0.01, points: [[0.1, 0.1, 1000] as const, [0.2, 0.2, 1040] as const] }] : [{ type: 'slide' as const, id: 's1', atMs: 0, slideIndex: 0 }],
    };
    const slides = plannedSlides(['s0', 's1', 's2']).map((slide, i) => ({ ...slide, imagePath: images[i]! }));
    const timeline = computeGrainTimeline({
      slides: slides.map(() => ({ prompt: '', extraDurationMs: null })),
      take: { durationMs, events },
      trim: options.offsetMs ? { startMs: options.offsetMs, endMs: 0 } : undefined,
    });
    return grainPlanOf({ slides, take, timeline, layout, fadeInMs: options.fadeMs ?? 0, fadeOutMs: options.fadeMs ?? 0, capsuleDurationMs: durationMs });
  }

  const start: TakeEvent = { type: 'start', atMs: 0, slideIndex: 0, sentenceIndex: 0 };
  const second: TakeEvent = { type: 'next_slide', atMs: 15_000, slideIndex: 1, sentenceIndex: 0 };
  const third: TakeEvent = { type: 'next_slide', atMs: 33_000, slideIndex: 2, sentenceIndex: 0 };
  const piece = (k: number) => ({ startFrame: k * 250, endFrame: (k + 1) * 250 });

  it('is the same mid-recording and once finished for a settled piece, and differs for a piece a later event changed', () => {
    // 24 s recorded, the second slide shown since 15 s; the finished take is 40 s with a third slide at 33 s.
    const live = grain(24_000, [start, second]);
    const finished = grain(40_000, [start, second, third, { type: 'end', atMs: 40_000, slideIndex: 2, sentenceIndex: 0 }]);
    expect(videoPieceKey(live, output, encoder, piece(0))).toBe(videoPieceKey(finished, output, encoder, piece(0)));
    expect(videoPieceKey(live, output, encoder, piece(1))).toBe(videoPieceKey(finished, output, encoder, piece(1)));
    // 30–40 s: the live plan saw the second slide to its end, the finished grain changes slide at 33 s.
    expect(videoPieceKey(grain(42_000, [start, second]), output, encoder, piece(3))).not.toBe(videoPieceKey(finished, output, encoder, piece(3)));
    expect(videoPieceKey(finished, output, encoder, piece(0))).not.toBe(videoPieceKey(finished, output, encoder, piece(1)));
  });

  it('changes with the layout, the head trim and the fades that reach the piece', () => {
    const base = grain(40_000, [start, second]);
    const key = videoPieceKey(base, output, encoder, piece(1))!;
    expect(videoPieceKey(grain(40_000, [start, second], { layout: { pip: { ...DEFAULT_LAYOUT.pip, corner: 'top_left' } } }), output, encoder, piece(1))).not.toBe(key);
    expect(videoPieceKey(grain(40_000, [start, second], { offsetMs: 400 }), output, encoder, piece(1))).not.toBe(key);
    // A fade-in of 0.5 s touches only the first piece, a fade-out only the last.
    const faded = grain(40_000, [start, second], { fadeMs: 500 });
    expect(videoPieceKey(faded, output, encoder, piece(1))).toBe(key);
    expect(videoPieceKey(faded, output, encoder, piece(0))).not.toBe(videoPieceKey(base, output, encoder, piece(0)));
    expect(videoPieceKey(faded, output, encoder, piece(3))).not.toBe(videoPieceKey(base, output, encoder, piece(3)));
    expect(videoPieceKey(base, output, { name: 'h264_vaapi' }, piece(1))).not.toBe(key);
  });

  it('is null for a grain drawn on with the pen (one encode, never pieces), not for one whose strokes file only notes slide changes', () => {
    expect(videoPieceKey(grain(40_000, [start], { ink: true }), output, encoder, piece(0))).toBeNull();
    expect(videoPieceKey(grain(40_000, [start]), output, encoder, piece(0))).not.toBeNull();
  });
});
