// Runs in Node (tests and bench). A synthetic webcam clip whose person area is known, for the virtual
// background: a head-and-shoulders figure (skin ellipse with hair, eyes and mouth, a neck, a dark-blue
// shirt) drawn by FFmpeg over diagonal green stripes, 640x360. MediaPipe's selfie segmentation finds
// this figure as a person (checked by tests/e2e/virtualBackground.e2e.test.ts), so no photograph is needed.
import path from 'node:path';
import { runFfmpeg } from '../../src/main/ffmpeg/ffmpeg';

export const WIDTH = 640;
export const HEIGHT = 360;

/** Where the figure is, in pixels of the 640x360 clip (the same numbers draw it). */
export const FIGURE = {
  head: { cx: 320, cy: 130, rx: 56, ry: 72 },
  body: { cx: 320, cy: 360, rx: 170, ry: 130 },
};
export const INSIDE = [
  { name: 'cheek', x: 300, y: 150, rgb: [224, 172, 140] },
  { name: 'shirt', x: 320, y: 320, rgb: [40, 60, 120] },
];
export const OUTSIDE = [
  { name: 'left', x: 60, y: 120 },
  { name: 'right', x: 590, y: 80 },
  { name: 'top-left', x: 110, y: 30 },
];

/** The clip: one drawn frame looped for the fake camera (Y4M), with the harness's fake microphone. */
export async function makePersonClip(dir: string, seconds: number, scaleTo: { width: number; height: number; fps: number } | null = null): Promise<string> {
  const { head, body } = FIGURE;
  const headIn = `lte(pow((X-${head.cx})/${head.rx},2)+pow((Y-${head.cy})/${head.ry},2),1)`;
  const hair = `lte(pow((X-${head.cx})/${head.rx + 5},2)+pow((Y-${head.cy - 20})/${head.ry - 10},2),1)*lt(Y,${head.cy - 38})`;
  const neck = `between(X,${head.cx - 24},${head.cx + 24})*between(Y,${head.cy + 60},${body.cy - body.ry + 20})`;
  const bodyIn = `lte(pow((X-${body.cx})/${body.rx},2)+pow((Y-${body.cy})/${body.ry},2),1)`;
  const face = `(lte(hypot(X-${head.cx - 22},Y-${head.cy - 5}),6)+lte(hypot(X-${head.cx + 22},Y-${head.cy - 5}),6)+between(X,${head.cx - 16},${head.cx + 16})*between(Y,${head.cy + 30},${head.cy + 36}))`;
  const stripes = 'if(lt(mod(X+Y,60),30),110,150)';
  const channel = (features: number, hairValue: number, skin: number, shirt: number, offset: number) =>
    `if(${face},${features},if(${hair},${hairValue},if(${headIn}+${neck},${skin},if(${bodyIn},${shirt},${stripes}+${offset}))))`;
  const png = path.join(dir, 'person.png');
  await runFfmpeg([
    '-y', '-f', 'lavfi', '-i', `color=c=black:s=${WIDTH}x${HEIGHT}`, '-frames:v', '1',
    '-vf', `format=rgb24,geq=r='${channel(40, 50, 224, 40, 0)}':g='${channel(30, 35, 172, 60, 20)}':b='${channel(30, 25, 140, 120, -30)}'`,
    png,
  ]);
  const y4m = path.join(dir, 'person.y4m');
  const scale = scaleTo ? ['-vf', `scale=${scaleTo.width}:${scaleTo.height}:flags=bicubic`] : [];
  await runFfmpeg(['-y', '-loop', '1', '-framerate', String(scaleTo?.fps ?? 15), '-i', png, '-t', String(seconds), ...scale, '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', y4m]);
  return y4m;
}
