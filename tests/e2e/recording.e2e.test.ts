// Runs in Node (tests). The recording studio end to end in real Chromium with fake camera and mic fed
// from FFmpeg-made Y4M/WAV, through the loopback bridge to the real services: record two grains with
// slide and sentence changes from the keyboard (clicker keys), pause/resume, retake one grain (the
// retake becomes active) and choose the first take back, play a take, delete one with confirmation,
// drive a second prompter window, retake and go to the next grain while recording; then check the
// files on disk with ffprobe and the events stored.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import type { Take } from '../../src/shared/domain/take';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { fixturePath, makeFakeMedia, startHarness, type FakeMedia, type Harness } from './support/harness';

const PDF = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');

let h: Harness;
let media: FakeMedia;
let capsule: CapsuleDetail;

beforeAll(async () => {
  media = await makeFakeMedia({ seconds: 3, width: 320, height: 240, fps: 25 });
  h = await startHarness({ fakeMedia: media });
  const calls = h.web.studio.calls;
  const created = await calls.createCapsuleFromPdf({ source: { path: PDF }, title: 'Recording e2e' });
  // Grain 1: two slides of two sentences; grain 2: one slide.
  await calls.mergeGrainWithPrevious(created.grains[1]!.id);
  let detail = await calls.getCapsule(created.id);
  const [first, second] = detail.grains[0]!.slides;
  await calls.updateSlidePrompt(first!.id, 'Bonjour à tous.\nAujourd’hui, les ondes.');
  await calls.updateSlidePrompt(second!.id, 'Une onde transporte de l’énergie.\nSans transporter de matière.');
  await calls.updateSlidePrompt(detail.grains[1]!.slides[0]!.id, 'Deuxième grain.');
  detail = await calls.getCapsule(created.id);
  capsule = detail;
  await openRecordStep(h.page);
});

afterAll(async () => {
  await h?.close();
  media?.remove();
});

async function openRecordStep(page: Page): Promise<void> {
  await page.evaluate((id) => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: 'record', capsuleId: id })), capsule.id);
  await page.reload();
  await page.getByRole('heading', { name: 'Record', level: 1 }).waitFor();
}

const takesOf = (grainIndex: number): Promise<Take[]> => h.web.studio.calls.listTakes(capsule.grains[grainIndex]!.id);

async function waitForTakes(grainIndex: number, count: number): Promise<Take[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const takes = await takesOf(grainIndex);
    if (takes.length === count && takes.every((take) => take.state === 'ready')) return takes;
    if (Date.now() > deadline) throw new Error(`grain ${grainIndex + 1}: expected ${count} ready takes, got ${JSON.stringify(takes.map((take) => take.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** ffprobe says: audio and video present, duration within 0.5 s of the time the recorder measured. */
async function expectPlayableTake(take: Take, options: { video: boolean }) {
  expect(existsSync(take.path)).toBe(true);
  const probe = await probeMedia(take.path);
  const duration = Number(probe.format.duration) * 1000;
  expect(Math.abs(duration - take.recordedMs!)).toBeLessThan(500);
  expect(probe.streams.some((stream) => stream.codec_type === 'audio')).toBe(true);
  expect(probe.streams.some((stream) => stream.codec_type === 'video')).toBe(options.video);
}

describe('recording in the browser', () => {
  test('the device check shows the fake camera, mirrored, and a live microphone level', async () => {
    const preview = h.page.getByTestId('camera-preview');
    await preview.waitFor();
    await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth)).toBe(320);
    expect(await preview.evaluate((video) => getComputedStyle(video).transform)).toMatch(/matrix\(-1/);
    await expect.poll(() => h.page.getByTestId('vu-meter').getAttribute('data-rms-db'), { timeout: 30_000 }).not.toBe('-inf');
    expect(await h.page.getByTestId('camera-problem').count()).toBe(0);
  });

  test('records grain 1 with sentence and slide changes, pause and resume, from the keyboard', async () => {
    const page = h.page;
    await expect.poll(() => page.getByTestId('prompter-current').textContent()).toBe('Bonjour à tous.');
    expect(await page.getByTestId('prompter-next').textContent()).toBe('Aujourd’hui, les ondes.');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('countdown').waitFor();
    await page.getByTestId('recording-indicator').waitFor({ timeout: 30_000 });
    await pause(1000);
    await page.keyboard.press('PageDown'); // clicker: next sentence
    await expect.poll(() => page.getByTestId('prompter-current').textContent()).toBe('Aujourd’hui, les ondes.');
    await pause(800);
    await page.keyboard.press('ArrowRight'); // next slide
    await expect.poll(() => page.getByTestId('slide-counter').textContent()).toBe('Slide 2 / 2');
    expect(await page.getByTestId('prompter-current').textContent()).toBe('Une onde transporte de l’énergie.');
    await pause(800);
    await page.keyboard.press('Space'); // next sentence
    await pause(400);
    await page.keyboard.press('k'); // pause
    await expect.poll(() => page.getByTestId('recording-indicator').textContent()).toContain('PAUSED');
    await pause(1200);
    await page.keyboard.press('k'); // resume
    await pause(900);
    await page.keyboard.press('Escape'); // stop and keep
    const [take] = await waitForTakes(0, 1);
    await page.getByTestId('take-1').waitFor();

    expect(take).toMatchObject({ attempt: 1, state: 'ready', isActive: true, hasVideo: true, hasAudio: true, width: 320, height: 240 });
    expect(take!.events.map((event) => event.type)).toEqual(['start', 'next_sentence', 'next_slide', 'next_sentence', 'pause', 'resume', 'end']);
    expect(take!.events.map((event) => [event.slideIndex, event.sentenceIndex])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
    const times = take!.events.map((event) => event.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // Pause and resume are the same moment on the media clock: the paused span is not in the file.
    expect(times[5]! - times[4]!).toBeLessThan(100);
    expect(times[6]!).toBe(take!.recordedMs);
    // About 1.0 + 0.8 + 0.8 + 0.4 + 0.9 s of recording, the 1.2 s pause excluded.
    expect(take!.recordedMs!).toBeGreaterThan(3500);
    expect(take!.recordedMs!).toBeLessThan(6500);
    await expectPlayableTake(take!, { video: true });
  });

  test('records grain 2 without a countdown, leaving grain 1 untouched', async () => {
    const page = h.page;
    await page.getByRole('checkbox', { name: 'Countdown before recording' }).uncheck();
    await page.getByTestId('record-grain-2').click();
    await expect.poll(() => page.getByTestId('prompter-current').textContent()).toBe('Deuxième grain.');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('recording-indicator').waitFor();
    await pause(1500);
    // Past the last sentence of the grain: the take ends (Polymny's clicker workflow).
    await page.keyboard.press('PageDown');
    const [take] = await waitForTakes(1, 1);
    expect(take).toMatchObject({ isActive: true });
    expect(take!.events.map((event) => event.type)).toEqual(['start', 'end']);
    await expectPlayableTake(take!, { video: true });
    expect(await takesOf(0)).toHaveLength(1);
    expect((await h.web.studio.calls.getRecordingPreferences()).countdown).toBe(false);
  });

  test('retakes grain 1: the retake becomes the take in the video, the first is one click away', async () => {
    const page = h.page;
    await page.getByTestId('record-grain-1').click();
    await page.getByTestId('take-1').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    await page.getByTestId('recording-indicator').waitFor();
    await pause(1200);
    await page.keyboard.press('Escape');
    const takes = await waitForTakes(0, 2);
    expect(takes.map((take) => [take.attempt, take.isActive])).toEqual([
      [1, false],
      [2, true],
    ]);
    await expectPlayableTake(takes[1]!, { video: true });
    expect(await takesOf(1)).toHaveLength(1);
    // Newest first, the active one marked; the list sits beside the slide, in view without scrolling.
    await expect.poll(() => page.getByTestId('take-2').getAttribute('data-active')).toBe('true');
    expect(await page.getByTestId('takes-list').locator('li').evaluateAll((items) => items.map((item) => item.getAttribute('data-testid')))).toEqual(['take-2', 'take-1']);
    const box = await page.getByTestId('takes-list').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(page.viewportSize()!.height);

    await page.getByTestId('take-1').getByRole('button', { name: 'Use this take' }).click();
    await expect.poll(() => page.getByTestId('take-1').getAttribute('data-active')).toBe('true');
    await page.getByTestId('take-2').getByRole('button', { name: 'Use this take' }).click();
    await expect.poll(() => page.getByTestId('take-2').getAttribute('data-active')).toBe('true');
    await page.getByTestId('take-1').getByRole('button', { name: 'Use this take' }).click();
    await expect.poll(() => page.getByTestId('take-1').getAttribute('data-active')).toBe('true');
    expect((await takesOf(0)).map((take) => take.isActive)).toEqual([true, false]);
    expect((await h.web.studio.calls.getCapsule(capsule.id)).grains[0]!.activeTakeId).toBe(takes[0]!.id);
  });

  test('plays a take back with its slide changes, and deletes one after confirming', async () => {
    const page = h.page;
    const [first, second] = await takesOf(0);
    await page.getByTestId('take-1').getByRole('button', { name: 'Play' }).click();
    const video = page.getByTestId('take-playback').locator('video');
    await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    const duration = await video.evaluate((element: HTMLVideoElement) => element.duration * 1000);
    expect(Math.abs(duration - first!.durationMs!)).toBeLessThan(200);
    // Seek after the next_slide event: the slide beside the video follows.
    const slideChange = first!.events.find((event) => event.type === 'next_slide')!.atMs;
    await video.evaluate((element: HTMLVideoElement, at: number) => {
      element.pause();
      element.currentTime = at / 1000 + 0.3;
    }, slideChange);
    await expect.poll(() => page.getByTestId('take-playback').locator('img').getAttribute('data-slide-index')).toBe('1');
    await page.getByTestId('take-1').getByRole('button', { name: 'Play' }).click();

    await page.getByTestId('take-2').getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete take 2?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await takesOf(0)).length).toBe(1);
    expect(existsSync(second!.path)).toBe(false);
    expect(existsSync(first!.path)).toBe(true);
  });

  test('a second prompter window follows the studio and its clicker drives it', async () => {
    const page = h.page;
    const [popup] = await Promise.all([h.context.waitForEvent('page'), page.getByRole('button', { name: 'Open the prompter in a second window' }).click()]);
    await popup.getByTestId('prompter-window').waitFor();
    await expect.poll(() => popup.getByTestId('prompter-current').textContent()).toBe('Bonjour à tous.');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('PageDown');
    await expect.poll(() => popup.getByTestId('prompter-current').textContent()).toBe('Aujourd’hui, les ondes.');
    await popup.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('slide-counter').textContent()).toBe('Slide 2 / 2');
    await expect.poll(() => popup.getByTestId('prompter-current').textContent()).toBe('Une onde transporte de l’énergie.');
    await popup.close();
  });

  test('a sentence is edited in place in the prompter and saved in the capsule', async () => {
    const page = h.page;
    await expect.poll(() => page.getByTestId('prompter-current').textContent()).toBe('Une onde transporte de l’énergie.');
    await page.getByRole('button', { name: 'Edit this sentence' }).click();
    const input = page.getByRole('textbox', { name: 'Sentence text' });
    await input.fill('Une onde transporte de l’énergie, pas de matière.');
    await input.press('Enter');
    await expect.poll(() => page.getByTestId('prompter-current').textContent()).toBe('Une onde transporte de l’énergie, pas de matière.');
    const slideId = capsule.grains[0]!.slides[1]!.id;
    await expect
      .poll(async () => (await h.web.studio.calls.getCapsule(capsule.id)).grains[0]!.slides.find((slide) => slide.id === slideId)!.prompt)
      .toBe('Une onde transporte de l’énergie, pas de matière.\nSans transporter de matière.');
    // Enter in the editor saved the sentence; it did not start a take.
    expect(await takesOf(0)).toHaveLength(1);
  });

  test('the scrolling prompter with its text size and mirror, remembered', async () => {
    const page = h.page;
    await page.getByRole('combobox', { name: 'Prompter mode' }).selectOption('scroll');
    const scroll = page.getByTestId('prompter-scroll');
    await scroll.waitFor();
    expect(await scroll.locator('p').allTextContents()).toEqual([
      'Bonjour à tous.',
      'Aujourd’hui, les ondes.',
      'Une onde transporte de l’énergie, pas de matière.',
      'Sans transporter de matière.',
    ]);
    expect(await scroll.locator('.prompter-scroll-current').textContent()).toBe('Une onde transporte de l’énergie, pas de matière.');
    await page.getByRole('checkbox', { name: 'Mirror the text (teleprompter glass)' }).check();
    await page.getByRole('slider', { name: 'Text size' }).fill('60');
    const text = scroll.locator('> div');
    await expect.poll(() => text.evaluate((element) => getComputedStyle(element).transform)).toMatch(/matrix\(-1/);
    expect(await text.evaluate((element) => getComputedStyle(element).fontSize)).toBe('60px');
    await expect.poll(async () => (await h.web.studio.calls.getRecordingPreferences()).prompter).toEqual({ mode: 'scroll', fontSize: 60, speed: 40, mirror: true });
    await page.getByRole('combobox', { name: 'Prompter mode' }).selectOption('lines');
    await page.getByTestId('prompter-current').waitFor();
    expect(h.pageErrors).toEqual([]);
  });

  test('Retake (r) while recording keeps the take and records the same grain again', async () => {
    const page = h.page;
    const before = (await takesOf(0)).length;
    await page.getByTestId('record-grain-1').click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('recording-indicator').waitFor();
    await pause(1200);
    await page.keyboard.press('r');
    // The take is kept and a new one of the same grain begins (the countdown is off).
    await expect.poll(async () => (await takesOf(0)).length, { timeout: 20_000 }).toBe(before + 2);
    await page.getByTestId('recording-indicator').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('record-grain-1').getAttribute('aria-current')).toBe('true');
    await pause(1200);
    await page.keyboard.press('Escape');
    const takes = await waitForTakes(0, before + 2);
    const newest = [...takes].sort((a, b) => a.attempt - b.attempt).slice(-2);
    expect(newest.map((take) => take.events.at(-1)?.type)).toEqual(['end', 'end']);
    expect(newest.map((take) => take.isActive)).toEqual([false, true]);
    expect(h.pageErrors).toEqual([]);
  });

  test('Next grain (n) while recording keeps the take and goes on recording the next grain without one', async () => {
    const page = h.page;
    const counts = async () => Promise.all(capsule.grains.map(async (grain) => (await h.web.studio.calls.listTakes(grain.id)).length));
    const before = await counts();
    // The grain "Next grain" should reach: the first one after grain 1 that has no take yet.
    const target = before.findIndex((count, index) => index > 0 && count === 0);
    expect(target).toBeGreaterThan(0);
    await page.getByTestId('record-grain-1').click();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('recording-indicator').waitFor();
    await pause(1200);
    await page.keyboard.press('n');
    // Grain 1's take is kept; the target grain is current and being recorded (the countdown is off).
    await expect.poll(() => page.getByTestId(`record-grain-${target + 1}`).getAttribute('aria-current'), { timeout: 20_000 }).toBe('true');
    await page.getByTestId('recording-indicator').waitFor({ timeout: 20_000 });
    await pause(1200);
    await page.keyboard.press('Escape');
    const first = await waitForTakes(0, before[0]! + 1);
    await waitForTakes(target, 1);
    // The take just kept is the newest of grain 1 and the one in the video.
    expect(first.find((take) => take.attempt === Math.max(...first.map((item) => item.attempt)))?.isActive).toBe(true);
    expect(h.pageErrors).toEqual([]);
  });
});
