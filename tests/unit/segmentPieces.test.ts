// Runs in Node (unit tests). Where a long grain is cut into pieces, and the arguments of one piece:
// its frames only, the take sought to the piece's start, fades kept on the grain's clock.
import { describe, expect, it } from 'vitest';
import { computeGrainTimeline } from '../../src/shared/logic/montageTimeline';
import type { GrainPlan } from '../../src/main/montage/montagePlan';
import { planPieces } from '../../src/main/montage/segmentPieces';
import { buildVideoSegmentArgs } from '../../src/main/montage/videoSegmentArgs';
import { grainPlanOf, plannedSlides } from '../support/grainPlans';

describe('planPieces', () => {
  const options = { keyintFrames: 250, maxPieces: 2, minPieceFrames: 300 };

  it('keeps a short grain whole', () => {
    expect(planPieces(599, options)).toEqual([{ startFrame: 0, endFrame: 599 }]);
    expect(planPieces(5000, { ...options, maxPieces: 1 })).toEqual([{ startFrame: 0, endFrame: 5000 }]);
  });

  it('cuts a long grain on key-frame boundaries into contiguous pieces covering every frame', () => {
    expect(planPieces(1500, options)).toEqual([
      { startFrame: 0, endFrame: 750 },
      { startFrame: 750, endFrame: 1500 },
    ]);
    const ranges = planPieces(3751, { ...options, maxPieces: 4 });
    expect(ranges[0]!.startFrame).toBe(0);
    expect(ranges[ranges.length - 1]!.endFrame).toBe(3751);
    for (let i = 1; i < ranges.length; i += 1) {
      expect(ranges[i]!.startFrame).toBe(ranges[i - 1]!.endFrame);
      expect(ranges[i]!.startFrame % 250).toBe(0);
    }
    expect(ranges.length).toBe(4);
  });
});

function grain(fadeMs = 0): GrainPlan {
  const take = { takeId: 't', path: '/takes/t.webm', durationMs: 40_000, video: { width: 1280, height: 720 }, hasAudio: true, events: [] };
  const slides = plannedSlides(['a', 'b']);
  const timeline = computeGrainTimeline({
    slides: slides.map(() => ({ prompt: '', extraDurationMs: null })),
    take: { durationMs: 40_000, events: [{ type: 'next_slide', atMs: 10_000, slideIndex: 1, sentenceIndex: 0 }] },
  });
  return grainPlanOf({ slides, take, timeline, index: 1, label: 'grain 2', isFirst: false, isLast: false, fadeInMs: fadeMs, fadeOutMs: fadeMs, capsuleDurationMs: 40_000 });
}

describe('the arguments of one piece', () => {
  const output = { width: 1920, height: 1080, fps: 25 as const };

  it('holds only its frames, from the slides on screen then, with the take sought to its start', () => {
    const { args, frames } = buildVideoSegmentArgs(grain(), output, { name: 'libx264' }, '/o.mp4', { range: { startFrame: 500, endFrame: 1000 }, threads: 1 });
    expect(frames).toBe(500);
    expect(args[args.indexOf('-frames:v') + 1]).toBe('500');
    // Slide a ends at frame 250: only slide b is in this piece.
    expect(args.filter((a) => a.endsWith('.png'))).toEqual(['/s/b.png']);
    expect(args[args.indexOf('/takes/t.webm') - 5]).toBe('-ss');
    // Sought a little before the piece (the frame shown at its first tick may be just before it), moved back, then at 25 fps from there.
    expect(args[args.indexOf('/takes/t.webm') - 4]).toBe('19.800');
    expect(args[args.indexOf('-filter_complex') + 1]).toContain('setpts=PTS-0.200/TB,fps=25:start_time=0');
    expect(args).toEqual(expect.arrayContaining(['-threads', '1', '-filter_complex_threads', '1']));
  });

  it('keeps fades on the grain clock: shifted there and back in a piece that does not start the grain', () => {
    const { args } = buildVideoSegmentArgs(grain(500), output, { name: 'libx264' }, '/o.mp4', { range: { startFrame: 500, endFrame: 1000 } });
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('setpts=PTS+500/(25*TB),fade=t=in:st=0:d=0.500,fade=t=out:st=39.500:d=0.500,setpts=PTS-STARTPTS');
    const first = buildVideoSegmentArgs(grain(500), output, { name: 'libx264' }, '/o.mp4', { range: { startFrame: 0, endFrame: 500 } });
    expect(first.args[first.args.indexOf('-filter_complex') + 1]).not.toContain('setpts=PTS+');
  });
});
