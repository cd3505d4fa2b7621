// Runs in Node (tests). A camera that is missing or denied in real Chromium: the studio says so in
// plain words and still records a sound-only take, which the main side stores as an audio-only file.
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Take } from '../../src/shared/domain/take';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { fixturePath, makeFakeMedia, startHarness, type FakeMedia, type Harness, openRecordStep } from './support/harness';

const PDF = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');

let h: Harness | null = null;
let media: FakeMedia | null = null;
afterEach(async () => {
  await h?.close();
  media?.remove();
  h = null;
  media = null;
});

async function newCapsuleOnRecordStep(harness: Harness): Promise<string> {
  const capsule = await harness.web.studio.calls.createCapsuleFromPdf({ source: { path: PDF }, title: 'Devices e2e' });
  await openRecordStep(harness.page, capsule.id);
  return capsule.grains[0]!.id;
}

async function recordSoundOnly(harness: Harness, page: Page, grainId: string): Promise<Take> {
  await page.getByRole('checkbox', { name: 'Countdown before recording' }).uncheck();
  const start = page.getByRole('button', { name: /Start recording/ });
  await expect.poll(() => start.isEnabled(), { timeout: 30_000 }).toBe(true);
  await start.click();
  await page.getByTestId('recording-indicator').waitFor();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await page.getByRole('button', { name: /Stop and keep/ }).click();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [take] = await harness.web.studio.calls.listTakes(grainId);
    if (take?.state === 'ready') return take;
    if (Date.now() > deadline) throw new Error('the sound-only take never became ready');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function expectSoundOnly(take: Take) {
  expect(take).toMatchObject({ hasVideo: false, hasAudio: true, audioCodec: 'opus', videoCodec: null, isActive: true });
  expect(take.mime).toMatch(/^audio\/webm/);
  expect(existsSync(take.path)).toBe(true);
  const probe = await probeMedia(take.path);
  expect(probe.streams.map((stream) => stream.codec_type)).toEqual(['audio']);
  expect(Math.abs(Number(probe.format.duration) * 1000 - take.recordedMs!)).toBeLessThan(500);
}

describe('when the camera cannot be used', () => {
  test('a missing camera is explained, and a sound-only take is still recorded', async () => {
    media = await makeFakeMedia({ seconds: 2, width: 320, height: 240, audioOnly: true });
    // Chromium's fake capture with no camera at all (the fake microphone stays).
    h = await startHarness({ fakeMedia: media, chromiumArgs: ['--use-fake-device-for-media-stream=device-count=0'] });
    const grainId = await newCapsuleOnRecordStep(h);
    const problem = h.page.getByTestId('camera-problem');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.textContent()).toContain('No camera was found. Plug one in, or record with sound only.');
    expect(await h.page.getByTestId('microphone-problem').count()).toBe(0);
    await expect.poll(() => h!.page.getByTestId('vu-meter').getAttribute('data-rms-db'), { timeout: 30_000 }).not.toBe('-inf');
    await expectSoundOnly(await recordSoundOnly(h, h.page, grainId));
  });

  test('a denied camera is explained; "record with sound only" is remembered and records without picture', async () => {
    media = await makeFakeMedia({ seconds: 2, width: 320, height: 240 });
    // A fulfilled document loses its loopback address space; keep Chromium's local-network checks from
    // then blocking the bridge's WebSocket on 127.0.0.1 (the real app page is never rewritten like this).
    h = await startHarness({ fakeMedia: media, chromiumArgs: ['--disable-features=LocalNetworkAccessChecks'] });
    // The page is refused the camera by the browser itself (a Permissions-Policy on the document, as a
    // locked-down site or kiosk policy would do): getUserMedia rejects video with NotAllowedError.
    await h.page.route(`${h.web.origin}/**`, async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      await route.fulfill({ response, headers: { ...response.headers(), 'permissions-policy': 'camera=()' } });
    });
    const grainId = await newCapsuleOnRecordStep(h);
    const problem = h.page.getByTestId('camera-problem');
    await problem.waitFor({ timeout: 30_000 });
    expect(await problem.textContent()).toContain('The browser was not allowed to use the camera.');
    await problem.getByRole('button', { name: 'Record with sound only' }).click();
    await expect.poll(() => h!.page.getByRole('radio', { name: 'Sound only (no picture)' }).isChecked()).toBe(true);
    await expect.poll(() => h!.page.getByTestId('camera-problem').count()).toBe(0);
    // The view follows the click at once; the studio stores the preference just after.
    await expect.poll(async () => (await h!.web.studio.calls.getRecordingPreferences()).mode).toBe('audio_only');
    await expectSoundOnly(await recordSoundOnly(h, h.page, grainId));

    // The French interface says the same thing in French.
    await h.page.getByRole('radio', { name: 'Camera and microphone' }).check();
    await h.page.getByTestId('camera-problem').waitFor();
    await h.page.getByRole('combobox', { name: 'Language' }).selectOption('fr');
    await expect.poll(() => h!.page.getByTestId('camera-problem').textContent()).toContain('Le navigateur n’a pas l’autorisation d’utiliser la caméra.');
  });
});
