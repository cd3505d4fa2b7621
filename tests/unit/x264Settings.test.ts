// Runs in Node (unit tests). The measured x264 settings reach the command line: a constant
// quantiser with its key-frame ratio, or a constant rate factor with the camera's quantiser offset
// as a region of interest over exactly the camera's rectangle, with adaptive quantisation back on
// for ultrafast (x264 ignores regions of interest without it, and in constant-quantiser mode).
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, mergeLayout } from '../../src/shared/domain/layout';
import { computeGrainTimeline } from '../../src/shared/logic/montageTimeline';
import type { GrainPlan } from '../../src/main/montage/montagePlan';
import { cameraRoiFilter, encoderOutputArgs, X264_SETTINGS, type X264Settings } from '../../src/main/montage/videoEncoder';
import { buildVideoSegmentArgs } from '../../src/main/montage/videoSegmentArgs';
import { grainPlanOf, plannedSlides } from '../support/grainPlans';

const FRAME = { width: 1920, height: 1080 };

function grain(withCamera: boolean): GrainPlan {
  const layout = mergeLayout(DEFAULT_LAYOUT, withCamera ? null : { mode: 'slides_only' });
  const take = { takeId: 't', path: '/takes/t.webm', durationMs: 4000, video: { width: 1280, height: 720 }, hasAudio: true, events: [] };
  const timeline = computeGrainTimeline({ slides: [{ prompt: '', extraDurationMs: null }], take: { durationMs: 4000, events: [] } });
  return grainPlanOf({ slides: plannedSlides(['a']), take, timeline, layout, frame: FRAME });
}

const output = { ...FRAME, fps: 25 as const };
const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1]!;

describe('x264 settings on the command line', () => {
  it('raises the quantiser over the camera rectangle only, with adaptive quantisation on', () => {
    const settings: X264Settings = { ...X264_SETTINGS, preset: 'ultrafast', rate: { mode: 'crf', crf: 23 }, cameraQpOffset: 6 };
    const g = grain(true);
    const camera = g.geometry.camera!;
    const { args } = buildVideoSegmentArgs(g, output, { name: 'libx264' }, '/o.mp4', { x264: settings });
    expect(graphOf(args)).toContain(`addroi=x=${camera.x}:y=${camera.y}:w=${camera.width}:h=${camera.height}:qoffset=0.1176`);
    expect(args).toEqual(expect.arrayContaining(['-preset', 'ultrafast', '-crf', '23', '-aq-mode', '1', '-g', String(settings.keyintFrames)]));
    expect(args).not.toContain('-qp');
  });

  it('gives a constant quantiser and its key-frame ratio, and no region of interest x264 would ignore', () => {
    const settings: X264Settings = { ...X264_SETTINGS, preset: 'ultrafast', rate: { mode: 'cqp', qp: 26, ipRatio: 1.8 }, cameraQpOffset: 6 };
    const { args } = buildVideoSegmentArgs(grain(true), output, { name: 'libx264' }, '/o.mp4', { x264: settings });
    expect(args).toEqual(expect.arrayContaining(['-qp', '26', '-x264-params', 'ipratio=1.8']));
    expect(args).not.toContain('-crf');
    expect(args).not.toContain('-aq-mode');
    expect(graphOf(args)).not.toContain('addroi');
  });

  it('adds nothing without a camera, without an offset, or on a hardware encoder', () => {
    const settings: X264Settings = { ...X264_SETTINGS, rate: { mode: 'crf', crf: 23 }, cameraQpOffset: 6 };
    expect(graphOf(buildVideoSegmentArgs(grain(false), output, { name: 'libx264' }, '/o.mp4', { x264: settings }).args)).not.toContain('addroi');
    const none: X264Settings = { ...X264_SETTINGS, rate: { mode: 'crf', crf: 23 }, cameraQpOffset: 0 };
    expect(graphOf(buildVideoSegmentArgs(grain(true), output, { name: 'libx264' }, '/o.mp4', { x264: none }).args)).not.toContain('addroi');
    expect(encoderOutputArgs({ name: 'libx264' }, 1080, none)).not.toContain('-aq-mode');
    expect(cameraRoiFilter({ name: 'h264_nvenc' }, { x: 0, y: 0, width: 10, height: 10 }, settings)).toBeNull();
  });

  it('keeps adaptive quantisation as the preset sets it on presets that have it', () => {
    expect(encoderOutputArgs({ name: 'libx264' }, 1080, { ...X264_SETTINGS, preset: 'superfast', rate: { mode: 'crf', crf: 23 }, cameraQpOffset: 6 })).not.toContain('-aq-mode');
  });
});
