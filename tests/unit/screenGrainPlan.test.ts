// Runs in Node (unit tests). Screen grains in the pure montage logic: which grains are in the video,
// the plan of a screen grain (its take must carry a screen), and the FFmpeg chain that letterboxes a
// screen of any size at a constant 25 fps.
import { describe, expect, it } from 'vitest';
import type { CapsuleDetail, Grain } from '../../src/shared/domain/capsule';
import { DEFAULT_LAYOUT } from '../../src/shared/domain/layout';
import { DEFAULT_MONTAGE_SETTINGS } from '../../src/shared/domain/montage';
import { grainInVideo, grainNeedsTake } from '../../src/shared/logic/grainKind';
import { recordStepStatus } from '../../src/shared/logic/recordStep';
import { buildMontagePlan, type TakeFacts } from '../../src/main/montage/montagePlan';
import { buildScreenBackground, screenBox } from '../../src/main/montage/screenSegmentArgs';
import { buildVideoSegmentArgs } from '../../src/main/montage/videoSegmentArgs';

const screenGrain: Grain = { id: 'g-screen', kind: 'screen', position: 0, title: 'Démo', activeTakeId: 't1', layout: null, slides: [] };
const emptySlideGrain: Grain = { id: 'g-empty', position: 1, title: '', activeTakeId: null, layout: null, slides: [] };
const capsule: CapsuleDetail = { id: 'c1', title: 'C', kind: 'capsule', createdAt: '', updatedAt: '', thumbnail: null, layout: DEFAULT_LAYOUT, grains: [screenGrain, emptySlideGrain], directory: '/tmp/c1' };

function take(screen: TakeFacts['screen']): TakeFacts {
  return { takeId: 't1', path: '/tmp/c1/takes/t1.webm', durationMs: 4000, video: { width: 640, height: 360 }, hasAudio: true, events: [], screen };
}

describe('screen grains in the plan', () => {
  it('counts a screen grain in the video and as needing a take; an empty slide grain is not in it', () => {
    expect([grainInVideo(screenGrain), grainNeedsTake(screenGrain)]).toEqual([true, true]);
    expect(grainInVideo(emptySlideGrain)).toBe(false);
    expect(recordStepStatus({ grains: [screenGrain, emptySlideGrain] }, new Map()).grains.map((grain) => grain.grainId)).toEqual(['g-screen']);
  });

  it('plans one span for the recording, titled by the grain, with the screen letterboxed in the slide box', () => {
    const plan = buildMontagePlan(capsule, { takes: new Map([['g-screen', take({ path: '/tmp/s.webm', size: { width: 1366, height: 1080 }, durationMs: 4000 })]]), extras: new Map(), trims: new Map(), musicDurationMs: null }, DEFAULT_MONTAGE_SETTINGS, 1080);
    const grain = plan.grains[0]!;
    expect(grain.screen?.size).toEqual({ width: 1366, height: 1080 });
    expect(plan.timeline.chapters.map((chapter) => chapter.title)).toEqual(['Démo']);
    const box = screenBox(grain, grain.screen!.size, plan.output);
    expect(box.x + box.width).toBeLessThanOrEqual(1920);
    expect(Math.abs(box.width / box.height - 1366 / 1080)).toBeLessThan(0.01);
    const { filters, inputs } = buildScreenBackground(grain, plan.output, 0, 'bg');
    expect(inputs).toEqual(['-ss', '0.000', '-t', '4.200', '-i', '/tmp/s.webm']);
    expect(filters[0]).toMatch(/^\[0:v\]setpts=PTS-0\.000\/TB,fps=25:start_time=0,scale=\d+:\d+:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=lanczos,setsar=1,pad=/);
    expect(filters[0]).toContain(`pad=1920:1080:${box.x}:${box.y}:color=0xffffff`);
    // The whole segment: screen first (input 0), then the camera (input 1) overlaid on it.
    const args = buildVideoSegmentArgs(grain, plan.output, { name: 'libx264' }, '/tmp/out.mp4');
    expect(args.args.filter((arg) => arg === '-i')).toHaveLength(2);
    expect(args.args.join(' ')).toContain('[bg][cam]overlay');
  });

  it('refuses a screen grain whose take records no screen, and shows a silent one as a plain background', () => {
    expect(() => buildMontagePlan(capsule, { takes: new Map([['g-screen', take(null)]]), extras: new Map(), trims: new Map(), musicDurationMs: null }, DEFAULT_MONTAGE_SETTINGS, 1080)).toThrow(
      expect.objectContaining({ code: 'SCREEN_TAKE_MISSING' }),
    );
    const silent = buildMontagePlan(
      { ...capsule, grains: [{ ...screenGrain, activeTakeId: null }] },
      { takes: new Map(), extras: new Map(), trims: new Map(), musicDurationMs: null, choices: new Map([['g-screen', { mode: 'silent', slideMs: 3000 }]]) },
      DEFAULT_MONTAGE_SETTINGS,
      720,
    );
    const background = buildScreenBackground(silent.grains[0]!, silent.output, 0, 'bg');
    expect(background.inputs).toEqual([]);
    expect(background.filters[0]).toBe('color=c=0xffffff:s=1280x720:r=25,format=yuv420p,trim=end_frame=75[bg]');
  });
});
