// Runs in Node (tests). A take recorded in real Chromium (fake camera and mic) is pre-rendered while it
// records: the browser's MediaRecorder gives a key frame every 2 s as asked, the settled pieces of the
// grain are encoded from the file as it grows, and the export after the stop joins them, encoding only
// the last seconds, into a video with every frame of the grain.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import { runFfprobe } from '../../src/main/ffmpeg/ffmpeg';
import { AUTO_PRERENDER_SETTING, montageEngineOf } from '../../src/main/montage/montageJobs';
import { fixturePath, makeFakeMedia, startHarness, type FakeMedia, type Harness, openRecordStep } from './support/harness';

const PDF = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');
const RECORD_MS = 16_000;

let h: Harness;
let media: FakeMedia;
let capsule: CapsuleDetail;

beforeAll(async () => {
  media = await makeFakeMedia({ seconds: 4, width: 320, height: 240, fps: 25 });
  h = await startHarness({ fakeMedia: media });
  const calls = h.web.studio.calls;
  capsule = await calls.createCapsuleFromPdf({ source: { path: PDF }, title: 'Live pre-render e2e' });
  // One grain: the export needs every grain recorded.
  while (capsule.grains.length > 1) {
    await calls.mergeGrainWithPrevious(capsule.grains[1]!.id);
    capsule = await calls.getCapsule(capsule.id);
  }
  // As in the desktop app, where background pre-rendering is on by default.
  h.web.studio.context.settings.set(AUTO_PRERENDER_SETTING, true);
  await openRecordStep(h.page, capsule.id);
});

afterAll(async () => {
  await h?.close();
  media?.remove();
});

describe('pre-rendering while the teacher records', () => {
  test('a 16 s take in Chromium: pieces encoded during the take, used by the export after it', async () => {
    const engine = montageEngineOf(h.web.studio.context);
    const page = h.page;
    await page.getByTestId('camera-preview').waitFor();
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Enter');
    await page.getByTestId('recording-indicator').waitFor({ timeout: 30_000 });
    // 10 s of the grain are settled once 12 s are on disk: the first piece is encoded during the take
    // (below normal priority, as in the app: on a busy test machine it may take a while).
    await expect.poll(() => engine.stats.livePieces, { timeout: 90_000, interval: 250 }).toBeGreaterThanOrEqual(1);
    const piecesWhileRecording = engine.stats.livePieces;
    expect(await page.getByTestId('recording-indicator').count()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, RECORD_MS - 12_000)));
    await page.keyboard.press('Escape');

    const grainId = capsule.grains[0]!.id;
    await expect.poll(async () => (await h.web.studio.calls.listTakes(grainId)).map((take) => take.state), { timeout: 30_000 }).toEqual(['ready']);
    const [take] = await h.web.studio.calls.listTakes(grainId);

    // The browser kept its promise: a key frame at least every 2 s (plus a frame of rounding).
    const keyTimes = (await runFfprobe(['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', '-of', 'csv=p=0', take!.path]))
      .trim()
      .split('\n')
      .map(Number);
    expect(keyTimes.length).toBeGreaterThanOrEqual(Math.floor(take!.durationMs! / 2000));
    for (let i = 1; i < keyTimes.length; i += 1) expect(keyTimes[i]! - keyTimes[i - 1]!).toBeLessThanOrEqual(2.1);

    const before = { ...engine.stats };
    const output = await engine.render(capsule.id, { height: 1080 });
    expect(piecesWhileRecording).toBeGreaterThanOrEqual(1);
    expect(engine.stats.livePiecesUsed - before.livePiecesUsed).toBeGreaterThanOrEqual(1);
    const frames = Number((await runFfprobe(['-v', 'error', '-select_streams', 'v:0', '-count_packets', '-show_entries', 'stream=nb_read_packets', '-of', 'csv=p=0', output.file])).trim());
    expect(frames).toBe(Math.round(output.durationMs / 40));
  }, 240_000);
});
