// Runs in Node (tests). The live panel end to end in real Chromium with fake devices, through the loopback
// bridge to the real services and a REAL nginx-rtmp: the composed program (slide + camera + mic) pushed
// for 20 s, read back with ffprobe (codecs, size, a keyframe every 2 s); nginx stopped for 5 s and started
// again: the push resumes by itself and the health panel counts one reconnect.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath, makeFakeMedia, startHarness, type FakeMedia, type Harness } from './support/harness';
import { NginxRtmp } from '../support/nginxRtmp';
import { keyframeIntervals, readBack } from '../support/rtmpProbe';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { liveRoutes } from '../support/podServer/live';
import { STAFF_TOKEN } from '../support/podServer/state';

const PDF = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let h: Harness;
let nginx: NginxRtmp;
let media: FakeMedia;
let pod: PodServer;
const podLive = liveRoutes();

beforeAll(async () => {
  nginx = await NginxRtmp.start({ record: true });
  media = await makeFakeMedia({ seconds: 4, width: 640, height: 360, fps: 25 });
  h = await startHarness({ fakeMedia: media });
  pod = await startPodServer({ modules: [podLive] });
});

afterAll(async () => {
  await h?.close();
  media?.remove();
  await nginx?.dispose();
  await pod?.close();
});

describe('live panel in Chromium', () => {
  test('push the composed program for 20 s, survive a 5 s nginx outage with one reconnect', async () => {
    const { page } = h;
    const capsule = await h.web.studio.calls.createCapsuleFromPdf({ source: { path: PDF } });
    const slideCount = capsule.grains.flatMap((grain) => grain.slides).length;
    await page.reload();
    await page.locator('header.topbar').waitFor();

    await page.getByRole('navigation').getByRole('button', { name: 'Live' }).click();
    await page.getByRole('heading', { name: 'Live', exact: true }).waitFor();
    await page.getByLabel('Slides from').selectOption(capsule.id);
    await page.getByTestId('live-slide-position').filter({ hasText: `Slide 1 of ${slideCount}` }).waitFor();

    // Go live to the real nginx.
    const key = 'e2e-lecture-key';
    const url = nginx.url(key);
    await page.getByLabel('Or a one-off RTMP URL').fill(url);
    const startedAt = Date.now();
    await page.getByRole('button', { name: 'Go live' }).click();
    const health = page.getByTestId('live-health');
    await health.and(page.locator('[data-state="live"]')).waitFor({ timeout: 20_000 });

    // The recording keys move the slides.
    await page.keyboard.press('ArrowRight');
    await page.getByTestId('live-slide-position').filter({ hasText: `Slide 2 of ${slideCount}` }).waitFor();

    // Read the stream back from nginx.
    const live = await readBack(url, 6);
    expect(live.video?.codec_name).toBe('h264');
    expect([live.video?.width, live.video?.height]).toEqual([1280, 720]);
    expect(live.audio?.codec_name).toBe('aac');
    expect(live.keyframeTimes.length).toBeGreaterThanOrEqual(2);
    for (const gap of keyframeIntervals(live.keyframeTimes)) expect(gap).toBeCloseTo(2, 1);
    await expect(page.getByTestId('live-reconnects').textContent()).resolves.toBe('0');

    // The server goes away for 5 s: the panel turns red, then green again by itself.
    await nginx.stop();
    await health.and(page.locator('[data-state="reconnecting"]')).waitFor({ timeout: 20_000 });
    await expect(health.getAttribute('data-colour')).resolves.toBe('red');
    await expect(page.getByTestId('live-health-message').textContent()).resolves.toMatch(/cannot be reached/);
    await expect(page.getByTestId('live-bitrate').textContent()).resolves.toBe('0 kb/s');
    await h.screenshot('live-e2e-reconnecting');
    await sleep(5000);
    await nginx.restart();
    await health.and(page.locator('[data-state="live"]')).waitFor({ timeout: 20_000 });
    await page.getByTestId('live-reconnects').filter({ hasText: /^1$/ }).waitFor();
    await h.screenshot('live-e2e-resumed');

    // Keep the program going until it has streamed at least 20 s, then stop.
    const elapsed = Date.now() - startedAt;
    if (elapsed < 21_000) await sleep(21_000 - elapsed);
    const resumed = await readBack(url, 2);
    expect(resumed.video?.codec_name).toBe('h264');
    await page.getByRole('button', { name: 'Stop the stream' }).click();
    await health.and(page.locator('[data-state="stopped"]')).waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('live-reconnects').textContent()).resolves.toBe('1');

    // nginx kept one recording per publish: before and after the outage, about 20 s in all.
    const recordings = nginx.recordings();
    expect(recordings).toHaveLength(2);
    let total = 0;
    for (const file of recordings) total += Number((await probeMedia(file)).format.duration ?? 0);
    expect(total).toBeGreaterThan(12);
    expect(h.pageErrors).toEqual([]);
  });

  test('Pod live panel: broadcasters with their status, switch on, suggested RTMP URL, create an event', async () => {
    const { page } = h;
    await h.web.studio.context.stores.podProfiles.save({ name: 'Pod e2e', baseUrl: pod.url, username: 'jdoe', token: STAFF_TOKEN });
    await page.reload();
    await page.getByRole('navigation').getByRole('button', { name: 'Live' }).click();
    await page.getByLabel('Pod server').selectOption({ label: 'Pod e2e' });
    await page.getByRole('button', { name: 'Show broadcasters' }).click();
    const amphi = page.locator('tr[data-slug="amphi-a"]');
    await amphi.getByTestId('broadcaster-status').filter({ hasText: 'off air' }).waitFor();

    await amphi.getByRole('button', { name: 'Switch Amphi A on' }).click();
    await amphi.getByTestId('broadcaster-status').filter({ hasText: 'on air' }).waitFor();
    expect(podLive.data.broadcasterBySlug('amphi-a')!.status).toBe(true);
    await amphi.getByRole('button', { name: 'Switch Amphi A off' }).click();
    await amphi.getByTestId('broadcaster-status').filter({ hasText: 'off air' }).waitFor();
    expect(podLive.data.broadcasterBySlug('amphi-a')!.status).toBe(false);

    await amphi.getByRole('button', { name: 'Stream to rtmp://live.example.edu/live/amphi-a' }).click();
    await expect(page.getByLabel('Or a one-off RTMP URL').inputValue()).resolves.toBe('rtmp://live.example.edu/live/amphi-a');

    await amphi.getByRole('button', { name: 'Amphi A', exact: true }).click();
    await page.getByText('No event for this broadcaster.').waitFor();
    await page.getByLabel('Event title').fill('Cours en direct');
    await page.getByRole('button', { name: 'Create the event' }).click();
    await page.getByRole('link', { name: 'Viewer page' }).waitFor();
    const created = podLive.data.events.at(-1)!;
    expect(created.title).toBe('Cours en direct');
    expect(created.owner).toBe(42);
    expect(Date.parse(created.endDate) - Date.parse(created.startDate)).toBeGreaterThan(50 * 60_000);
    expect(h.pageErrors).toEqual([]);
  });
});
