// Runs in Node (tests). Foundation end-to-end test in real Chromium through the loopback bridge and
// the real services: create a capsule from a fixture PDF in the UI, see its slides and prompts, edit a
// prompt, reload and find the edit persisted; then regroup by keyboard, rename, duplicate and delete
// from the library, and the password prompt of an encrypted PDF.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CapsuleDetail } from '../../src/shared/domain/capsule';
import { slideStepTarget } from '../../src/renderer/logic/grainMoves';
import { fixturePath, startHarness, type Harness } from './support/harness';

const PDF = fixturePath('pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

function slidesOf(capsule: CapsuleDetail) {
  return capsule.grains.flatMap((grain) => grain.slides);
}

async function onlyCapsule(): Promise<CapsuleDetail> {
  const list = await h.web.studio.calls.listCapsules();
  expect(list).toHaveLength(1);
  return h.web.studio.calls.getCapsule(list[0]!.id);
}

describe('library and editor in Chromium', () => {
  test('create a capsule from a PDF, edit a prompt, reload, the edit is still there', async () => {
    const { page } = h;
    await expect(page.getByRole('heading', { name: 'Your capsules' }).isVisible()).resolves.toBe(true);

    // The real button opens the real file chooser.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'New capsule from a PDF…' }).click();
    await (await chooser).setFiles(PDF);

    // Once imported, the editor opens on the new capsule.
    await page.getByRole('heading', { name: /^Edit “/ }).waitFor({ timeout: 90_000 });
    const stored = await onlyCapsule();
    // Titled by the main side from the PDF itself (its title or first slide's), shown as such.
    await page.getByRole('heading', { name: `Edit “${stored.title}”` }).waitFor();
    const slides = slidesOf(stored);
    expect(slides.length).toBeGreaterThanOrEqual(4);

    // One card per slide, each with its thumbnail really loaded from /media and its prompt shown.
    const cards = page.locator('.slide-card');
    await expect(cards.count()).resolves.toBe(slides.length);
    const firstImage = cards.first().locator('img');
    await firstImage.waitFor();
    await page.waitForFunction((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0, await firstImage.elementHandle());
    const prompts = await page.getByTestId('slide-prompt').evaluateAll((areas) => areas.map((area) => (area as HTMLTextAreaElement).value));
    expect(prompts).toEqual(slides.map((slide) => slide.prompt));
    expect(prompts[0]).toContain('pandoc-beamer-notes');

    // Edit slide 2's prompt; leaving the field saves it.
    const edited = 'Bonjour à tous.\nThis line was typed in Chromium.';
    const secondPrompt = page.getByRole('textbox', { name: 'Prompt for slide 2' });
    await secondPrompt.fill(edited);
    await secondPrompt.press('Tab');
    await page.locator('.slide-card').nth(1).locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    expect(slidesOf(await onlyCapsule())[1]!.prompt).toBe(edited);

    await h.screenshot('library-e2e-editor');

    await page.reload();
    await page.getByRole('heading', { name: /^Edit “/ }).waitFor();
    await expect(page.getByRole('textbox', { name: 'Prompt for slide 2' }).inputValue()).resolves.toBe(edited);
    await expect(page.getByRole('textbox', { name: 'Prompt for slide 1' }).inputValue()).resolves.toBe(slides[0]!.prompt);
  });

  test('typing saves by itself after a pause, without leaving the field', async () => {
    const { page } = h;
    const third = page.getByRole('textbox', { name: 'Prompt for slide 3' });
    await third.fill('');
    await third.pressSequentially('Typed slowly.', { delay: 10 });
    await page.locator('.slide-card').nth(2).locator('[data-testid="save-state"][data-state="saved"]').waitFor();
    await expect(third.evaluate((element) => element === document.activeElement)).resolves.toBe(true);
    expect(slidesOf(await onlyCapsule())[2]!.prompt).toBe('Typed slowly.');
  });

  test('grains regroup and reorder from the keyboard', async () => {
    const { page } = h;
    const before = await onlyCapsule();
    const grainsBefore = before.grains.length;
    const second = slidesOf(before)[1]!;
    const card = page.locator(`.slide-card[data-slide-id="${second.id}"]`);

    // Make sure slide 2 starts a grain of its own (g), then merge that grain into slide 1's (m).
    await card.focus();
    await page.keyboard.press('g');
    await expect.poll(async () => (await onlyCapsule()).grains.findIndex((grain) => grain.slides[0]?.id === second.id)).toBeGreaterThan(0);
    const split = await onlyCapsule();
    await card.focus();
    await page.keyboard.press('m');
    await expect.poll(async () => (await onlyCapsule()).grains.length).toBe(split.grains.length - 1);
    const merged = await onlyCapsule();
    expect(merged.grains[0]!.slides.map((slide) => slide.id)).toEqual(slidesOf(before).slice(0, merged.grains[0]!.slides.length).map((slide) => slide.id));
    expect(merged.grains[0]!.slides[1]!.id).toBe(second.id);
    // The page redraws after the library has changed: wait for it, as below.
    await expect.poll(() => page.locator('.grain').count()).toBe(merged.grains.length);

    // Alt+→ moves the focused slide one step forward (at the end of its grain: to the start of the
    // next grain), it stays focused, and Alt+← brings it back where it was.
    const placeOf = (capsule: CapsuleDetail, slideId: string) => {
      const grainIndex = capsule.grains.findIndex((grain) => grain.slides.some((slide) => slide.id === slideId));
      return { grainId: capsule.grains[grainIndex]!.id, position: capsule.grains[grainIndex]!.slides.findIndex((slide) => slide.id === slideId) };
    };
    const home = placeOf(merged, second.id);
    const expectedForward = slideStepTarget(merged, second.id, 1)!;
    await page.locator(`.slide-card[data-slide-id="${second.id}"]`).focus();
    await page.keyboard.press('Alt+ArrowRight');
    await expect.poll(async () => placeOf(await onlyCapsule(), second.id)).toEqual(expectedForward);
    expect(expectedForward).not.toEqual(home);
    await expect.poll(() => page.locator(`.slide-card[data-slide-id="${second.id}"]`).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.press('Alt+ArrowLeft');
    await expect.poll(async () => placeOf(await onlyCapsule(), second.id)).toEqual(home);
    // The card is re-rendered in its new place, then focused again: wait for that before the next key.
    await expect.poll(() => page.locator(`.slide-card[data-slide-id="${second.id}"]`).evaluate((element) => element === document.activeElement)).toBe(true);

    // Alt+↓ moves the focused slide's grain after the next one.
    const firstGrain = (await onlyCapsule()).grains[0]!.id;
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(async () => (await onlyCapsule()).grains.findIndex((grain) => grain.id === firstGrain)).toBe(1);
    expect(grainsBefore).toBeGreaterThan(0);

    // The ? overlay lists the shortcuts, including the recording ones.
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.waitFor();
    await expect(overlay.getByText('Retake the current grain').isVisible()).resolves.toBe(true);
    await h.screenshot('library-e2e-shortcuts');
    await page.keyboard.press('Escape');
    await overlay.waitFor({ state: 'hidden' });
  });

  test('rename, duplicate and delete (after confirmation) from the library', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('heading', { name: 'Your capsules' }).waitFor();
    const original = (await h.web.studio.calls.listCapsules())[0]!;

    await page.getByRole('button', { name: `Rename “${original.title}”` }).click();
    const titleField = page.getByRole('textbox', { name: 'New title' });
    await titleField.fill('Notes de cours');
    await titleField.press('Enter');
    await page.getByRole('button', { name: 'Open “Notes de cours”' }).waitFor();
    expect((await h.web.studio.calls.getCapsule(original.id)).title).toBe('Notes de cours');

    await page.getByRole('button', { name: 'Duplicate “Notes de cours”' }).click();
    await expect.poll(async () => (await h.web.studio.calls.listCapsules()).length).toBe(2);
    await expect.poll(() => page.locator('.capsule-card').count()).toBe(2);
    await h.screenshot('library-e2e-library');

    const copy = (await h.web.studio.calls.listCapsules()).find((capsule) => capsule.id !== original.id)!;
    const copyCard = page.locator(`.capsule-card[data-capsule-id="${copy.id}"]`);
    await copyCard.getByRole('button', { name: /^Delete/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete this capsule?' });
    await confirm.waitFor();
    // Cancel first: nothing is deleted.
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await h.web.studio.calls.listCapsules()).toHaveLength(2);

    await copyCard.getByRole('button', { name: /^Delete/ }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect.poll(async () => (await h.web.studio.calls.listCapsules()).map((capsule) => capsule.id)).toEqual([original.id]);
    await expect.poll(() => page.locator('.capsule-card').count()).toBe(1);
  });

  test('an encrypted PDF asks for its password, refuses a wrong one, then imports', async () => {
    const { page } = h;
    const encrypted = path.join(h.tmpDir, 'protected.pdf');
    execFileSync('qpdf', ['--encrypt', 'secret-pw', 'owner-pw', '256', '--', PDF, encrypted]);

    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'New capsule from a PDF…' }).click();
    await (await chooser).setFiles(encrypted);

    const dialog = page.getByRole('dialog', { name: 'This PDF is protected' });
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.getByLabel('Password').fill('not-it');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await dialog.getByText('Wrong password, try again.').waitFor({ timeout: 60_000 });
    expect(await h.web.studio.calls.listCapsules()).toHaveLength(1);

    await dialog.getByLabel('Password').fill('secret-pw');
    await dialog.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: /^Edit “/ }).waitFor({ timeout: 90_000 });
    expect(await h.web.studio.calls.listCapsules()).toHaveLength(2);
  });

  test('a file that is not a PDF gets a clear message and changes nothing', async () => {
    const { page } = h;
    await page.getByRole('button', { name: 'Library' }).click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'New capsule from a PDF…' }).click();
    await (await chooser).setFiles({ name: 'notes.pdf', mimeType: 'application/pdf', buffer: Buffer.from('just some text, not a PDF\n') });
    await page.getByRole('alert').filter({ hasText: 'This file is not a PDF.' }).waitFor({ timeout: 60_000 });
    expect(await h.web.studio.calls.listCapsules()).toHaveLength(2);
  });

  test('the page never showed an error or a stack', () => {
    expect(h.pageErrors).toEqual([]);
  });
});
