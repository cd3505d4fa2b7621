// Runs in Node (tests). The BigBlueButton panel in real Chromium through the loopback bridge and the
// real services, against the fake BBB server on loopback serving a generated recording: add a server
// profile, test the connection, see the teacher's recordings, import one with progress, and find the
// imported capsule in the library.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from './support/harness';
import { generateRecording, type GeneratedRecording } from '../support/bbbFixture/generateRecording';
import { shortFixtureSpec } from '../support/bbbFixture/fixtureSpec';
import { fakeRecordingFromSpec, startFakeBbb, type FakeBbbServer } from '../support/bbbServer/bbbServer';

// Generating the fixture media (VP8, Opus) on a shared, busy machine can take minutes the first time.
const FIXTURE_TIMEOUT_MS = 600_000;

const SECRET = 'e2e-shared-secret-639259d4';

let h: Harness;
let bbb: FakeBbbServer;
let fixture: GeneratedRecording;

beforeAll(async () => {
  fixture = await generateRecording(shortFixtureSpec('tldraw'));
  bbb = await startFakeBbb({
    secret: SECRET,
    bbbVersion: '2.7.2',
    filesRoot: fixture.root,
    recordings: [
      fakeRecordingFromSpec(fixture.spec),
      { ...fakeRecordingFromSpec({ ...fixture.spec, recordId: `${'d'.repeat(40)}-1600000000000`, meetingId: 'someone-else' }), name: 'Pas à moi' },
    ],
  });
  h = await startHarness();
}, FIXTURE_TIMEOUT_MS);

afterAll(async () => {
  await h?.close();
  await bbb?.close();
});

async function openBbbPanel(page: Page): Promise<void> {
  await page.evaluate(() => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: 'bbb', capsuleId: null })));
  await page.reload();
  await page.getByRole('heading', { name: 'BigBlueButton import' }).first().waitFor();
}

describe('BigBlueButton import in Chromium', () => {
  test('add a server, test it, list the recordings, import one, see it in the library', async () => {
    const { page } = h;
    await openBbbPanel(page);
    await page.getByText('No server yet.', { exact: false }).waitFor();

    await page.getByTestId('bbb-add-server').click();
    await page.getByTestId('bbb-name').fill('Université (test)');
    await page.getByTestId('bbb-url').fill(bbb.url);
    // The shared secret is a technical setting: under "Advanced", closed at first.
    expect(await page.getByTestId('bbb-secret').isVisible()).toBe(false);
    await page.locator('.bbb-profile-form summary', { hasText: 'Advanced' }).click();
    await page.getByTestId('bbb-secret').fill('not-the-secret');
    await page.getByTestId('bbb-meetings').fill(fixture.spec.meetingId);
    // A wrong secret is explained in plain words.
    await page.getByTestId('bbb-test').click();
    await page.getByTestId('bbb-test-result').getByText(/check the shared secret/).waitFor();
    await page.getByTestId('bbb-secret').fill(SECRET);
    await page.getByTestId('bbb-test').click();
    await page.getByTestId('bbb-test-result').getByText('Connected: BigBlueButton 2.7.2, 1 recording(s) visible with this filter.').waitFor();
    await page.getByTestId('bbb-save').click();

    // Only the teacher's recording (meeting filter), with its name, length and formats.
    const row = page.getByTestId('bbb-recording');
    await row.first().waitFor();
    await expect(row.count()).resolves.toBe(1);
    await expect(row.first().getAttribute('data-record-id')).resolves.toBe(fixture.spec.recordId);
    // Listed by meeting name, each session by its date.
    await page.getByTestId('bbb-meeting').first().getByRole('heading', { name: fixture.spec.name }).waitFor();
    expect(await page.content()).not.toContain(SECRET);
    // Its preview thumbnail comes through the StudioApi (the page may not load remote images) and really loads.
    const preview = row.first().locator('img');
    await preview.waitFor();
    await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth === 176, await preview.elementHandle());

    // Slow file answers keep the download on screen long enough to see its progress, stage and percentage.
    bbb.faults.push({ call: 'files', kind: 'slow', delayMs: 400 });
    await row.first().getByTestId('bbb-import').click();
    await row.first().getByText('Downloading').waitFor({ timeout: 30_000 });
    await row.first().getByTestId('progress-percent').waitFor();
    await expect(row.first().getByRole('progressbar').count()).resolves.toBe(1);
    bbb.faults.length = 0;
    await page.getByTestId('bbb-imported').waitFor({ timeout: 120_000 });

    const capsules = await h.web.studio.calls.listCapsules();
    const imported = capsules.find((c) => c.kind === 'imported_recording');
    expect(imported?.title).toBe(fixture.spec.name);

    // Open it: the editor shows one slide per chapter; the library lists it too.
    await page.getByRole('button', { name: 'Open the capsule' }).click();
    await page.locator('.slide-card').first().waitFor();
    await expect(page.locator('.slide-card').count()).resolves.toBe(4);
    await page.evaluate(() => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: 'library', capsuleId: null })));
    await page.reload();
    await page.getByText(fixture.spec.name).first().waitFor();
    expect(h.pageErrors).toEqual([]);
  });

  test('the institution’s provisioning file brings the server: the teacher types no secret', async () => {
    const { page } = h;
    await openBbbPanel(page);
    const file = {
      name: 'bbb-universite.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ format: 'capsule-studio/bbb-provisioning', version: 1, servers: [{ name: 'Classes virtuelles (fichier)', url: bbb.url, secret: SECRET }] })),
    };
    await page.getByTestId('bbb-provisioning-file').setInputFiles(file);
    await page.getByText('1 server imported.').waitFor();
    const profiles = await h.web.studio.calls.bbbListProfiles();
    const provisioned = profiles.find((profile) => profile.name === 'Classes virtuelles (fichier)');
    expect(provisioned).toMatchObject({ hasSecret: true, apiUrl: expect.stringContaining('/bigbluebutton/api/') });
    await expect.poll(() => page.getByRole('radio', { name: 'Classes virtuelles (fichier)' }).isChecked()).toBe(true);
    // Its recordings, by meeting name (no meeting filter on this one: both meetings show).
    await page.getByTestId('bbb-meeting').getByRole('heading', { name: 'Pas à moi' }).waitFor();
    expect(await page.content()).not.toContain(SECRET);

    // A broken file names its problems, in view.
    await page.getByTestId('bbb-provisioning-file').setInputFiles({ ...file, buffer: Buffer.from('{"format":"capsule-studio/bbb-provisioning","version":1,"servers":[{"name":"x"}]}') });
    await page.getByTestId('bbb-error').getByText('The BigBlueButton provisioning file is not valid.').waitFor();
    expect(h.pageErrors).toEqual([]);
  });
});
