// Runs in Node (security test). Hostile PDFs through the real import path (library service, job queue,
// pdf.js in worker threads): a PDF without a valid page tree is refused and leaves the library as it was;
// an XFA form imports with a warning the interface can show; a page that takes too long stops the import.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/log';
import { importPdf } from '../../src/main/pdf/pdfImporter';
import { createStudio, type Studio } from '../../src/main/studio';
import { StudioError } from '../../src/shared/errors';
import { NO_PAGE_TREES, xfaFormPdf } from '../support/hostilePdf';
import { fixturesDir, tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);
let studio: Studio | null = null;
afterEach(async () => {
  await studio?.close();
  studio = null;
});

/** Every file under `dir`, relative, sorted: the library's whole state on disk. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !/library\.sqlite(?:-wal|-shm)?$/.test(entry.name))
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** qpdf reads it as a PDF (exit 0, or 3 for warnings): the test is about hostile structure, not garbage bytes. */
function qpdfAccepts(file: string): boolean {
  const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
  if (check.error) throw check.error;
  return check.status === 0 || check.status === 3;
}

describe('hostile PDFs', () => {
  it('refuses a PDF without a valid page tree with "this PDF contains no pages", and changes nothing in the library', async () => {
    const libraryDir = tempDir();
    studio = await createStudio({ libraryDir, binding: 'cli', log: quiet });
    // A real capsule first, so that "unchanged" is checked against a library with content.
    await studio.calls.createCapsuleFromPdf({ source: { path: path.join(fixturesDir, 'pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf') } });
    const capsulesBefore = await studio.calls.listCapsules();
    const filesBefore = filesUnder(libraryDir);
    const inputs = tempDir();
    for (const [name, bytes] of Object.entries(NO_PAGE_TREES)) {
      const file = path.join(inputs, `${name}.pdf`);
      writeFileSync(file, bytes);
      expect(qpdfAccepts(file), name).toBe(true);
      const refused = await studio.calls.createCapsuleFromPdf({ source: { path: file } }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused, name).toMatchObject({ code: 'PDF_EMPTY', message: 'This PDF contains no pages.' });
      expect(await studio.calls.listCapsules(), name).toEqual(capsulesBefore);
      expect(filesUnder(libraryDir), name).toEqual(filesBefore);
    }
  });

  it('imports an XFA form with a warning that its content may be missing, kept with the capsule', async () => {
    studio = await createStudio({ libraryDir: tempDir(), binding: 'cli', log: quiet });
    const file = path.join(tempDir(), 'formulaire.pdf');
    writeFileSync(file, xfaFormPdf());
    expect(qpdfAccepts(file)).toBe(true);
    const capsule = await studio.calls.createCapsuleFromPdf({ source: { path: file } });
    expect(capsule.grains.flatMap((grain) => grain.slides)).toHaveLength(1);
    expect(capsule.importWarnings).toEqual([expect.objectContaining({ code: 'PDF_XFA_FORM', message: expect.stringMatching(/XFA form.*missing/) })]);
    // An ordinary PDF gets no warning.
    const plain = await studio.calls.createCapsuleFromPdf({ source: { path: path.join(fixturesDir, 'pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf') } });
    expect(plain.importWarnings).toBeUndefined();
  });

  it('stops an import whose page takes longer than the time limit, with PDF_TIMEOUT, leaving the folder as it was', async () => {
    const outDir = path.join(tempDir(), 'slides');
    mkdirSync(outDir);
    writeFileSync(path.join(outDir, 'keep.txt'), 'was here before');
    // No page of any PDF renders in 1 ms: the limit is what is under test, not a slow page.
    const error = await importPdf({ source: { path: path.join(fixturesDir, 'pdf', 'beamer-4x3_metropolis-demo.pdf') }, outDir, workers: 1, pageTimeoutMs: 1 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StudioError);
    expect(error).toMatchObject({ code: 'PDF_TIMEOUT', details: { limitSeconds: 0 } });
    expect(readdirSync(outDir)).toEqual(['keep.txt']);
  });
});
