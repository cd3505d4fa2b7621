// Runs in Node (tests). The renderer's zustand stores against the real services through the real
// loopback bridge (the renderer's own client over WebSocket): PDF import with job progress mirrored,
// password retry, bad input, cancel, rename/duplicate/delete, prompt saving (debounced, in order) and
// the editor's structural edits. Stores are reset between tests, as zustand's testing guide does.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import WebSocket from 'ws';
import { startWebStudio, type WebStudio } from '../../src/main/bridge/webServer';
import { createLogger } from '../../src/main/log';
import { connectLoopback } from '../../src/renderer/api/loopbackClient';
import type { StudioClient } from '../../src/renderer/api/studioClient';
import { setStudio } from '../../src/renderer/studio';
import { PROMPT_SAVE_DELAY_MS, useEditorStore } from '../../src/renderer/stores/editorStore';
import { useJobsStore } from '../../src/renderer/stores/jobsStore';
import { useLibraryStore, type PendingPdf } from '../../src/renderer/stores/libraryStore';
import { resetAllStores } from '../../src/renderer/stores/resettable';
import { syncStoresWith } from '../../src/renderer/stores/sync';
import { useUiStore } from '../../src/renderer/stores/uiStore';
import type { JobInfo } from '../../src/shared/domain/jobs';
import { writeBeamerLikePdf } from '../support/beamerLikePdf';
import { fixturesDir, tempDir } from '../support/tempDir';

const SMALL_PDF = path.join(fixturesDir, 'pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf');
/** A generated 100-page beamer-like deck: long enough to cancel its import midway. */
const BIG_PDF = writeBeamerLikePdf(tempDir('capsule-stores-deck-'), { extraPages: 66 });

let web: WebStudio;
let client: StudioClient;
let unsync: () => void;
const progressEvents: JobInfo[] = [];

function browserLikeWebSocket(origin: string) {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  };
}

/** A picked file as both bindings have it: no path, bytes read on demand and uploaded. */
function pickedFile(file: string, name = path.basename(file)): PendingPdf {
  return { name, readBytes: async () => new Uint8Array(readFileSync(file)) };
}

beforeAll(async () => {
  const staticDir = tempDir();
  web = await startWebStudio({ libraryDir: tempDir(), staticDir, studioOptions: { log: createLogger(() => undefined) } });
  (globalThis as { WebSocket?: unknown }).WebSocket = browserLikeWebSocket(web.origin);
  client = await connectLoopback(`${web.origin.replace('http', 'ws')}/bridge`, web.token, web.origin);
  client.on('job.progress', (job) => progressEvents.push(job));
  setStudio(client);
  unsync = syncStoresWith(client);
});

afterEach(() => {
  resetAllStores();
  progressEvents.length = 0;
});

afterAll(async () => {
  unsync?.();
  setStudio(null);
  await web?.close();
});

describe('library store', () => {
  test('imports a picked PDF as bytes, with page-by-page progress mirrored in the jobs store', async () => {
    const outcome = await useLibraryStore.getState().importPdf(pickedFile(SMALL_PDF, 'Cours 1.pdf'));
    expect(outcome.kind).toBe('created');
    if (outcome.kind !== 'created') return;
    // The PDF's own title (its Info dictionary), not the picked file's name.
    expect(outcome.capsule.title).toBe('pandoc-beamer-notes');
    expect(useLibraryStore.getState().importing).toBeNull();
    expect(useLibraryStore.getState().capsules.map((capsule) => capsule.id)).toEqual([outcome.capsule.id]);

    // The import's job reached the store through job.progress events, ending done at 100 %.
    const jobs = Object.values(useJobsStore.getState().jobs).filter((job) => job.kind === 'pdf_import');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'done', progress: 1 });
    const fractions = progressEvents.filter((job) => job.id === jobs[0]!.id && job.progress !== null).map((job) => job.progress!);
    expect(fractions.length).toBeGreaterThan(1);
    expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
  });

  test('an encrypted PDF asks for the password, a wrong one asks again, the right one imports', async () => {
    const encrypted = path.join(tempDir(), 'locked.pdf');
    execFileSync('qpdf', ['--encrypt', 'pw-user', 'pw-owner', '256', '--', SMALL_PDF, encrypted]);
    const before = (await client.listCapsules()).length;
    const store = useLibraryStore.getState();

    expect((await store.importPdf(pickedFile(encrypted))).kind).toBe('password');
    expect(useLibraryStore.getState().importing).toMatchObject({ phase: 'password', wrongPassword: false });

    expect((await useLibraryStore.getState().submitPassword('wrong')).kind).toBe('password');
    expect(useLibraryStore.getState().importing).toMatchObject({ phase: 'password', wrongPassword: true });
    expect(await client.listCapsules()).toHaveLength(before);

    const outcome = await useLibraryStore.getState().submitPassword('pw-user');
    expect(outcome.kind).toBe('created');
    expect(await client.listCapsules()).toHaveLength(before + 1);
    expect(useLibraryStore.getState().importing).toBeNull();
  });

  test('a password prompt can be dismissed: nothing is imported', async () => {
    const encrypted = path.join(tempDir(), 'locked.pdf');
    execFileSync('qpdf', ['--encrypt', 'pw', 'pw2', '256', '--', SMALL_PDF, encrypted]);
    const before = (await client.listCapsules()).length;
    await useLibraryStore.getState().importPdf(pickedFile(encrypted));
    await useLibraryStore.getState().cancelImport();
    expect(useLibraryStore.getState().importing).toBeNull();
    expect(await client.listCapsules()).toHaveLength(before);
  });

  test('bad input fails with its stable code and leaves the library as it was', async () => {
    const before = await client.listCapsules();
    const notPdf: PendingPdf = { name: 'notes.pdf', readBytes: async () => new TextEncoder().encode('hello, not a PDF') };
    const outcome = await useLibraryStore.getState().importPdf(notPdf);
    expect(outcome).toMatchObject({ kind: 'failed', error: { code: 'PDF_NOT_PDF' } });
    expect(useLibraryStore.getState().error?.code).toBe('PDF_NOT_PDF');
    expect(useLibraryStore.getState().importing).toBeNull();

    const truncated = readFileSync(SMALL_PDF).subarray(0, 4000);
    const corrupt = await useLibraryStore.getState().importPdf({ name: 'cut.pdf', readBytes: async () => new Uint8Array(truncated) });
    expect(corrupt).toMatchObject({ kind: 'failed', error: { code: 'PDF_CORRUPT' } });
    expect(await client.listCapsules()).toEqual(before);
  });

  test('cancelling a running import stops it and imports nothing', async () => {
    const before = (await client.listCapsules()).length;
    const running = useLibraryStore.getState().importPdf(pickedFile(BIG_PDF));
    const jobId = useLibraryStore.getState().importing!.jobId;
    // Wait for the first page to be reported, so the cancel hits a running job.
    await expect.poll(() => useJobsStore.getState().jobs[jobId]?.progress ?? 0, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0);
    await useLibraryStore.getState().cancelImport();
    expect((await running).kind).toBe('cancelled');
    expect(useLibraryStore.getState().importing).toBeNull();
    expect(await client.listCapsules()).toHaveLength(before);
    await expect.poll(() => useJobsStore.getState().jobs[jobId]?.state).toBe('cancelled');
  });

  test('rename, duplicate and delete', async () => {
    const created = await useLibraryStore.getState().importPdf(pickedFile(SMALL_PDF));
    if (created.kind !== 'created') throw new Error(`import failed: ${created.kind}`);
    const id = created.capsule.id;

    expect(await useLibraryStore.getState().rename(id, '  Algorithmique  ')).toBe(true);
    expect((await client.getCapsule(id)).title).toBe('Algorithmique');
    expect(useLibraryStore.getState().capsules.find((capsule) => capsule.id === id)?.title).toBe('Algorithmique');

    const copy = await useLibraryStore.getState().duplicate(id);
    expect(copy).not.toBeNull();
    expect(useLibraryStore.getState().capsules.map((capsule) => capsule.id)).toContain(copy!.id);

    expect(await useLibraryStore.getState().remove(copy!.id)).toBe(true);
    expect(useLibraryStore.getState().capsules.map((capsule) => capsule.id)).not.toContain(copy!.id);
    await expect(client.getCapsule(copy!.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await useLibraryStore.getState().remove(copy!.id)).toBe(false);
    expect(useLibraryStore.getState().error?.code).toBe('NOT_FOUND');
  });
});

describe('editor store', () => {
  async function openNewCapsule() {
    const outcome = await useLibraryStore.getState().importPdf(pickedFile(SMALL_PDF));
    if (outcome.kind !== 'created') throw new Error(`import failed: ${outcome.kind}`);
    await useEditorStore.getState().open(outcome.capsule.id);
    return outcome.capsule.id;
  }

  const slideIds = () => useEditorStore.getState().capsule!.grains.flatMap((grain) => grain.slides.map((slide) => slide.id));

  test('typing is saved after a pause, in order, and the last text wins', async () => {
    const capsuleId = await openNewCapsule();
    const [first] = slideIds();
    const editor = useEditorStore.getState();
    editor.editPrompt(first!, 'Une');
    editor.editPrompt(first!, 'Une phrase.');
    editor.editPrompt(first!, 'Une phrase.\nPuis une autre.');
    expect(useEditorStore.getState().saveStates[first!]).toBe('pending');
    // Nothing is written before the pause.
    const stored = async () => (await client.getCapsule(capsuleId)).grains[0]!.slides[0]!.prompt;
    expect(await stored()).not.toBe('Une phrase.\nPuis une autre.');
    await expect.poll(() => useEditorStore.getState().saveStates[first!], { timeout: PROMPT_SAVE_DELAY_MS * 10 }).toBe('saved');
    expect(await stored()).toBe('Une phrase.\nPuis une autre.');
    expect(useEditorStore.getState().drafts[first!]).toBeUndefined();
  });

  test('blur saves at once; a reload keeps what was typed', async () => {
    const capsuleId = await openNewCapsule();
    const [, second] = slideIds();
    useEditorStore.getState().editPrompt(second!, 'Saved on blur.');
    await useEditorStore.getState().flushPrompt(second!);
    expect((await client.getCapsule(capsuleId)).grains.flatMap((grain) => grain.slides).find((slide) => slide.id === second)!.prompt).toBe('Saved on blur.');
    await useEditorStore.getState().reload();
    expect(useEditorStore.getState().capsule!.grains.flatMap((grain) => grain.slides).find((slide) => slide.id === second)!.prompt).toBe('Saved on blur.');
  });

  test('split, merge, step a slide and a grain: the store holds what the library holds', async () => {
    const capsuleId = await openNewCapsule();
    const editor = () => useEditorStore.getState();
    const [a, b, c] = slideIds();

    // Gather the first three slides in one grain, then split it again at the second one.
    const firstGrainOf = (slideId: string) => editor().capsule!.grains.find((grain) => grain.slides.some((slide) => slide.id === slideId))!;
    while (firstGrainOf(c!).slides[0]!.id !== a) await editor().mergeWithPrevious(firstGrainOf(c!).id);
    expect(firstGrainOf(a).slides.slice(0, 3).map((slide) => slide.id)).toEqual([a, b, c]);
    await editor().splitAt(b!);
    expect(editor().capsule!.grains[0]!.slides.map((slide) => slide.id)).toEqual([a]);
    expect(editor().capsule!.grains[1]!.slides.slice(0, 2).map((slide) => slide.id)).toEqual([b, c]);

    // Step slide b forward: it swaps with c inside its grain.
    await editor().stepSlide(b!, 1);
    expect(editor().capsule!.grains[1]!.slides.slice(0, 2).map((slide) => slide.id)).toEqual([c, b]);

    // Step the first grain down: it becomes second.
    const firstGrain = editor().capsule!.grains[0]!.id;
    await editor().stepGrain(firstGrain, 1);
    expect(editor().capsule!.grains[1]!.id).toBe(firstGrain);

    await editor().renameGrain(firstGrain, ' Introduction ');
    const fromLibrary = await client.getCapsule(capsuleId);
    expect(editor().capsule!.grains.map((grain) => [grain.id, grain.title, grain.slides.map((slide) => slide.id)])).toEqual(
      fromLibrary.grains.map((grain) => [grain.id, grain.title, grain.slides.map((slide) => slide.id)]),
    );
    expect(fromLibrary.grains[1]!.title).toBe('Introduction');
  });

  test('a failed edit keeps the error for the UI and changes nothing', async () => {
    await openNewCapsule();
    const before = useEditorStore.getState().capsule;
    await useEditorStore.getState().mergeWithPrevious(before!.grains[0]!.id);
    expect(useEditorStore.getState().error?.code).toBe('BAD_ARGS');
    expect(useEditorStore.getState().capsule).toEqual(before);
  });
});

describe('stores reset between tests', () => {
  test('resetAllStores puts every store back to its initial state', async () => {
    await useLibraryStore.getState().refresh();
    useUiStore.getState().navigate('edit', 'some-capsule');
    useUiStore.getState().toggleShortcuts(true);
    expect(useLibraryStore.getState().loaded).toBe(true);
    resetAllStores();
    expect(useLibraryStore.getState()).toMatchObject({ loaded: false, capsules: [], importing: null });
    expect(useUiStore.getState()).toMatchObject({ view: 'library', capsuleId: null, shortcutsOpen: false });
    expect(useEditorStore.getState()).toMatchObject({ capsule: null, drafts: {} });
    expect(useJobsStore.getState().jobs).toEqual({});
  });
});
