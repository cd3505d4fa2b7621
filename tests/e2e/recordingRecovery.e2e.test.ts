// Runs in Node (tests). The studio window dies mid-take (the tab is closed while recording): the main
// side notices the renderer left, repairs the take up to its last chunk, and the next window offers it
// back ("A recording was interrupted") to keep or discard.
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, test } from 'vitest';
import { probeMedia } from '../../src/main/ffmpeg/ffmpeg';
import { fixturePath, makeFakeMedia, startHarness, type FakeMedia, type Harness } from './support/harness';

let h: Harness | null = null;
let media: FakeMedia | null = null;
afterAll(async () => {
  await h?.close();
  media?.remove();
});

describe('a window closed mid-take', () => {
  test('the take is repaired and offered back in the next window', async () => {
    media = await makeFakeMedia({ seconds: 2, width: 320, height: 240 });
    h = await startHarness({ fakeMedia: media });
    const calls = h.web.studio.calls;
    const capsule = await calls.createCapsuleFromPdf({ source: { path: fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf') }, title: 'Recovery e2e' });
    await calls.updateSlidePrompt(capsule.grains[0]!.slides[0]!.id, 'Première phrase.\nDeuxième phrase.');
    await calls.updateRecordingPreferences({ countdown: false });
    const first = h.page;
    await first.evaluate((id) => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: 'record', capsuleId: id })), capsule.id);
    await first.reload();
    await first.getByTestId('camera-preview').waitFor();
    await first.getByRole('button', { name: /Start recording/ }).click();
    await first.getByTestId('recording-indicator').waitFor();
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await first.keyboard.press('PageDown');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const closedAt = Date.now();
    await first.close();

    const second = await h.context.newPage();
    await second.goto(h.web.url);
    await second.evaluate((id) => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: 'record', capsuleId: id })), capsule.id);
    await second.reload();
    const banner = second.getByTestId('recovered-takes');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/A recording was interrupted.*Take 1 of grain 1 stopped unexpectedly/);

    const [take] = await calls.listTakes(capsule.grains[0]!.id);
    expect(take).toMatchObject({ state: 'ready', recovery: 'pending', hasVideo: true, hasAudio: true, isActive: true });
    expect(take!.events.map((event) => event.type)).toEqual(['start', 'next_sentence']);
    // What was recorded before the window closed is there, less at most the chunk in flight.
    const recordedMs = closedAt - startedAt;
    expect(take!.durationMs!).toBeGreaterThan(recordedMs - 1500);
    expect(take!.durationMs!).toBeLessThan(recordedMs + 1000);
    expect(existsSync(take!.path)).toBe(true);
    expect((await probeMedia(take!.path)).streams.map((stream) => stream.codec_type).sort()).toEqual(['audio', 'video']);

    await banner.getByRole('button', { name: 'Keep it' }).click();
    await banner.waitFor({ state: 'detached' });
    expect((await calls.listTakes(capsule.grains[0]!.id))[0]).toMatchObject({ recovery: 'kept' });
    await second.getByTestId('take-1').waitFor();
  });
});
