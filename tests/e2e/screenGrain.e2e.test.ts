// Runs in Node (tests). Screen grains end to end in real Chromium: "Add a screen grain" in the editor,
// then in the Record step the screen is shared through getDisplayMedia (Chromium's fake screen capture,
// accepted by --use-fake-ui-for-media-stream), recorded beside the fake camera chunk by chunk, and the
// capsule rendered by the real services: the MP4 shows the captured screen with the camera in PiP.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import type { Take } from '../../src/shared/domain/take';
import type { RenderInfo } from '../../src/shared/domain/montage';
import { probeMedia, runFfmpegCapture } from '../../src/main/ffmpeg/ffmpeg';
import { fixturePath, makeFakeMedia, scratchDir, startHarness, type FakeMedia, type Harness, waitForRecordedSeconds } from './support/harness';

const PDF = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');

let h: Harness;
let media: FakeMedia;
let capsule: CapsuleDetail;
let screenTake: Take;

beforeAll(async () => {
  media = await makeFakeMedia({ seconds: 3, width: 320, height: 240, fps: 25 });
  h = await startHarness({ fakeMedia: media });
  capsule = await h.web.studio.calls.createCapsuleFromPdf({ source: { path: PDF }, title: 'Screen e2e' });
});

afterAll(async () => {
  await h?.close();
  media?.remove();
});

async function openView(page: Page, view: string): Promise<void> {
  await page.evaluate(([v, id]) => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: v, capsuleId: id })), [view, capsule.id] as const);
  await page.reload();
}

/** Mean RGB of a rectangle of the frame at `atSec`, area-averaged to one pixel by FFmpeg. */
async function meanRgb(file: string, atSec: number, rect: { x: number; y: number; width: number; height: number }): Promise<number[]> {
  const { stdout } = await runFfmpegCapture(['-loglevel', 'error', '-ss', atSec.toFixed(3), '-i', file, '-frames:v', '1', '-vf', `crop=${rect.width}:${rect.height}:${rect.x}:${rect.y},scale=1:1:flags=area,format=rgb24`, '-f', 'rawvideo', '-']);
  return [stdout[0]!, stdout[1]!, stdout[2]!];
}

const distance = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((value, index) => Math.abs(value - b[index]!)));

describe('screen grains in the browser', () => {
  test('"Add a screen grain" in the editor adds a grain marked as a screen recording', async () => {
    await openView(h.page, 'edit');
    await h.page.getByTestId('add-screen-grain').click();
    await h.page.getByTestId('screen-grain-badge').waitFor();
    capsule = await h.web.studio.calls.getCapsule(capsule.id);
    expect(capsule.grains.at(-1)).toMatchObject({ kind: 'screen', slides: [] });
  });

  test('records the fake screen beside the fake camera in the Record step', async () => {
    const page = h.page;
    await openView(page, 'record');
    await page.getByRole('heading', { name: 'Record', level: 1 }).waitFor();
    await page.getByTestId(`record-grain-${capsule.grains.length}`).click();
    await page.getByTestId('screen-stage').waitFor();
    // Recording waits for a screen to be chosen.
    await expect.poll(() => page.locator('button.record-start').isDisabled()).toBe(true);
    await page.getByTestId('choose-screen').click();
    const preview = page.getByTestId('screen-preview');
    await preview.waitFor();
    await expect.poll(() => preview.evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.locator('button.record-start').click();
    await page.getByTestId('recording-indicator').waitFor({ timeout: 30_000 });
    // Let about three seconds of media reach the disk (the saved-bytes counter grows with every chunk).
    await expect.poll(async () => (await h.web.studio.calls.listTakes(capsule.grains.at(-1)!.id))[0]?.bytes ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
    await waitForRecordedSeconds(page, 3);
    await page.keyboard.press('Escape');
    const grainId = capsule.grains.at(-1)!.id;
    await expect.poll(async () => (await h.web.studio.calls.listTakes(grainId))[0]?.state, { timeout: 60_000 }).toBe('ready');
    screenTake = (await h.web.studio.calls.listTakes(grainId))[0]!;
    expect(screenTake).toMatchObject({ isActive: true, hasVideo: true, hasAudio: true, width: 320, height: 240 });
    expect(screenTake!.screen).toMatchObject({ width: 1280, height: 720 });
    const probe = await probeMedia(screenTake!.screen!.path);
    expect(probe.streams.map((stream) => stream.codec_type)).toEqual(['video']);
    // The two recorders start together: the screen lasts as long as the camera, within a chunk.
    expect(Math.abs(Number(probe.format.duration) * 1000 - screenTake!.durationMs!)).toBeLessThan(700);
    expect(h.pageErrors).toEqual([]);
  });

  test('the render shows the captured screen with the camera in picture-in-picture', async () => {
    const calls = h.web.studio.calls;
    for (const grain of capsule.grains.slice(0, -1)) await calls.setUnrecordedGrainChoice(grain.id, { mode: 'leave_out' });
    const job = await calls.renderCapsule(capsule.id, { height: 1080 });
    await expect.poll(async () => (await calls.getRenderStatus(job.id)).state, { timeout: 170_000, interval: 500 }).toBe('done');
    const render = (await calls.getRenderStatus(job.id)).result as RenderInfo;
    const probe = await probeMedia(render.file);
    const video = probe.streams.find((stream) => stream.codec_type === 'video')!;
    expect([video.width, video.height, video.r_frame_rate]).toEqual([1920, 1080, '25/1']);
    expect(Math.abs(Number(probe.format.duration) * 1000 - screenTake.durationMs!)).toBeLessThan(300);

    // A frame for whoever reviews this test (.scratch/ is git-ignored).
    mkdirSync(scratchDir, { recursive: true });
    await runFfmpegCapture(['-loglevel', 'error', '-y', '-ss', '1.5', '-i', render.file, '-frames:v', '1', path.join(scratchDir, 'screen-grain-render.png')]);
    // Where the layout puts the camera (the default PiP: a quarter of the width, in a corner), the
    // render matches the camera take; the opposite corner matches the screen recording, scaled 1.5x.
    const at = 1.5;
    const cameraCorner = { x: 1920 - 480 - 38, y: 1080 - 360 - 38, width: 480, height: 360 };
    const farCorner = { x: 40, y: 40, width: 400, height: 200 };
    const renderCamera = await meanRgb(render.file, at, { x: cameraCorner.x + 40, y: cameraCorner.y + 40, width: 400, height: 280 });
    const takeCamera = await meanRgb(screenTake.path, at, { x: 27, y: 27, width: 266, height: 186 });
    const renderScreen = await meanRgb(render.file, at, farCorner);
    const takeScreen = await meanRgb(screenTake.screen!.path, at, { x: 27, y: 27, width: 267, height: 133 });
    expect(distance(renderCamera, takeCamera)).toBeLessThan(40);
    expect(distance(renderScreen, takeScreen)).toBeLessThan(40);
    // And the two sources differ there, so the checks above cannot pass by accident.
    expect(distance(await meanRgb(screenTake.screen!.path, at, { x: 853, y: 467, width: 266, height: 186 }), takeCamera)).toBeGreaterThan(40);
  });
});
