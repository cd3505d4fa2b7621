// Runs in Node (tests). Capsule bundles in real Chromium through the loopback bridge: "Export as
// bundle…" on a capsule card, by keyboard, gives a downloadable .capsule; the capsule is deleted; then
// "Import a bundle or a Polymny export…" takes the file through the real file chooser, shows the
// progress and the import report, and opens the capsule again with its prompt; a drop imports it too.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCapsule, makeSlide } from '../support/montageFixtures';
import { startHarness, type Harness } from './support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('capsule bundles in Chromium', () => {
  test('export a capsule as a bundle by keyboard, delete it, import the bundle back and read the report', async () => {
    const { page } = h;
    const ctx = h.web.studio.context;
    const slide = await makeSlide(path.join(ctx.libraryDir, '..', 'bundle-slide.png'), 'white', 'Bundle');
    const capsule = createCapsule(ctx, 'Voyage', [{ image: slide, prompt: 'Ce texte voyage dans le paquet.', group: 0 }]);
    await page.reload();
    await page.locator('header.topbar').waitFor({ state: 'visible' });

    const exportButton = page.getByRole('button', { name: 'Export “Voyage” as a bundle' });
    await exportButton.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Export “Voyage” as a bundle' });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: 'Every take' }).check();
    await dialog.getByRole('button', { name: 'Export', exact: true }).focus();
    await page.keyboard.press('Enter');
    const status = dialog.getByTestId('bundle-exported');
    await status.waitFor({ timeout: 60_000 });
    await expect(status.textContent()).resolves.toMatch(/Bundle written: .*\.capsule \(\d+\.\d MB, takes: 0\)/);
    // The browser build downloads it: the link serves a ZIP.
    const href = await dialog.getByRole('link', { name: 'Download the bundle' }).getAttribute('href');
    const head = await page.evaluate(async (url) => {
      const bytes = new Uint8Array(await (await fetch(url!)).arrayBuffer());
      return { size: bytes.length, magic: String.fromCharCode(bytes[0]!, bytes[1]!) };
    }, href);
    expect(head.magic).toBe('PK');
    await page.keyboard.press('Escape');

    const exports = path.join(ctx.libraryDir, 'exports');
    const [written] = readdirSync(exports);
    const bundle = path.join(ctx.libraryDir, '..', 'voyage.capsule');
    writeFileSync(bundle, await (await import('node:fs/promises')).readFile(path.join(exports, written!)));
    expect(head.size).toBeGreaterThan(1000);
    await h.web.studio.calls.deleteCapsule(capsule.id);
    await page.reload();
    await page.locator('header.topbar').waitFor({ state: 'visible' });

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import a bundle or a Polymny export…' }).click();
    await (await chooser).setFiles(bundle);
    const report = page.getByRole('dialog', { name: '“Voyage” imported' });
    await report.waitFor({ timeout: 60_000 });
    await expect(report.textContent()).resolves.toContain('Grains: 1, slides: 1, takes: 0.');
    await h.screenshot('bundle-e2e-report');
    await report.getByRole('button', { name: 'Open the capsule' }).click();
    await page.getByRole('heading', { name: 'Edit “Voyage”' }).waitFor();
    const prompts = await page.getByTestId('slide-prompt').evaluateAll((areas) => areas.map((area) => (area as HTMLTextAreaElement).value));
    expect(prompts).toEqual(['Ce texte voyage dans le paquet.']);

    // Dropped on the library's drop zone, the same bundle is imported again (a second capsule).
    await page.getByRole('button', { name: 'Library' }).click();
    const bytes = (await (await import('node:fs/promises')).readFile(bundle)).toString('base64');
    const transfer = await page.evaluateHandle((data) => {
      const raw = Uint8Array.from(atob(data), (char) => char.charCodeAt(0));
      const dataTransfer = new DataTransfer();
      dataTransfer.items.add(new File([raw], 'voyage.capsule', { type: 'application/octet-stream' }));
      return dataTransfer;
    }, bytes);
    await page.getByTestId('pdf-drop-zone').dispatchEvent('drop', { dataTransfer: transfer });
    await page.getByRole('dialog', { name: '“Voyage” imported' }).waitFor({ timeout: 60_000 });
    expect((await h.web.studio.calls.listCapsules()).map((c) => c.title)).toEqual(['Voyage', 'Voyage']);
    expect(h.pageErrors).toEqual([]);
  });
});
