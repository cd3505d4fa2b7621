// Runs in Node (tests). The virtual background end to end in real Chromium: the fake camera plays a
// synthetic clip whose person area is known (made here with FFmpeg: a head-and-shoulders figure — skin
// ellipse with hair, eyes and mouth, neck, dark-blue shirt — over diagonal green stripes), MediaPipe's
// selfie segmentation runs in the page from the app's own files, and the preview is read pixel by pixel:
// outside the figure the pixels change (colour, blur, image), inside they stay the camera's.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { runFfmpeg, runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import { BACKDROP_GRADIENTS } from '../../src/renderer/features/background/builtInBackdrops';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import { fixturePath, makeFakeMedia, startHarness, type FakeMedia, type Harness, openRecordStep, waitForRecordedSeconds } from './support/harness';
import { HEIGHT, INSIDE, OUTSIDE, WIDTH, makePersonClip } from '../support/syntheticPerson';

const PDF = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');

let h: Harness;
let media: FakeMedia;
let capsule: CapsuleDetail;

/** RGB of one pixel of a recorded file's frame at `atSec`. */
async function filePixel(file: string, atSec: number, x: number, y: number): Promise<number[]> {
  const { stdout } = await runFfmpegCapture(['-loglevel', 'error', '-ss', atSec.toFixed(3), '-i', file, '-frames:v', '1', '-vf', `format=rgb24,crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-']);
  return [stdout[0]!, stdout[1]!, stdout[2]!];
}

beforeAll(async () => {
  media = await makeFakeMedia({ seconds: 2, width: WIDTH, height: HEIGHT, fps: 15 });
  media.videoPath = await makePersonClip(media.dir, 2);
  h = await startHarness({ fakeMedia: media });
  capsule = await h.web.studio.calls.createCapsuleFromPdf({ source: { path: PDF }, title: 'Background e2e' });
  await openRecordStep(h.page, capsule.id);
});

afterAll(async () => {
  await h?.close();
  media?.remove();
});

/** RGB of the preview's current frame at each point (the video element's own pixels, not the mirrored CSS). */
async function previewPixels(page: Page, points: readonly { x: number; y: number }[]): Promise<number[][]> {
  // In view, as the teacher sees it: Chromium does not refresh the picture of a video scrolled out of sight.
  await page.getByTestId('camera-preview').scrollIntoViewIfNeeded();
  return page.getByTestId('camera-preview').evaluate((video: HTMLVideoElement, at) => {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(video, 0, 0);
    return at.map(({ x, y }) => Array.from(context.getImageData(x, y, 1, 1).data.slice(0, 3)));
  }, points);
}

async function waitForEffectFrames(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('background-status').getAttribute('data-fps'), { timeout: 120_000, interval: 500 }).toMatch(/^[0-9.]+$/);
  await expect.poll(async () => Number(await page.getByTestId('background-status').getAttribute('data-fps')), { timeout: 60_000 }).toBeGreaterThan(0);
}

const distance = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((value, index) => Math.abs(value - b[index]!)));

describe('virtual background in the browser', () => {
  test('as filmed, the preview shows the clip itself', async () => {
    await expect.poll(() => h.page.getByTestId('camera-preview').evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: 20_000 }).toBe(WIDTH);
    const pixels = await previewPixels(h.page, INSIDE);
    INSIDE.forEach((point, index) => expect(distance(pixels[index]!, point.rgb), point.name).toBeLessThan(30));
  });

  test('a colour replaces the background outside the person and leaves the person as filmed', async () => {
    const before = await previewPixels(h.page, OUTSIDE);
    await h.page.getByLabel('Replace with a colour').check();
    await h.page.getByTestId('background-colour').fill('#ff00ff');
    await waitForEffectFrames(h.page);
    await expect.poll(async () => distance((await previewPixels(h.page, OUTSIDE.slice(0, 1)))[0]!, [255, 0, 255]), { timeout: 60_000 }).toBeLessThan(40);
    const outside = await previewPixels(h.page, OUTSIDE);
    OUTSIDE.forEach((point, index) => {
      expect(distance(outside[index]!, [255, 0, 255]), point.name).toBeLessThan(40);
      expect(distance(outside[index]!, before[index]!), point.name).toBeGreaterThan(60);
    });
    const inside = await previewPixels(h.page, INSIDE);
    INSIDE.forEach((point, index) => expect(distance(inside[index]!, point.rgb), point.name).toBeLessThan(30));
  });

  test('blur smooths the stripes outside the person and leaves the person sharp', async () => {
    await h.page.getByLabel('Blur the background').check();
    await waitForEffectFrames(h.page);
    // Two neighbours 4 px each side of a stripe edge: 40 apart as filmed (110 vs 150), close once blurred.
    const edge = [
      { x: 70, y: 16 },
      { x: 78, y: 16 },
    ];
    await expect.poll(async () => {
      const [a, b] = await previewPixels(h.page, edge);
      // Not the magenta of the colour effect any more, and no black frame: the blurred stripes themselves.
      return Math.max(distance(a!, b!), Math.abs(a![0]! + a![1]! + a![2]! - 390) > 90 ? 255 : 0);
    }, { timeout: 60_000 }).toBeLessThan(25);
    const inside = await previewPixels(h.page, INSIDE);
    INSIDE.forEach((point, index) => expect(distance(inside[index]!, point.rgb), point.name).toBeLessThan(30));
    console.log(`virtual background preview (640x360 fake camera, e2e machine): ${await h.page.getByTestId('background-status').getAttribute('data-fps')} fps`);
  });

  test('a take keeps the camera as filmed beside the camera with the effect, and the effect can be turned off', async () => {
    const page = h.page;
    await page.getByLabel('Replace with a colour').check();
    await waitForEffectFrames(page);
    await page.locator('button.record-start').click();
    await waitForRecordedSeconds(page, 3);
    await page.keyboard.press('Escape');
    const grainId = capsule.grains[0]!.id;
    await expect.poll(async () => (await h.web.studio.calls.listTakes(grainId))[0]?.state, { timeout: 90_000 }).toBe('ready');
    const take = (await h.web.studio.calls.listTakes(grainId))[0]!;
    expect(take.background).toEqual({ effect: { mode: 'colour', blurPx: 12, colour: '#ff00ff' }, applied: true });
    expect(take.processed).toMatchObject({ media: `processed/${take.id}` });
    // The camera file is the clip as filmed: stripes outside, the person inside.
    const at = 1;
    expect(distance(await filePixel(take.path, at, OUTSIDE[0]!.x, OUTSIDE[0]!.y), [255, 0, 255])).toBeGreaterThan(60);
    expect(distance(await filePixel(take.path, at, INSIDE[0]!.x, INSIDE[0]!.y), INSIDE[0]!.rgb)).toBeLessThan(35);
    // The processed file: the colour outside, the person as filmed inside (its last frames: the model is slow here).
    const processedAt = Math.max(0, (take.durationMs ?? 2000) / 1000 - 0.5);
    expect(distance(await filePixel(take.processed!.path, processedAt, OUTSIDE[0]!.x, OUTSIDE[0]!.y), [255, 0, 255])).toBeLessThan(50);
    expect(distance(await filePixel(take.processed!.path, processedAt, INSIDE[1]!.x, INSIDE[1]!.y), INSIDE[1]!.rgb)).toBeLessThan(35);
    // Undo from the take's row: the montage goes back to the camera as filmed; redo brings the effect back. No file changes.
    const toggle = page.getByTestId('take-background-1').getByRole('checkbox', { name: 'Virtual background in take 1' });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    await expect.poll(async () => (await h.web.studio.calls.listTakes(grainId))[0]!.background?.applied).toBe(false);
    await toggle.check();
    await expect.poll(async () => (await h.web.studio.calls.listTakes(grainId))[0]!.background?.applied).toBe(true);
  });

  test('an image replaces the background outside the person, cover-scaled, and leaves the person as filmed', async () => {
    // A 2:1 picture, left half orange and right half cyan, its outer 10 columns magenta. Cover-scaled onto the
    // 16:9 preview (x3.6) its sides lose 11.1 columns each: no magenta shows, the split stays at x = 320 (the
    // OUTSIDE points 'left' and 'top-left' are orange, 'right' cyan). Stretched, the magenta would fill the edges.
    const png = path.join(media.dir, 'backdrop.png');
    const paint = (edge: number, left: number, right: number) => `if(lt(X,10)+gte(X,190),${edge},if(lt(X,100),${left},${right}))`;
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'color=c=black:s=200x100', '-frames:v', '1', '-vf', `format=rgb24,geq=r='${paint(255, 255, 0)}':g='${paint(0, 128, 160)}':b='${paint(255, 0, 255)}'`, png]);
    const orange = [255, 128, 0];
    const cyan = [0, 160, 255];
    const expected = (x: number) => (x < 320 ? orange : cyan);
    const points = [...OUTSIDE, { name: 'left edge', x: 6, y: 20 }, { name: 'right edge', x: WIDTH - 6, y: 20 }];
    const before = await previewPixels(h.page, points); // the colour effect of the previous case, not these
    await h.page.getByLabel('Replace with an image').check();
    await h.page.getByLabel('Choose an image file').setInputFiles(png);
    await waitForEffectFrames(h.page);
    await expect.poll(async () => Math.max(...(await previewPixels(h.page, points)).map((pixel, index) => distance(pixel, expected(points[index]!.x)))), { timeout: 60_000 }).toBeLessThan(40);
    const outside = await previewPixels(h.page, points);
    points.forEach((point, index) => expect(distance(outside[index]!, before[index]!), point.name).toBeGreaterThan(60));
    const inside = await previewPixels(h.page, INSIDE);
    INSIDE.forEach((point, index) => expect(distance(inside[index]!, point.rgb), point.name).toBeLessThan(30));
    expect(await h.page.getByLabel('Your image: backdrop.png').isChecked()).toBe(true);

    // A file that is not an image: a clear message, and the picture behind the person stays.
    await h.page.getByLabel('Choose an image file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await h.page.getByTestId('background-image-error').waitFor({ timeout: 20_000 });
    expect(await h.page.getByRole('alert').filter({ hasText: 'could not be read as an image' }).count()).toBe(1);
    const kept = await previewPixels(h.page, points);
    points.forEach((point, index) => expect(distance(kept[index]!, expected(point.x)), point.name).toBeLessThan(40));

    // A take with the image: the main side accepts the mode, stores the file's name only, and the processed file shows the image.
    const page = h.page;
    await page.locator('button.record-start').click();
    await waitForRecordedSeconds(page, 3);
    await page.keyboard.press('Escape');
    // This case's take, whatever became of the previous case's.
    const imageTake = async () => (await h.web.studio.calls.listCapsuleTakes(capsule.id)).find((made) => made.background?.effect.mode === 'image');
    await expect.poll(async () => (await imageTake())?.state, { timeout: 90_000 }).toBe('ready');
    const take = (await imageTake())!;
    expect(take.background).toEqual({ effect: { mode: 'image', blurPx: 12, colour: '#ff00ff', image: 'file:backdrop.png' }, applied: true });
    const processedAt = Math.max(0, (take.durationMs ?? 2000) / 1000 - 0.5);
    expect(distance(await filePixel(take.processed!.path, processedAt, OUTSIDE[0]!.x, OUTSIDE[0]!.y), orange)).toBeLessThan(50);
    expect(distance(await filePixel(take.processed!.path, processedAt, OUTSIDE[1]!.x, OUTSIDE[1]!.y), cyan)).toBeLessThan(50);
    expect(distance(await filePixel(take.processed!.path, processedAt, INSIDE[1]!.x, INSIDE[1]!.y), INSIDE[1]!.rgb)).toBeLessThan(35);

    // Another image replaces the first one (the first is released only once the effect has let go of it).
    const swapped = path.join(media.dir, 'swapped.png');
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'color=c=black:s=200x100', '-frames:v', '1', '-vf', `format=rgb24,geq=r='${paint(255, 0, 255)}':g='${paint(0, 160, 128)}':b='${paint(255, 255, 0)}'`, swapped]);
    await page.getByLabel('Choose an image file').setInputFiles(swapped);
    const swappedColour = (x: number) => (x < 320 ? cyan : orange);
    await expect.poll(async () => Math.max(...(await previewPixels(page, points)).map((pixel, index) => distance(pixel, swappedColour(points[index]!.x)))), { timeout: 60_000 }).toBeLessThan(40);
    expect(await page.getByLabel('Your image: swapped.png').isChecked()).toBe(true);
    expect(Number(await page.getByTestId('background-status').getAttribute('data-fps'))).toBeGreaterThan(0);
  });

  test('a built-in gradient replaces the background for a teacher without an image', async () => {
    await h.page.getByLabel('Slate gradient (dark)').check();
    // The slate gradient runs from the top-left corner to the bottom-right one (builtInBackdrops.ts).
    const [from, to] = BACKDROP_GRADIENTS.slate.map((stop) => [1, 3, 5].map((at) => parseInt(stop.colour.slice(at, at + 2), 16)));
    const gradientAt = (x: number, y: number) => {
      const t = (x * WIDTH + y * HEIGHT) / (WIDTH * WIDTH + HEIGHT * HEIGHT);
      return from!.map((value, channel) => value + (to![channel]! - value) * t);
    };
    await expect.poll(async () => Math.max(...(await previewPixels(h.page, OUTSIDE)).map((pixel, index) => distance(pixel, gradientAt(OUTSIDE[index]!.x, OUTSIDE[index]!.y)))), { timeout: 60_000 }).toBeLessThan(30);
    const inside = await previewPixels(h.page, INSIDE);
    INSIDE.forEach((point, index) => expect(distance(inside[index]!, point.rgb), point.name).toBeLessThan(30));
  });
});
