// Runs in Node (tests). The pen over the slide (issue 15) end to end in real Chromium with fake camera
// and microphone, through the loopback bridge to the real services: during a take, draw a stroke and
// hold the laser pointer with pointer events on the slide, change slide and come back; then render the
// capsule with the real FFmpeg and read the MP4's frames: the ink is at the place it was drawn, from
// the time it was drawn and not before, leaves with its slide and comes back with it; the pointer
// shows only while held; hiding the strokes renders the video again without them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import type { RenderInfo } from '../../src/shared/domain/montage';
import type { Take } from '../../src/shared/domain/take';
import type { InkEvent } from '../../src/shared/logic/strokes/inkEvents';
import { pixelAt, near } from '../support/montageFixtures';
import { fixturePath, makeFakeMedia, startHarness, type FakeMedia, type Harness, openRecordStep } from './support/harness';

const PDF = fixturePath('pdf', 'beamer-16x9-de_klingtnet-presentation169.pdf');
/** The pen's default colour and the laser pointer's, as RGB. */
const INK_RED: [number, number, number] = [0xe5, 0x39, 0x35];
const POINTER_RED: [number, number, number] = [0xff, 0x17, 0x44];
/** Where things are drawn, in slide coordinates (0..1): away from the corners the camera may take. */
const STROKE = { from: [0.3, 0.55], to: [0.55, 0.55] } as const;
const POINTER = [0.45, 0.3] as const;
/** The render is 1280×720 and the deck is 16:9: the slide fills the frame. */
const OUT = { width: 1280, height: 720 };

let h: Harness;
let media: FakeMedia;
let capsule: CapsuleDetail;
let take: Take;
let ink: InkEvent[];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  media = await makeFakeMedia({ seconds: 4, width: 320, height: 240, fps: 25 });
  h = await startHarness({ fakeMedia: media });
  const calls = h.web.studio.calls;
  const created = await calls.createCapsuleFromPdf({ source: { path: PDF }, title: 'Pen e2e' });
  // Grain 1 holds at least two slides; every other grain is left out of the video.
  if (created.grains[0]!.slides.length < 2) await calls.mergeGrainWithPrevious(created.grains[1]!.id);
  capsule = await calls.getCapsule(created.id);
  for (const grain of capsule.grains.slice(1)) await calls.setUnrecordedGrainChoice(grain.id, { mode: 'leave_out' });
  await openRecordStep(h.page, capsule.id);
});

afterAll(async () => {
  await h?.close();
  media?.remove();
});

/** A slide point (0..1) in page pixels: the slide picture is letterboxed inside its <img> box (object-fit: contain). */
async function pagePoint(x: number, y: number): Promise<{ x: number; y: number }> {
  const surface = h.page.getByTestId('pen-surface');
  const box = (await surface.boundingBox())!;
  const natural = await h.page.locator('.pen-stage img').evaluate((image: HTMLImageElement) => ({ width: image.naturalWidth, height: image.naturalHeight }));
  const scale = Math.min(box.width / natural.width, box.height / natural.height);
  const width = natural.width * scale;
  const height = natural.height * scale;
  return { x: box.x + (box.width - width) / 2 + x * width, y: box.y + (box.height - height) / 2 + y * height };
}

async function renderVideo(): Promise<RenderInfo> {
  const job = await h.web.studio.calls.renderCapsule(capsule.id, { height: 720 });
  return h.web.studio.context.jobs.result<RenderInfo>(job.id);
}

const isInk = (rgb: readonly number[], colour: readonly number[]) => near(rgb, colour, 60);
const at = (ms: number) => ms / 1000;

describe('the pen during a take', () => {
  test('draws a stroke and holds the laser pointer over the slide while recording, on the media clock', async () => {
    const page = h.page;
    await page.getByRole('checkbox', { name: 'Countdown before recording' }).uncheck();
    await page.getByTestId('pen-toolbar').waitFor();
    // The tools have accessible names and say when they are in hand.
    const penButton = page.getByRole('button', { name: 'Pen', exact: true });
    await penButton.click();
    await expect.poll(() => penButton.getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Thick' }).click();

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('recording-indicator').waitFor({ timeout: 30_000 });
    await pause(900);

    // A stroke, with the mouse's pointer events.
    const from = await pagePoint(STROKE.from[0], STROKE.from[1]);
    const to = await pagePoint(STROKE.to[0], STROKE.to[1]);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 12 });
    await page.mouse.up();
    await pause(700);

    // The laser pointer, from its shortcut: pressed, moved a little, held still, released.
    await page.keyboard.press('l');
    await expect.poll(() => page.getByTestId('pen-tool-pointer').getAttribute('aria-pressed')).toBe('true');
    const pointer = await pagePoint(POINTER[0], POINTER[1]);
    await page.mouse.move(pointer.x - 30, pointer.y);
    await page.mouse.down();
    await page.mouse.move(pointer.x, pointer.y, { steps: 5 });
    await pause(800);
    await page.mouse.up();
    await pause(700);

    // Next slide, then back: the drawing leaves with its slide and comes back with it.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('slide-counter').textContent()).toBe(`Slide 2 / ${capsule.grains[0]!.slides.length}`);
    await pause(1200);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('slide-counter').textContent()).toBe(`Slide 1 / ${capsule.grains[0]!.slides.length}`);
    await pause(1200);
    await page.keyboard.press('Escape');

    const deadline = Date.now() + 60_000;
    for (;;) {
      const takes = await h.web.studio.calls.listTakes(capsule.grains[0]!.id);
      if (takes.length === 1 && takes[0]!.state === 'ready') {
        take = takes[0]!;
        break;
      }
      if (Date.now() > deadline) throw new Error(`no ready take: ${JSON.stringify(takes.map((item) => item.state))}`);
      await pause(200);
    }
    const stored = await h.web.studio.calls.getTakeInk(take.id);
    ink = stored.events;
    expect(stored.shown).toBe(true);
    const stroke = ink.find((event) => event.type === 'pen')!;
    const held = ink.find((event) => event.type === 'pointer')!;
    expect(stroke).toMatchObject({ slideIndex: 0, color: '#e53935', width: 0.016 });
    expect(held).toMatchObject({ slideIndex: 0, color: '#ff1744' });
    // The points are where they were drawn (slide coordinates), on the take's media clock.
    const first = stroke.points![0]!;
    const last = stroke.points![stroke.points!.length - 1]!;
    expect(first[0]).toBeCloseTo(STROKE.from[0], 1);
    expect(first[1]).toBeCloseTo(STROKE.from[1], 1);
    expect(last[0]).toBeCloseTo(STROKE.to[0], 1);
    expect(stroke.atMs).toBeGreaterThan(500);
    expect(last[2]).toBeLessThan(take.recordedMs!);
    // The pointer's path ends at its release, after being held still.
    const heldPoints = held.points!;
    expect(heldPoints[heldPoints.length - 1]![2] - heldPoints[heldPoints.length - 2]![2]).toBeGreaterThan(500);
    // The slide changes are in the strokes file too, in time order with the take's own events.
    expect(ink.filter((event) => event.type === 'slide').map((event) => event.slideIndex)).toEqual([0, 1, 0]);
    expect(take.events.map((event) => event.type)).toEqual(['start', 'next_slide', 'prev_slide', 'end']);
  });

  test('the rendered MP4 shows the ink where and when it was drawn, on its slide only, and the pointer only while held', async () => {
    const render = await renderVideo();
    const stroke = ink.find((event) => event.type === 'pen')!;
    const held = ink.find((event) => event.type === 'pointer')!;
    const strokeEnd = stroke.points![stroke.points!.length - 1]![2];
    const heldPoints = held.points!;
    const releasedAt = heldPoints[heldPoints.length - 1]![2];
    const stillSince = heldPoints[heldPoints.length - 2]![2];
    const nextSlide = take.events.find((event) => event.type === 'next_slide')!.atMs;
    const previousSlide = take.events.find((event) => event.type === 'prev_slide')!.atMs;

    // The middle of the stroke, in output pixels (the 16:9 slide fills the 16:9 frame).
    const sx = Math.round(((STROKE.from[0] + STROKE.to[0]) / 2) * OUT.width);
    const sy = Math.round(STROKE.from[1] * OUT.height);
    expect(isInk(await pixelAt(render.file, at(stroke.atMs - 400), sx, sy), INK_RED)).toBe(false); // not before
    expect(isInk(await pixelAt(render.file, at(strokeEnd + 300), sx, sy), INK_RED)).toBe(true); // drawn
    expect(isInk(await pixelAt(render.file, at(strokeEnd + 300), sx, sy - 40), INK_RED)).toBe(false); // a thick line, not a smear
    expect(isInk(await pixelAt(render.file, at((nextSlide + previousSlide) / 2), sx, sy), INK_RED)).toBe(false); // gone with its slide
    expect(isInk(await pixelAt(render.file, at(previousSlide + 400), sx, sy), INK_RED)).toBe(true); // back with it

    const px = Math.round(POINTER[0] * OUT.width);
    const py = Math.round(POINTER[1] * OUT.height);
    expect(isInk(await pixelAt(render.file, at(held.atMs - 300), px, py), POINTER_RED)).toBe(false);
    expect(isInk(await pixelAt(render.file, at((stillSince + releasedAt) / 2), px, py), POINTER_RED)).toBe(true);
    expect(isInk(await pixelAt(render.file, at(releasedAt + 400), px, py), POINTER_RED)).toBe(false); // released: gone, leaves no ink
  });

  test('the take preview replays the strokes; hidden, they leave the preview and the next render', async () => {
    const page = h.page;
    await page.getByRole('button', { name: 'Play take 1' }).click();
    await page.getByTestId('take-playback').waitFor();
    const controls = page.getByTestId('take-ink');
    await controls.waitFor();
    expect(await controls.textContent()).toContain('1 drawing');
    // Seek the preview past the stroke: the replay canvas paints red where the stroke was drawn.
    const stroke = ink.find((event) => event.type === 'pen')!;
    const strokeEnd = stroke.points![stroke.points!.length - 1]![2];
    await page.getByTestId('take-playback').locator('video').evaluate((video: HTMLVideoElement, seconds: number) => {
      video.pause();
      video.currentTime = seconds;
    }, at(strokeEnd + 300));
    const sample = () =>
      page.getByTestId('pen-replay').evaluate((canvas: HTMLCanvasElement, point: { x: number; y: number }) => {
        // The slide is letterboxed inside the picture's box, which the canvas covers.
        const image = canvas.parentElement!.querySelector('img')!;
        const scale = Math.min(canvas.width / image.naturalWidth, canvas.height / image.naturalHeight);
        const width = image.naturalWidth * scale;
        const height = image.naturalHeight * scale;
        const x = Math.round((canvas.width - width) / 2 + point.x * width);
        const y = Math.round((canvas.height - height) / 2 + point.y * height);
        return [...canvas.getContext('2d')!.getImageData(x, y, 1, 1).data];
      }, { x: (STROKE.from[0] + STROKE.to[0]) / 2, y: STROKE.from[1] });
    await expect.poll(async () => isInk((await sample()).slice(0, 3), INK_RED), { timeout: 30_000 }).toBe(true);

    await controls.getByRole('checkbox', { name: 'Show the drawings in the preview and the video' }).uncheck();
    await expect.poll(async () => (await sample())[3]).toBe(0);
    // The box and the preview follow the click at once; the main side's answer comes just after.
    await expect.poll(async () => (await h.web.studio.calls.getTakeInk(take.id)).shown).toBe(false);

    const render = await renderVideo();
    const sx = Math.round(((STROKE.from[0] + STROKE.to[0]) / 2) * OUT.width);
    const sy = Math.round(STROKE.from[1] * OUT.height);
    expect(isInk(await pixelAt(render.file, at(strokeEnd + 300), sx, sy), INK_RED)).toBe(false);
    expect(h.pageErrors).toEqual([]);
  });

  test('in the Live panel, ink drawn on the program preview is painted into the composed program, per slide', async () => {
    const page = h.page;
    await page.getByRole('navigation').getByRole('button', { name: 'Live' }).click();
    await page.getByRole('heading', { name: 'Live', exact: true }).waitFor();
    await page.getByLabel('Slides from').selectOption(capsule.id);
    const total = capsule.grains.flatMap((grain) => grain.slides).length;
    await page.getByTestId('live-slide-position').filter({ hasText: `Slide 1 of ${total}` }).waitFor();
    const program = page.getByTestId('live-program');
    // The program's own pixels (what is streamed and recorded), at a slide point: the 16:9 slide fills the 16:9 program.
    const programPixel = (x: number, y: number) =>
      program.evaluate((canvas: HTMLCanvasElement, point: { x: number; y: number }) => [...canvas.getContext('2d')!.getImageData(Math.round(point.x * canvas.width), Math.round(point.y * canvas.height), 1, 1).data].slice(0, 3), { x, y });
    const middle = { x: (STROKE.from[0] + STROKE.to[0]) / 2, y: STROKE.from[1] };
    expect(isInk(await programPixel(middle.x, middle.y), INK_RED)).toBe(false);

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('p');
    await expect.poll(() => page.getByTestId('pen-tool-pen').getAttribute('aria-pressed')).toBe('true');
    const box = (await program.boundingBox())!;
    await page.mouse.move(box.x + STROKE.from[0] * box.width, box.y + STROKE.from[1] * box.height);
    await page.mouse.down();
    await page.mouse.move(box.x + STROKE.to[0] * box.width, box.y + STROKE.to[1] * box.height, { steps: 10 });
    await page.mouse.up();
    await expect.poll(async () => isInk(await programPixel(middle.x, middle.y), INK_RED)).toBe(true);

    // The drawing belongs to its slide: gone on the next one, back on return.
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('live-slide-position').filter({ hasText: `Slide 2 of ${total}` }).waitFor();
    await expect.poll(async () => isInk(await programPixel(middle.x, middle.y), INK_RED)).toBe(false);
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('live-slide-position').filter({ hasText: `Slide 1 of ${total}` }).waitFor();
    await expect.poll(async () => isInk(await programPixel(middle.x, middle.y), INK_RED)).toBe(true);
    // Undo (its shortcut) takes the stroke back.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => isInk(await programPixel(middle.x, middle.y), INK_RED)).toBe(false);

    // A finger on a touch screen, in blue: touch pointer events, the page does not scroll under it.
    await page.getByTestId('pen-toolbar').getByRole('button', { name: 'Blue', exact: true }).click();
    expect(await program.evaluate((canvas: HTMLCanvasElement) => canvas.style.touchAction)).toBe('none');
    await program.evaluate((canvas: HTMLCanvasElement, line: { from: readonly number[]; to: readonly number[] }) => {
      const rect = canvas.getBoundingClientRect();
      const fire = (type: string, x: number, y: number) =>
        canvas.dispatchEvent(new PointerEvent(type, { bubbles: true, cancelable: true, pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0, clientX: rect.left + x * rect.width, clientY: rect.top + y * rect.height }));
      fire('pointerdown', line.from[0]!, line.from[1]!);
      for (let step = 1; step <= 8; step += 1) fire('pointermove', line.from[0]! + ((line.to[0]! - line.from[0]!) * step) / 8, line.from[1]!);
      fire('pointerup', line.to[0]!, line.to[1]!);
    }, STROKE);
    await expect.poll(async () => isInk(await programPixel(middle.x, middle.y), [0x1e, 0x63, 0xd6])).toBe(true);
    expect(h.pageErrors).toEqual([]);
  });
});
