// Runs in Node (main side), pure. The picture of a screen grain's video segment (issue #15): the
// screen recorded with the take, cut like the camera, brought to the output's constant 25 fps (screen
// captures have variable frame rates) and letterboxed into the layout's slide box, never stretched.
import type { Rect } from '../../shared/logic/layoutGeometry';
import { placeSlide } from '../../shared/logic/layoutGeometry';
import { FRAME_MS } from '../../shared/logic/montageTimeline';
import type { GrainPlan, OutputFormat } from './montagePlan';
import type { FrameRange } from './segmentPieces';
import { ffColor, frameCount, seconds, seekWithPreroll } from './videoSegmentArgs';

export interface ScreenBackground {
  inputs: string[];
  filters: string[];
}

/** The part of the frame the screen may use: the layout's slide box for its aspect, kept inside the frame. */
export function screenBox(grain: Pick<GrainPlan, 'geometry'>, size: { width: number; height: number }, output: OutputFormat): Rect {
  const rect = placeSlide(grain.geometry, size) ?? { x: 0, y: 0, width: output.width, height: output.height };
  const left = Math.max(0, Math.round(rect.x));
  const top = Math.max(0, Math.round(rect.y));
  const right = Math.min(output.width, Math.round(rect.x + rect.width));
  const bottom = Math.min(output.height, Math.round(rect.y + rect.height));
  return { x: left, y: top, width: Math.max(2, right - left), height: Math.max(2, bottom - top) };
}

/**
 * Inputs and filters drawing the screen grain's background as `[label]`, `frames` long. A screen grain
 * shown silently (no take) is a plain background. Lanczos keeps small text sharp when the screen is
 * scaled down; a screen shorter than the camera keeps its last frame.
 */
/** A screen's preroll (seekWithPreroll): longer than the camera's, since a still screen sends few frames. */
export const SCREEN_PREROLL_MS = 2000;

export function buildScreenBackground(grain: GrainPlan, output: OutputFormat, inputIndex: number, label: string, range?: FrameRange): ScreenBackground {
  // A piece of the grain (segmentPieces.ts) starts its screen at its own first frame.
  const startFrame = range?.startFrame ?? 0;
  const frames = range ? range.endFrame - range.startFrame : frameCount(grain.timeline.durationMs);
  const background = ffColor(grain.geometry.background);
  const screen = grain.screen;
  if (!screen) {
    return { inputs: [], filters: [`color=c=${background}:s=${output.width}x${output.height}:r=25,format=yuv420p,trim=end_frame=${frames}[${label}]`] };
  }
  const box = screenBox(grain, screen.size, output);
  // A screen records a frame only when it changes: the one on show at the first tick may be a while back.
  const seek = seekWithPreroll(grain.timeline.takeOffsetMs + startFrame * FRAME_MS, SCREEN_PREROLL_MS);
  const chain = [
    ...seek.filters,
    `scale=${box.width}:${box.height}:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=lanczos`,
    'setsar=1',
    `pad=${box.width}:${box.height}:(ow-iw)/2:(oh-ih)/2:color=${background}`,
    `pad=${output.width}:${output.height}:${box.x}:${box.y}:color=${background}`,
    'format=yuv420p',
    'tpad=stop=-1:stop_mode=clone',
    `trim=end_frame=${frames}`,
    'setpts=PTS-STARTPTS',
  ];
  return {
    inputs: ['-ss', seconds(seek.seekMs), '-t', seconds(seek.prerollMs + frames * FRAME_MS + 200), '-i', screen.path],
    filters: [`[${inputIndex}:v]${chain.join(',')}[${label}]`],
  };
}
