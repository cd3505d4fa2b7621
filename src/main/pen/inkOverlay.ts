// Runs in Node (main side). Draws a grain's pen strokes for the montage, crisp at the output
// resolution: one transparent PNG per distinct ink state (@napi-rs/canvas, the same paintInk as the
// take preview, at the slide's place from the shared layout maths) and a concat list timing them,
// which the video segment overlays on the slides (videoSegmentArgs.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { placeSlide } from '../../shared/logic/layoutGeometry';
import { paintInk } from '../../shared/logic/strokes/inkGeometry';
import { isEmptyInk } from '../../shared/logic/strokes/inkTimeline';
import type { GrainPlan, OutputFormat } from '../montage/montagePlan';
import { frameCount } from '../montage/videoSegmentArgs';
import { inkConcatList, planInkFrames } from './inkFramePlan';

/** What the video segment needs to overlay the ink: the concat list of timed pictures. */
export interface InkOverlayInput {
  listFile: string;
}

/** Whether a grain's segment shows any ink (its take has shown strokes visible during the segment). */
export function grainInkFrames(grain: GrainPlan) {
  const events = grain.take?.ink ?? null;
  if (!events || events.length === 0 || grain.geometry.slideBox === null) return [];
  return planInkFrames(events, grain.timeline.spans, grain.timeline.takeOffsetMs, frameCount(grain.timeline.durationMs));
}

/**
 * Writes the ink pictures of a grain into `dir` (created, emptied first) and returns the overlay
 * input, or null when the segment shows no ink. The caller removes `dir` once the segment is encoded.
 */
export async function writeInkOverlay(grain: GrainPlan, output: OutputFormat, dir: string): Promise<InkOverlayInput | null> {
  const plan = grainInkFrames(grain);
  if (plan.length === 0) return null;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  let blank: string | null = null;
  for (const [index, state] of plan.entries()) {
    if (isEmptyInk(state.ink) && blank) {
      files.push(blank);
      continue;
    }
    const canvas = createCanvas(output.width, output.height);
    const slide = grain.slides[state.ink.slideIndex];
    const rect = slide ? placeSlide(grain.geometry, slide.size) : null;
    if (rect) paintInk(canvas.getContext('2d'), state.ink, rect);
    const file = path.join(dir, `ink-${String(index).padStart(5, '0')}.png`);
    writeFileSync(file, await canvas.encode('png'));
    if (isEmptyInk(state.ink)) blank = file;
    files.push(file);
  }
  const listFile = path.join(dir, 'ink.ffconcat');
  writeFileSync(listFile, inkConcatList(files, plan, frameCount(grain.timeline.durationMs)));
  return { listFile };
}

/** Runs an encode with the grain's ink overlay (or none), then removes the ink pictures whatever happened. */
export async function withInkOverlay<T>(grain: GrainPlan, output: OutputFormat, dir: string, encode: (ink: InkOverlayInput | null) => Promise<T>): Promise<T> {
  const ink = await writeInkOverlay(grain, output, dir);
  try {
    return await encode(ink);
  } finally {
    if (ink) rmSync(dir, { recursive: true, force: true });
  }
}
