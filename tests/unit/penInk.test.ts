// Runs in Node (unit tests). The pen (issue 15): the stroke timeline (progressive strokes, erase,
// undo, clear, per-slide drawings, the laser pointer), its validation, the geometry shared by the
// preview and the montage, and the montage's plan of timed ink pictures.
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, mergeLayout } from '../../src/shared/domain/layout';
import { computeLayoutGeometry, placeSlide } from '../../src/shared/logic/layoutGeometry';
import type { InkEvent } from '../../src/shared/logic/strokes/inkEvents';
import { inkAt, inkChangeTimes, inkOnSlide, sameInk, sortInkEvents } from '../../src/shared/logic/strokes/inkTimeline';
import { paintInk, pixelsToSlide, slideToPixels, strokeWidthPixels, type InkCanvas } from '../../src/shared/logic/strokes/inkGeometry';
import { inkEventValidator } from '../../src/shared/logic/strokes/inkValidation';
import { inkConcatList, planInkFrames, slideShownAt } from '../../src/main/pen/inkFramePlan';
import { computeGrainTimeline } from '../../src/shared/logic/montageTimeline';
import type { GrainPlan } from '../../src/main/montage/montagePlan';
import { buildVideoSegmentArgs } from '../../src/main/montage/videoSegmentArgs';
import { grainInkFrames } from '../../src/main/pen/inkOverlay';
import { grainPlanOf, plannedSlides } from '../support/grainPlans';

const pen = (id: string, slideIndex: number, points: [number, number, number][], extra: Partial<InkEvent> = {}): InkEvent => ({
  type: 'pen',
  id,
  slideIndex,
  atMs: points[0]![2],
  color: '#e53935',
  width: 0.008,
  points,
  ...extra,
});
const at = (type: InkEvent['type'], id: string, slideIndex: number, atMs: number, extra: Partial<InkEvent> = {}): InkEvent => ({ type, id, slideIndex, atMs, ...extra });

describe('ink timeline', () => {
  const line = pen('a', 0, [
    [0.1, 0.1, 1000],
    [0.2, 0.2, 1100],
    [0.3, 0.3, 1200],
  ]);

  it('shows nothing before a stroke starts, then draws it point by point as it was drawn', () => {
    expect(inkOnSlide([line], 0, 999).strokes).toEqual([]);
    expect(inkOnSlide([line], 0, 1000).strokes[0]!.points).toHaveLength(1);
    expect(inkOnSlide([line], 0, 1150).strokes[0]!.points).toHaveLength(2);
    expect(inkOnSlide([line], 0, 5000).strokes[0]!.points).toHaveLength(3);
  });

  it('keeps a drawing on its slide: gone on another slide, back on return', () => {
    const events = [at('slide', 's0', 0, 0), line, at('slide', 's1', 1, 2000), at('slide', 's2', 0, 3000)];
    expect(inkAt(events, 1500).strokes.map((s) => s.id)).toEqual(['a']);
    expect(inkAt(events, 2500)).toMatchObject({ slideIndex: 1, strokes: [] });
    expect(inkAt(events, 3500)).toMatchObject({ slideIndex: 0, strokes: [{ id: 'a' }] });
  });

  it('erases by stroke, clears a slide, and undo takes back the last stroke, erase or clear', () => {
    const b = pen('b', 0, [[0.5, 0.5, 2000]]);
    const c = pen('c', 1, [[0.5, 0.5, 2100]]);
    const events = sortInkEvents([line, b, c, at('erase', 'e', 0, 3000, { targets: ['a'] }), at('undo', 'u1', 0, 4000), at('clear', 'k', 0, 5000), at('undo', 'u2', 0, 6000), at('undo', 'u3', 0, 7000)]);
    const ids = (t: number) => inkOnSlide(events, 0, t).strokes.map((s) => s.id);
    expect(ids(2500)).toEqual(['a', 'b']);
    expect(ids(3500)).toEqual(['b']);
    expect(ids(4500)).toEqual(['a', 'b']); // the erase undone
    expect(ids(5500)).toEqual([]); // cleared
    expect(ids(6500)).toEqual(['a', 'b']); // the clear undone
    expect(ids(7500)).toEqual(['a']); // then the last stroke
    // Slide 1's drawing is untouched by slide 0's clear and undos.
    expect(inkOnSlide(events, 1, 7500).strokes.map((s) => s.id)).toEqual(['c']);
  });

  it('shows the laser pointer only while it is held, at its latest place', () => {
    const pointer = at('pointer', 'p', 0, 1000, { color: '#ff1744', points: [[0.2, 0.3, 1000], [0.4, 0.5, 1040], [0.6, 0.7, 1080]] });
    expect(inkOnSlide([pointer], 0, 999).pointer).toBeNull();
    expect(inkOnSlide([pointer], 0, 1050).pointer).toEqual({ x: 0.4, y: 0.5, color: '#ff1744' });
    expect(inkOnSlide([pointer], 0, 1080).pointer).toMatchObject({ x: 0.6, y: 0.7 });
    expect(inkOnSlide([pointer], 0, 1081).pointer).toBeNull();
    expect(inkChangeTimes([pointer])).toEqual([1000, 1040, 1080, 1081]);
  });

  it('tells identical pictures apart from changed ones', () => {
    expect(sameInk(inkOnSlide([line], 0, 1000), inkOnSlide([line], 0, 1050))).toBe(true);
    expect(sameInk(inkOnSlide([line], 0, 1000), inkOnSlide([line], 0, 1100))).toBe(false);
  });
});

describe('ink validation', () => {
  it('accepts a stroke and refuses points off the slide, out of time order, or a bad colour', () => {
    expect(inkEventValidator(line(), 'e')).toMatchObject({ id: 'a', points: [[0.1, 0.1, 1000]] });
    expect(() => inkEventValidator({ ...line(), points: [[1.5, 0, 1000]] }, 'e')).toThrow(/inside the slide/);
    expect(() => inkEventValidator({ ...line(), points: [[0, 0, 1000], [0, 0, 900]] }, 'e')).toThrow(/time order/);
    expect(() => inkEventValidator({ ...line(), color: 'red' }, 'e')).toThrow(/colour/);
    expect(() => inkEventValidator({ ...line(), points: [] }, 'e')).toThrow(/at least one point/);
  });
  function line() {
    return { type: 'pen', id: 'a', slideIndex: 0, atMs: 1000, color: '#e53935', width: 0.008, points: [[0.1, 0.1, 1000]] };
  }
});

describe('ink geometry shared by the preview and the montage', () => {
  it('maps slide coordinates onto the slide rectangle the layout computes, both ways', () => {
    // A 4:3 slide in a 1920×1080 frame, slides only: letterboxed at x 240, 1440 wide.
    const geometry = computeLayoutGeometry(mergeLayout(DEFAULT_LAYOUT, { mode: 'slides_only' }), { width: 1920, height: 1080 }, null, { width: 1024, height: 768 });
    const rect = placeSlide(geometry, { width: 1024, height: 768 })!;
    expect(rect).toEqual({ x: 240, y: 0, width: 1440, height: 1080 });
    expect(slideToPixels(0.5, 0.25, rect)).toEqual({ x: 960, y: 270 });
    expect(pixelsToSlide(960, 270, rect)).toEqual({ x: 0.5, y: 0.25 });
    expect(pixelsToSlide(0, 2000, rect)).toEqual({ x: 0, y: 1 }); // kept on the slide
    // The same stroke is as thick, relative to the slide, at 1080p, at 720p and on a small preview.
    expect(strokeWidthPixels({ tool: 'pen', width: 0.008 }, rect)).toBeCloseTo(8.64);
    expect(strokeWidthPixels({ tool: 'pen', width: 0.008 }, { x: 0, y: 0, width: 960, height: 720 })).toBeCloseTo(5.76);
    expect(strokeWidthPixels({ tool: 'highlighter', width: 0.008 }, rect)).toBeCloseTo(25.92);
  });

  it('paints a stroke as one path through the mapped points, and the pointer as a dot', () => {
    const calls: string[] = [];
    const ctx = new Proxy<Record<string, unknown>>({}, {
      get: (target, key: string) => (key in target ? target[key] : (...args: number[]) => calls.push(`${key}(${args.map((a) => Math.round(a)).join(',')})`)),
      set: (target, key: string, value) => ((target[key] = value), true),
    }) as unknown as InkCanvas;
    const rect = { x: 100, y: 0, width: 800, height: 600 };
    paintInk(ctx, { slideIndex: 0, strokes: [{ id: 'a', tool: 'pen', color: '#e53935', width: 0.01, points: [[0, 0, 0], [0.5, 0.5, 10]] }], pointer: { x: 1, y: 1, color: '#ff1744' } }, rect);
    expect(calls).toEqual(['save()', 'beginPath()', 'moveTo(100,0)', 'lineTo(500,300)', 'stroke()', 'restore()', 'save()', 'beginPath()', 'arc(900,600,14,0,6)', 'fill()', 'beginPath()', 'arc(900,600,7,0,6)', 'fill()', 'restore()']);
    expect(ctx.lineWidth).toBe(6);
  });
});

describe('the montage’s timed ink pictures', () => {
  const spans = [
    { slideIndex: 0, startMs: 0, endMs: 2000 },
    { slideIndex: 1, startMs: 2000, endMs: 4000 },
  ];
  const stroke = pen('a', 0, [
    [0.1, 0.1, 1010],
    [0.2, 0.2, 1090],
  ]);

  it('starts each state at the first frame at or after its time, and drops the ink with its slide', () => {
    // The take's used part starts 500 ms into the file: take time 1010 is segment time 510, frame 12.75 → 13.
    const plan = planInkFrames([stroke], spans, 500, 100);
    expect(plan.map((state) => [state.startFrame, state.ink.slideIndex, state.ink.strokes.map((s) => s.points.length)])).toEqual([
      [0, 0, []],
      [13, 0, [1]],
      [15, 0, [2]],
      [50, 1, []],
    ]);
    expect(slideShownAt(spans, 1999)).toBe(0);
    expect(slideShownAt(spans, 2000)).toBe(1);
  });

  it('needs no overlay when no ink is visible in the segment', () => {
    expect(planInkFrames([], spans, 0, 100)).toEqual([]);
    expect(planInkFrames([pen('late', 0, [[0.5, 0.5, 9000]])], spans, 0, 100)).toEqual([]);
  });

  it('lists each picture for its frames, the last one twice', () => {
    const plan = planInkFrames([stroke], spans, 500, 100);
    expect(inkConcatList(['/c/a.png', '/c/b.png', "/c/it's.png", '/c/d.png'], plan, 100).split('\n')).toEqual([
      'ffconcat version 1.0',
      "file '/c/a.png'",
      'duration 0.520',
      "file '/c/b.png'",
      'duration 0.080',
      "file '/c/it'\\''s.png'",
      'duration 1.400',
      "file '/c/d.png'",
      'duration 2.000',
      "file '/c/d.png'",
      '',
    ]);
  });
});

describe('the video segment with ink', () => {
  const FRAME = { width: 1280, height: 720 };
  function grain(ink: InkEvent[] | null, mode: 'pip' | 'camera_only' = 'pip'): GrainPlan {
    const layout = mergeLayout(DEFAULT_LAYOUT, { mode });
    const take = { takeId: 't', path: '/takes/t.webm', durationMs: 4000, video: { width: 640, height: 360 }, hasAudio: true, events: [], ink };
    const timeline = computeGrainTimeline({ slides: [{ prompt: '', extraDurationMs: null }], take: { durationMs: 4000, events: [] } });
    return grainPlanOf({ slides: plannedSlides(['a']), take, timeline, layout, frame: FRAME, denoise: true });
  }
  const stroke = pen('a', 0, [[0.5, 0.5, 1000]]);

  it('overlays the timed ink pictures over slide and camera, before the fades and the trim', () => {
    const { args } = buildVideoSegmentArgs(grain([stroke]), { ...FRAME, fps: 25 }, { name: 'libx264' }, '/out.mp4', { ink: { listFile: '/cache/k.ink/ink.ffconcat' } });
    const at = args.indexOf('/cache/k.ink/ink.ffconcat');
    expect(args.slice(at - 5, at + 1)).toEqual(['-f', 'concat', '-safe', '0', '-i', '/cache/k.ink/ink.ffconcat']);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('[ov][2:v]overlay=x=0:y=0:eof_action=repeat:format=yuv420[ink]');
    expect(graph).toMatch(/\[ink\]trim=end_frame=\d+,format=yuv420p(,addroi=[^[]+)?\[vout\]$/);
    // Without ink, the command line is what it was.
    const plain = buildVideoSegmentArgs(grain(null), { ...FRAME, fps: 25 }, { name: 'libx264' }, '/out.mp4');
    expect(plain.args.join(' ')).not.toContain('concat');
  });

  it('needs ink pictures only when the take has strokes and the layout shows the slide', () => {
    expect(grainInkFrames(grain([stroke])).map((state) => state.startFrame)).toEqual([0, 25]);
    expect(grainInkFrames(grain(null))).toEqual([]);
    expect(grainInkFrames(grain([stroke], 'camera_only'))).toEqual([]);
  });
});
