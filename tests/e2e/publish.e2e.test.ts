// Runs in Node (tests). Publishing in real Chromium through the loopback bridge and the real services,
// against the fake Pod on loopback: from a capsule of the library (with a render), set up a Pod server,
// test the connection, fill the form (lists from the server, errors next to fields — ours and Pod's),
// publish, watch the progress, and see the final link; the server got the file and the metadata. Publishing
// the capsule again asks "replace or new", shows what a replace sends and keeps, and keeps Pod's edits.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import { fixturePath, startHarness, type Harness } from './support/harness';
import { makeMp4, writeVtt } from '../support/podStudio';
import { startPodServer, type PodServer } from '../support/podServer/server';
import { STAFF_TOKEN } from '../support/podServer/state';
import { tempDir } from '../support/tempDir';

const PDF = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');

let h: Harness;
let pod: PodServer;
let capsule: CapsuleDetail;
let mp4: { path: string; sha256: string };

beforeAll(async () => {
  // Encoding moves one step a second: the app's first poll sees it running, the next sees it done.
  // An English Pod, like the English interface under test (a French one answers its field errors in French).
  pod = await startPodServer({ knobs: { stepEveryMs: 1000, languageCode: 'en' } });
  h = await startHarness();
  const calls = h.web.studio.calls;
  capsule = await calls.createCapsuleFromPdf({ source: { path: PDF }, title: 'Ondes et vibrations' });
  // The montage's output for this capsule: an MP4, chapters (one per slide) and captions from the prompter.
  const dir = tempDir('publish-e2e-');
  mp4 = await makeMp4(path.join(dir, 'render.mp4'), 3);
  const chaptersVtt = path.join(dir, 'render.chapters.vtt');
  writeFileSync(chaptersVtt, 'WEBVTT\n\n00:00.000 --> 00:01.500\nIntroduction\n\n00:01.500 --> 00:03.000\nLes ondes\n');
  const output = { capsuleId: capsule.id, file: mp4.path, durationMs: 3000, height: 720, bytes: 0, chaptersVtt, captionsVtt: writeVtt(dir), poster: '', thumbnailStrip: '', cachedGrains: 0, renderedGrains: 1, encoder: 'libx264' };
  h.web.studio.database.prepare('INSERT INTO montage_renders (id, capsule_id, job_id, output_json, created_at) VALUES (?, ?, ?, ?, ?)').run('render-1', capsule.id, null, JSON.stringify(output), new Date().toISOString());
});

afterAll(async () => {
  await h?.close();
  await pod?.close();
});

/** From the library: open the capsule, then the Publish step of the flow. */
async function openPublishStep(page: Page): Promise<void> {
  await page.evaluate(() => sessionStorage.setItem('capsule-studio.view', JSON.stringify({ view: 'library', capsuleId: null })));
  await page.reload();
  await page.getByRole('heading', { name: 'Your capsules' }).waitFor();
  await page.getByRole('button', { name: 'Open “Ondes et vibrations”' }).click();
  await page.getByRole('heading', { name: /^Edit “Ondes et vibrations/ }).waitFor();
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('heading', { name: 'Publish to Pod' }).waitFor();
}

describe('publishing in Chromium', () => {
  test('set up a server, fill the form, publish, watch the progress, get the link', async () => {
    const { page } = h;
    await openPublishStep(page);
    await page.getByText('No Pod server yet.').waitFor();

    // Server setup: the token is typed once, then only "stored" is ever shown.
    await page.getByTestId('publish-add-server').click();
    await page.getByTestId('publish-server-name').fill('Pod de test');
    await page.getByTestId('publish-server-url').fill(pod.url);
    await page.getByTestId('publish-server-username').fill('jdoe');
    await page.getByTestId('publish-server-token').fill(STAFF_TOKEN);
    // One truthful hint about where the token is kept (the service's real secret storage), never two.
    const storage = h.web.studio.context.secrets.status();
    await expect(page.getByTestId('secret-storage-hint').textContent()).resolves.toBe(
      storage.kind === 'keyring' ? 'Kept encrypted, with its key in the system keyring.' : `Kept encrypted with a key file at ${storage.keyFile} (no system keyring on this computer): anyone who can read your files can read it.`,
    );
    expect(await page.getByText(/unencrypted/).count()).toBe(0);
    await page.getByTestId('publish-server-save').click();
    await page.getByTestId('publish-test-connection').click();
    await page.getByText('Connected to Esup-Pod 4.1.0 as Jane Doe.').waitFor();
    expect(await page.content()).not.toContain(STAFF_TOKEN);

    // The form: pre-filled from the capsule, lists from the server (all 14 disciplines, two pages on Pod).
    const title = page.getByTestId('publish-title');
    await title.waitFor();
    await expect(title.inputValue()).resolves.toBe('Ondes et vibrations');
    await expect(page.getByTestId('publish-disciplines').locator('option').count()).resolves.toBe(14);
    // An untouched form shows no error, though the type is still to choose.
    await expect(page.getByTestId('publish-error-type').count()).resolves.toBe(0);
    // A touched field speaks for itself; the others wait for a try to publish.
    await title.fill('');
    await page.getByTestId('publish-error-title').getByText('Required.').waitFor();
    await expect(page.getByTestId('publish-error-type').count()).resolves.toBe(0);
    // Required fields are checked before anything is sent: the try shows every missing field.
    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-error-type').getByText('Required.').waitFor();
    expect(pod.state.videos).toHaveLength(0);
    await title.fill('Ondes et vibrations — cours 1');
    await page.getByTestId('publish-type').selectOption({ label: 'Cours' });
    await page.getByTestId('publish-disciplines').selectOption([{ label: 'Physique' }, { label: 'Mathématiques' }]);
    await page.getByTestId('publish-channels').selectOption([{ label: 'Sciences' }]);
    await page.getByTestId('publish-themes').selectOption([{ label: 'Optique' }]);
    // Licences read as names, not Pod's codes.
    await page.getByTestId('publish-licence').selectOption({ label: 'CC BY-NC-SA — Attribution, NonCommercial, ShareAlike' });
    await page.getByTestId('publish-draft').uncheck();

    // First attempt: Pod rejects the title; its message shows next to the field.
    pod.inject({ kind: 'fieldErrors', method: 'POST', path: '/rest/videos/', fieldErrors: { title: ['Ensure this field has no more than 250 characters.'] } });
    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-error-title').getByText('Ensure this field has no more than 250 characters.').waitFor();
    await page.getByTestId('publish-failed').waitFor();

    // Second attempt: the upload, then Pod's encoding with its progress bar, then the link.
    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-progress').getByText('Encoding on Pod').waitFor({ timeout: 30_000 });
    await h.screenshot('publish-e2e-progress');
    const link = page.getByTestId('publish-link');
    await link.waitFor({ timeout: 60_000 });
    const video = pod.state.videos[0]!;
    await expect(link.getAttribute('href')).resolves.toBe(`${pod.url}/video/${video.slug}/`);
    await h.screenshot('publish-e2e-done');

    expect(pod.state.videos).toHaveLength(1);
    expect(video).toMatchObject({ title: 'Ondes et vibrations — cours 1', type: 2, disciplines: [10, 13], channels: [5], themes: [10], licence: 'by-nc-sa', isDraft: false, owner: 42, encoded: true });
    expect(video.file.sha256).toBe(mp4.sha256);
    expect(pod.state.chapters.map((chapter) => [chapter.title, chapter.timeStart])).toEqual([
      ['Introduction', 0],
      ['Les ondes', 1],
    ]);
    expect(pod.state.tracks).toHaveLength(1);

    await page.getByTestId('publish-visibility-done').getByText('This video is public.').waitFor();

    // The browser binding cannot open the system browser: the link stays, with a plain message.
    await page.getByRole('button', { name: 'Open the video page' }).click();
    await page.getByText('The system browser cannot be opened from here; use the link.').waitFor();

    // The publication is remembered for the capsule (re-publishing offers to replace it).
    const publications = await h.web.studio.calls.listPodPublications({ capsuleId: capsule.id });
    expect(publications).toEqual([expect.objectContaining({ videoId: video.id, pageUrl: `${pod.url}/video/${video.slug}/` })]);
  });

  test('publishing the capsule again: asked replace or new, shown what the replace sends and keeps, Pod’s edits kept', async () => {
    const { page } = h;
    const video = pod.state.videos[0]!;
    // Meanwhile, on Pod, the teacher rewrote the description.
    pod.state.editFromWebUi(video.id, { description: '<p>Revue sur Pod.</p>' });
    await openPublishStep(page);
    await page.getByTestId('publish-mode').getByText('This capsule is already on this Pod server. What should this publication do?').waitFor();
    await page.getByTestId('publish-title').waitFor();
    // Nothing is assumed: the button waits for the choice.
    await expect(page.getByTestId('publish-button').isDisabled()).resolves.toBe(true);
    await page.getByTestId('publish-title').fill('Ondes et vibrations — cours 1 (v2)');
    await page.getByTestId('publish-mode-replace').check();
    const preview = page.getByTestId('replace-preview');
    await preview.waitFor();
    await page.getByTestId('replace-row-title').getByText('Sends it (changed in the studio)').waitFor();
    await page.getByTestId('replace-row-description').getByText('Revue sur Pod.').waitFor();
    await expect(page.getByTestId('replace-row-description').textContent()).resolves.toContain('Keeps Pod’s value');
    await h.screenshot('publish-e2e-replace-preview');
    await page.getByTestId('publish-button').click();
    await page.getByTestId('publish-done').waitFor({ timeout: 60_000 });
    expect(pod.state.videos).toHaveLength(1);
    expect(pod.state.videos[0]).toMatchObject({ id: video.id, title: 'Ondes et vibrations — cours 1 (v2)', description: '<p>Revue sur Pod.</p>', isDraft: false });
    expect(pod.state.videos[0]!.fileHistory).toHaveLength(2);
  });
});
