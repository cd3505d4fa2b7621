// Runs in Node (service tests). The camera never covers a 4:3 deck's content: a beamer-like 4:3
// page letterboxed into a 16:9 slide picture (as the PDF import writes it), with text down to its
// bottom-right corner, is rendered by real FFmpeg with the default layout; the camera box found in
// the MP4 lies in the freed side strip and every pixel of the page's content area matches the slide.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../../src/main/studio';
import { createLogger } from '../../src/main/log';
import { runFfmpeg, runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import { MontageEngine } from '../../src/main/montage/montageEngine';
import type { RenderOutput } from '../../src/shared/domain/montage';
import type { Rect } from '../../src/shared/logic/layoutGeometry';
import { tempDir } from '../support/tempDir';
import { attachTake, createCapsule, ev, makeTake } from '../support/montageFixtures';

const W = 1920;
const H = 1080;

/** Grey pixels (one byte each) of a picture or of a video frame at `atSec`. */
async function grey(file: string, atSec?: number): Promise<Uint8Array> {
  const seek = atSec === undefined ? [] : ['-ss', atSec.toFixed(3)];
  const { stdout } = await runFfmpegCapture(['-loglevel', 'error', ...seek, '-i', file, '-frames:v', '1', '-vf', `scale=${W}:${H},format=gray`, '-f', 'rawvideo', '-']);
  return new Uint8Array(stdout);
}

describe('camera placement of a 4:3 deck (real FFmpeg)', () => {
  const dir = tempDir('montage-camera-');
  let studio: Studio;
  let slide: string;
  let out: RenderOutput;
  let engine: MontageEngine;
  let capsuleId: string;
  // The page's content area in the slide picture: from its first to its last ink, title to footer.
  const content: Rect = { x: 240 + 90, y: 60, width: 1440 - 2 * 90, height: 1080 - 120 };

  beforeAll(async () => {
    studio = await createStudio({ libraryDir: path.join(dir, 'lib'), binding: 'cli', startJobs: false, log: createLogger(() => undefined, true) });
    const ctx = studio.context;
    const media = path.join(dir, 'media');
    slide = path.join(media, 'beamer-4x3.png');
    mkdirSync(media, { recursive: true });
    const box = (x: number, y: number, w: number, h: number) => `drawbox=x=${x}:y=${y}:w=${w}:h=${h}:c=0x202020:t=fill`;
    // A 1440×1080 page: title, body lines, and "obsolètes." down in its bottom-right corner; then
    // pillarboxed on white to 1920×1080, like the importer's slides.
    const page = [
      box(90, 60, 900, 90),
      ...[260, 360, 460, 560, 660].map((y) => box(120, y, 1100, 40)),
      box(1090, 960, 260, 60), // "obsolètes."
      'pad=1920:1080:240:0:color=white',
    ].join(',');
    await runFfmpeg(['-nostdin', '-y', '-f', 'lavfi', '-i', `color=c=white:s=1440x1080,${page}`, '-frames:v', '1', slide]);
    const take = await makeTake(path.join(media, 'orange.webm'), { durationSec: 2, color: '0xff8000' });
    const capsule = createCapsule(ctx, 'Codage des caractères', [{ image: slide, prompt: 'Les tables de codage obsolètes.', group: 0 }]);
    capsuleId = capsule.id;
    attachTake(ctx, capsule.id, capsule.grains[0]!.id, take, [ev('start', 0, 0), ev('end', 2000, 0)]);
    engine = new MontageEngine({ store: ctx.stores.montage, libraryDir: ctx.libraryDir, library: ctx.library, settings: ctx.settings, log: ctx.log });
    out = await engine.render(capsule.id, { height: 1080, outFile: path.join(dir, 'camera.mp4') });
  }, 300_000);

  afterAll(async () => {
    await studio?.close();
  });

  it('puts the camera in the freed side strip, off the page’s content', async () => {
    const plan = await engine.plan(capsuleId, 1080);
    const geometry = plan.grains[0]!.geometry;
    expect(geometry.cameraPlacement).toBe('margin');
    const camera = geometry.camera!;
    const shifted: Rect = { ...content, x: content.x + geometry.slideShift };
    const overlap = camera.x < shifted.x + shifted.width && shifted.x < camera.x + camera.width && camera.y < shifted.y + shifted.height && shifted.y < camera.y + camera.height;
    expect(overlap).toBe(false);
    expect(camera.width).toBeGreaterThanOrEqual(W * 0.2);

    const frame = await grey(out.file, 1);
    const source = await grey(slide);
    // The camera box really is where the plan says: the orange take, not the white page.
    const centre = frame[(camera.y + camera.height / 2) * W + camera.x + 10]!;
    expect(Math.abs(centre - 0xa0)).toBeLessThan(40); // orange's grey level (≈ 0.299·255 + 0.587·128 ≈ 151)
    // Every pixel of the page's content area (moved with the slide) is the slide's own pixel.
    let differing = 0;
    let total = 0;
    for (let y = content.y; y < content.y + content.height; y += 2) {
      for (let x = content.x; x < content.x + content.width; x += 2) {
        total += 1;
        if (Math.abs(frame[y * W + x + geometry.slideShift]! - source[y * W + x]!) > 48) differing += 1;
      }
    }
    expect(differing / total).toBeLessThan(0.002);
  });
});
