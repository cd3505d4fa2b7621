// Runs in Node (tests). The shell in real Chromium through the loopback bridge: the language follows
// the browser and the user's choice is saved; a PDF dropped on the library imports with a progress
// bar and an ETA and can be cancelled from the UI; the jobs panel; keyboard-only use; dragging a
// slide into another grain.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { writeBeamerLikePdf } from '../support/beamerLikePdf';
import { fixturePath, startHarness, type Harness } from './support/harness';

const SMALL = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ locale: 'fr-FR' });
});

afterAll(async () => {
  await h?.close();
});

/** Drops a file on an element the way a desktop drag does (a DataTransfer holding a File). */
async function dropFile(page: Page, selector: string, file: string, mimeType = 'application/pdf'): Promise<void> {
  const bytes = [...readFileSync(file)];
  const dataTransfer = await page.evaluateHandle(
    ({ bytes, name, mimeType }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(bytes)], name, { type: mimeType }));
      return transfer;
    },
    { bytes, name: path.basename(file), mimeType },
  );
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer });
  await page.dispatchEvent(selector, 'dragover', { dataTransfer });
  await page.dispatchEvent(selector, 'drop', { dataTransfer });
}

describe('shell in Chromium', () => {
  test('the interface follows the browser language (French here)', async () => {
    await h.page.getByRole('heading', { name: 'Vos capsules' }).waitFor();
    await expect(h.page.evaluate(() => document.documentElement.lang)).resolves.toBe('fr');
  });

  test('settings and about: the FFmpeg in use, how the browser build sets it, where secrets are kept', async () => {
    const info = await h.web.studio.calls.getAppInfo();
    if ('error' in info.ffmpeg) throw new Error(`FFmpeg is needed by these tests: ${info.ffmpeg.error}`);
    const panel = h.page.getByTestId('settings-panel');
    await panel.getByText('Réglages et à propos').click();
    await expect(panel.getByTestId('settings-ffmpeg').textContent()).resolves.toContain(`FFmpeg ${info.ffmpeg.version}, `);
    // No native dialog in the browser build: no "Choose FFmpeg…", the environment variable instead.
    await expect(panel.getByTestId('settings-choose-ffmpeg').count()).resolves.toBe(0);
    await panel.getByTestId('settings-ffmpeg-browser').getByText('FFMPEG_PATH').waitFor();
    const secrets = await panel.getByTestId('settings-secrets').textContent();
    expect(secrets).toContain(info.secretStorage.kind === 'keyring' ? 'trousseau du système' : `fichier de clé, ${info.secretStorage.keyFile}`);
    await panel.getByText('Réglages et à propos').click();
  });

  test('a dropped PDF imports with a progress bar and an ETA, and can be cancelled', async () => {
    const { page } = h;
    // A generated 100-page beamer-like deck: long enough to watch the progress and cancel midway.
    const long = writeBeamerLikePdf(h.tmpDir, { extraPages: 66 });
    await dropFile(page, '[data-testid="pdf-drop-zone"]', long);
    const panel = page.getByTestId('import-panel');
    await panel.getByRole('heading', { name: /^Import de «\s*beamer-like-fr_codages\.pdf\s*»$/ }).waitFor();
    await panel.getByTestId('progress-percent').waitFor();
    await panel.getByTestId('progress-eta').filter({ hasText: /encore environ \d/ }).waitFor({ timeout: 60_000 });
    await expect(panel.getByRole('progressbar').getAttribute('value')).resolves.toMatch(/^0\.\d+|^0$/);
    await h.screenshot('shell-e2e-import-progress');

    await panel.getByRole('button', { name: 'Annuler l’import' }).click();
    await page.getByText('Import annulé.').waitFor({ timeout: 60_000 });
    await expect(panel.count()).resolves.toBe(0);
    expect(await h.web.studio.calls.listCapsules()).toEqual([]);

    // The jobs panel keeps the cancelled import.
    await page.getByTestId('jobs-button').click();
    const jobs = page.getByRole('complementary', { name: 'Tâches' });
    await jobs.locator('.job-cancelled').filter({ hasText: 'codage' }).waitFor();
    await page.keyboard.press('j');
    await expect(jobs.count()).resolves.toBe(0);
  });

  test('a small PDF dropped on the library becomes a capsule', async () => {
    const { page } = h;
    await dropFile(page, '[data-testid="pdf-drop-zone"]', SMALL);
    await page.getByRole('heading', { name: /^Préparer «/ }).waitFor({ timeout: 90_000 });
    expect(await h.web.studio.calls.listCapsules()).toHaveLength(1);
  });

  test('switching the language applies at once and is saved in the settings', async () => {
    const { page } = h;
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
    await page.getByRole('heading', { name: /^Edit “/ }).waitFor();
    await expect.poll(async () => (await h.web.studio.calls.getSettings())['ui.language']).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: /^Edit “/ }).waitFor();
  });

  test('a slide dragged onto another grain moves there; a grain dragged by its handle reorders', async () => {
    const { page } = h;
    const [capsuleSummary] = await h.web.studio.calls.listCapsules();
    const capsule = await h.web.studio.calls.getCapsule(capsuleSummary!.id);
    const first = capsule.grains[0]!.slides[0]!;
    const target = capsule.grains[2]!;
    await page.locator(`.slide-card[data-slide-id="${first.id}"] .slide-thumb`).dragTo(page.locator(`.grain[data-grain-id="${target.id}"] .grain-header`));
    await expect
      .poll(async () => (await h.web.studio.calls.getCapsule(capsule.id)).grains.flatMap((grain) => grain.slides).find((slide) => slide.id === first.id)?.grainId)
      .toBe(target.id);
    await page.locator(`.grain[data-grain-id="${target.id}"] .slide-card[data-slide-id="${first.id}"]`).waitFor();

    // A grain dragged by its handle onto the right half of the last grain goes last. The window is
    // made tall enough to show both grains: this checks the drop logic, not scrolling during a drag.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1280, height: 1600 });
    const now = await h.web.studio.calls.getCapsule(capsule.id);
    const moving = now.grains[0]!;
    const last = now.grains.at(-1)!;
    const lastBox = (await page.locator(`.grain[data-grain-id="${last.id}"]`).boundingBox())!;
    await page
      .locator(`.grain[data-grain-id="${moving.id}"] .drag-handle`)
      .dragTo(page.locator(`.grain[data-grain-id="${last.id}"]`), { targetPosition: { x: lastBox.width - 8, y: 12 } });
    await expect.poll(async () => (await h.web.studio.calls.getCapsule(capsule.id)).grains.at(-1)?.id).toBe(moving.id);
    await expect(page.locator('.grain').last().getAttribute('data-grain-id')).resolves.toBe(moving.id);
    if (viewport) await page.setViewportSize(viewport);
  });

  test('keyboard only: Tab reaches the steps and the drop zone, Enter opens the file picker', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('heading', { name: 'Your capsules' }).waitFor();
    // Moving to a view puts focus on its heading: Shift+Tab goes back to the steps, Tab on into the view.
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('library-title');
    const activeName = () =>
      page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        return active?.dataset.view ?? active?.getAttribute('aria-label') ?? active?.textContent ?? '';
      });
    const backwards: string[] = [];
    for (let index = 0; index < 10 && backwards.at(-1) !== 'library'; index += 1) {
      await page.keyboard.press('Shift+Tab');
      backwards.push(await activeName());
    }
    // Side panels (if any feature adds them) come after the steps, Edit just before Library.
    expect(backwards.slice(-2)).toEqual(['edit', 'library']);
    await page.locator('#library-title').focus();
    const reached: string[] = [];
    for (let index = 0; index < 4; index += 1) {
      await page.keyboard.press('Tab');
      reached.push(await activeName());
      if (reached.at(-1)!.startsWith('Create a capsule from a PDF')) break;
    }
    expect(reached[0]).toBe('New capsule from a PDF…');
    expect(reached.at(-1)).toMatch(/^Create a capsule from a PDF: drop a file here/);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles([]);

    // The library's own shortcut opens it too.
    const again = page.waitForEvent('filechooser');
    await page.keyboard.press('n');
    await (await again).setFiles([]);
  });

  test('the page never showed an error or a stack', () => {
    expect(h.pageErrors).toEqual([]);
  });
});
