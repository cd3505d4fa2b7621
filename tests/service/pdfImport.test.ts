// Runs in Node (service test). The PDF importer on the real fixture decks and on every kind of bad input:
// real pdf.js in real worker threads, real PNG files read back, encrypted PDFs made by qpdf, a full tmpfs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { importPdf, type ImportedPdf, type PdfImportOptions } from '../../src/main/pdf/pdfImporter';
import { StudioError } from '../../src/shared/errors';
import { pageFailure } from '../../src/main/pdf/pdfErrors';
import { writeBeamerLikePdf } from '../support/beamerLikePdf';
import { handmadePdf } from '../support/handmadePdf';
import { fixturesDir, repoRoot, tempDir } from '../support/tempDir';

const deck = (name: string): string => path.join(fixturesDir, 'pdf', name);
const DE_16x9 = deck('beamer-16x9-de_klingtnet-presentation169.pdf');
const METROPOLIS_4x3 = deck('beamer-4x3_metropolis-demo.pdf');
const NOTES = deck('beamer-notes-pages_pandoc-beamer-notes.pdf');
const IMPRESS_FR = deck('impress-export-fr_notion-objet.pdf');
const A4_FR = deck('impress-export-a4landscape-fr_listes-piles-files.pdf');

const root = tempDir('capsule-pdf-import-');
/** Generated: a 2006-style French beamer deck (see tests/support/beamerLikePdf.ts). */
const BEAMER_LIKE_FR = writeBeamerLikePdf(root);
let dirCount = 0;
function freshDir(withKeepFile = false): string {
  const dir = path.join(root, `out-${++dirCount}`);
  if (withKeepFile) {
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'keep.txt'), 'was here before');
  }
  return dir;
}

function pngSize(file: string): { width: number; height: number } {
  const head = readFileSync(file).subarray(0, 24);
  expect(head.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}

async function pixels(file: string): Promise<(x: number, y: number) => [number, number, number]> {
  const image = await loadImage(readFileSync(file));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const data = context.getImageData(0, 0, image.width, image.height).data;
  return (x, y) => {
    const i = (y * image.width + x) * 4;
    return [data[i]!, data[i + 1]!, data[i + 2]!];
  };
}

async function importWithProgress(options: PdfImportOptions): Promise<{ result: ImportedPdf; progress: [number, number][] }> {
  const progress: [number, number][] = [];
  const result = await importPdf({ ...options, onProgress: (done, total) => progress.push([done, total]) });
  return { result, progress };
}

async function failure(options: PdfImportOptions): Promise<StudioError> {
  try {
    await importPdf(options);
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('The import was expected to fail.');
}

const promptLines = (result: ImportedPdf): string[] => result.pages.flatMap((page) => page.prompt.split('\n'));

describe('PDF import of the fixture decks', () => {
  it('renders the 16:9 German deck to exactly 1920x1080 with thumbnails, page by page, with German prompts', async () => {
    const outDir = freshDir();
    const { result, progress } = await importWithProgress({ source: { path: DE_16x9 }, outDir, background: '#ff00ff' });
    expect(result.pageCount).toBe(30);
    expect(result.title).toBe('Der Titel der Präsentation - Ein Template für die LaTeX-Klasse "Beamer"');
    expect(result.pages.map((p) => p.pageNumber)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(result.pages.map((p) => p.pageLabel)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    expect(progress).toEqual(Array.from({ length: 31 }, (_, i) => [i, 30]));
    for (const page of result.pages) {
      expect(path.dirname(page.imageFile)).toBe(outDir);
      expect(pngSize(page.imageFile)).toEqual({ width: 1920, height: 1080 });
      expect(pngSize(page.thumbFile)).toEqual({ width: 320, height: 180 });
      expect([page.width, page.height, page.isNotesPage]).toEqual([1920, 1080, false]);
    }
    // Only the slides are left in outDir: no staging folder.
    expect(readdirSync(outDir).sort()).toEqual(result.pages.flatMap((p) => [path.basename(p.imageFile), path.basename(p.thumbFile)]).sort());
    // 16:9 fills the frame: no magenta bar on any edge, not even one pixel wide.
    const px = await pixels(result.pages[1]!.imageFile);
    for (let y = 0; y < 1080; y += 7) {
      expect(px(0, y)).not.toEqual([255, 0, 255]);
      expect(px(1919, y)).not.toEqual([255, 0, 255]);
    }
    for (let x = 0; x < 1920; x += 7) expect(px(x, 1079)).not.toEqual([255, 0, 255]);

    const lines = promptLines(result);
    expect(result.pages[0]!.prompt.split('\n')).toContain('Universität Leipzig');
    expect(result.pages[5]!.prompt.split('\n')).toContain(
      'Kein formelles System aus widerspruchsfreien mathematischen Regeln kann jemals ausreichen, alle wahren Aussagen der klassischen Arithmetik zu beweisen.',
    );
    expect(lines).toContain('Ein Template für die LATEX-Klasse „Beamer“');
    expect(lines.filter((l) => /^\d+\s*\/\s*30$/.test(l))).toEqual([]);
  });

  it('pillarboxes a 4:3 deck on the chosen colour and gives overlay steps only their new lines', async () => {
    const { result } = await importWithProgress({ source: { path: METROPOLIS_4x3 }, outDir: freshDir(), background: '#123456' });
    expect(result.pageCount).toBe(31);
    expect(result.pages).toHaveLength(31);
    const px = await pixels(result.pages[4]!.imageFile);
    for (const y of [0, 300, 540, 1079]) {
      expect(px(0, y)).toEqual([0x12, 0x34, 0x56]);
      expect(px(239, y)).toEqual([0x12, 0x34, 0x56]);
      expect(px(1680, y)).toEqual([0x12, 0x34, 0x56]);
      expect(px(1919, y)).toEqual([0x12, 0x34, 0x56]);
      expect(px(240, y)).not.toEqual([0x12, 0x34, 0x56]);
      expect(px(1679, y)).not.toEqual([0x12, 0x34, 0x56]);
    }
    const thumb = await pixels(result.pages[4]!.thumbFile);
    expect(thumb(20, 90)).toEqual([0x12, 0x34, 0x56]);
    expect(thumb(160, 90)).not.toEqual([0x12, 0x34, 0x56]);

    const overlay = result.pages.filter((p) => p.pageLabel === '15');
    expect(overlay.map((p) => p.pageNumber)).toEqual([15, 16, 17, 18]);
    expect(overlay[0]!.prompt.split('\n')).toEqual(['Animation', 'This is important']);
    expect(overlay[1]!.prompt).toBe('Now this');
    expect(overlay[3]!.prompt).toContain('This is really important');
    expect(overlay.slice(1).some((p) => p.prompt.includes('Animation'))).toBe(false);
  });

  it('attaches beamer note pages to the slide before them, or keeps them as slides when asked', async () => {
    const outDir = freshDir();
    const attached = await importPdf({ source: { path: NOTES }, outDir, workers: 1 });
    expect(attached.pageCount).toBe(6);
    expect(attached.pages.map((p) => [p.pageNumber, p.pageLabel])).toEqual([
      [1, '1'],
      [2, '2'],
      [3, '3'],
      [5, '4'],
    ]);
    const slide3 = attached.pages[2]!.prompt.split('\n');
    expect(slide3[0]).toBe('The plain LaTeX way');
    expect(slide3[slide3.length - 1]).toBe('A very simple note to appear on the note page.');
    expect(attached.pages[3]!.prompt.split('\n').slice(-3)).toEqual(['Bullet one', 'Bullet two', 'Bullet three']);
    // The note pages were not rendered at all.
    expect(readdirSync(outDir).filter((f) => f.endsWith('.png') && !f.includes('thumb'))).toEqual(['page-0001.png', 'page-0002.png', 'page-0003.png', 'page-0005.png']);

    const kept = await importPdf({ source: { path: NOTES }, outDir: freshDir(), workers: 1, notesPages: 'slides' });
    expect(kept.pages.map((p) => [p.pageNumber, p.isNotesPage])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, false],
      [6, true],
    ]);
    expect(kept.pages[3]!.prompt).toBe('A very simple note to appear on the note page.');
    expect(kept.pages[2]!.prompt).not.toContain('A very simple note to appear on the note page.\n');
    for (const page of kept.pages) expect(pngSize(page.imageFile)).toEqual({ width: 1920, height: 1080 });
  });

  it('keeps French accents and typographic apostrophes, and no OpenSymbol bullet or slide number becomes a line (Impress)', async () => {
    // A small frame: this test is about text, and 4:3 placement is checked at 1280x720 here (1920x1080 above).
    const { result } = await importWithProgress({ source: { path: IMPRESS_FR }, outDir: freshDir(), width: 1280, height: 720, thumbWidth: 160 });
    expect(result.pages).toHaveLength(19);
    const page2 = result.pages[1]!.prompt.split('\n');
    expect(page2).toEqual(expect.arrayContaining(['Mise en situation', 'Caractéristiques d’un Pokemon', 'Défense', 'Subir des dégâts', 'Que fait un Pokemon ?']));
    // Page 4's diagram (boxes labelled side by side) and page 11's (labels drawn twice) are not read as sentences.
    expect(result.pages[3]!.prompt).not.toMatch(/fonction1|Variables locales/u);
    expect(result.pages[10]!.prompt.split('\n').filter((l) => /^(?:Attributs|Méthodes|Objet)$/u.test(l))).toEqual([]);
    expect(result.pages[10]!.prompt).toContain('La POO se concentre sur la représentation des problèmes à l\'aide d\'objets.');
    const lines = promptLines(result);
    expect(lines.filter((l) => /[●]/u.test(l) || /^\d+$/.test(l) || l.trim() === '')).toEqual([]);
    expect(lines).toContain(
      'Les structures de données permettent d’organiser les données dans un format adapté aux machines afin que les informations puissent être organisées, traitées, stockées et récupérées efficacement.',
    );
    // 4:3 on the default white: the bars (160 px at 1280x720) are white.
    expect(pngSize(result.pages[0]!.imageFile)).toEqual({ width: 1280, height: 720 });
    expect(pngSize(result.pages[0]!.thumbFile)).toEqual({ width: 160, height: 90 });
    const px = await pixels(result.pages[0]!.imageFile);
    expect(px(100, 360)).toEqual([255, 255, 255]);
    expect(px(1200, 360)).toEqual([255, 255, 255]);
  });

  it('centres an A4 landscape page between 196 and 197 px bars', async () => {
    const { result } = await importWithProgress({ source: { path: A4_FR }, outDir: freshDir(), background: '#000000' });
    expect(result.pages).toHaveLength(10);
    const px = await pixels(result.pages[0]!.imageFile);
    for (const y of [0, 540, 1079]) {
      expect(px(195, y)).toEqual([0, 0, 0]);
      expect(px(1723, y)).toEqual([0, 0, 0]);
    }
    let pageColumns = 0;
    for (let x = 196; x < 1723; x++) if ([100, 540, 900].some((y) => px(x, y).some((c) => c > 40))) pageColumns++;
    expect(pageColumns).toBeGreaterThan(1500);
    expect(promptLines(result).join(' ')).toMatch(/chaînées/u);
  });

  it('passes mojibake through untouched and drops the footer repeated on every page (beamer-like, no ToUnicode)', async () => {
    const { result } = await importWithProgress({ source: { path: BEAMER_LIKE_FR }, outDir: freshDir(), width: 640, height: 360 });
    expect(result.pages).toHaveLength(34);
    const page3 = result.pages[2]!.prompt;
    expect(page3).toContain('L’Ã©tÃ©, c’est gÃ©nial');
    expect(page3).toContain('L’ÈtÈ, c’est gÈnial');
    expect(page3).toContain('Problèmes de codages');
    expect(page3).not.toContain('A. Martin');
    expect(result.pages[0]!.prompt.split('\n')).toContain('A. Martin');
    expect(result.pages[3]!.prompt.split('\n')).toContain('des caractères de contrôle, presque tous obsolètes.');
  });
});

describe('PDF import cleans the prompter with the PDF’s own structure', () => {
  it('drops symbol-font ▶ markers and footnote marks, writes exponents, joins wrapped lines and leaves code tables out (beamer-like deck)', async () => {
    const result = await importPdf({ source: { path: BEAMER_LIKE_FR }, outDir: freshDir(), width: 320, height: 180, thumbWidth: 32 });
    const page = (n: number): string[] => result.pages.find((p) => p.pageNumber === n)!.prompt.split('\n');
    const all = promptLines(result);
    // ▶ from the AMS symbol font (extracted as "I"), smaller than the text (page 4) and nearly its size (page 6).
    expect(all.filter((l) => /^I /u.test(l))).toEqual([]);
    expect(page(4)).toEqual(expect.arrayContaining(['des caractères de contrôle, presque tous obsolètes.', 'les lettres minuscules.']));
    expect(page(6)).toEqual(['Les caractères de contrôle', 'Ils pilotaient les télétypes et les imprimantes.', 'NUL : termine une chaîne dans bien des langages.', 'BEL ou ^G : fait sonner le terminal !', 'LF et CR : voir plus loin.']);
    // A table of control codes: no cell became a sentence, and the page says a table was left out.
    expect(page(5)).toEqual(['Table des caractères de contrôle', 'Les 32 premiers codes ne s’affichent pas.']);
    expect(result.pages[4]!.omittedTables).toEqual([{ rows: 4, columns: 8 }]);
    expect(result.pages.filter((p) => p.omittedTables.length > 0).map((p) => p.pageNumber)).toEqual([5]);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'PDF_TABLES_LEFT_OUT', details: { pages: [5], pageList: '5' } })]);
    // "LATIN CAPITAL" / "LETTER A": one sentence.
    expect(page(7)[1]).toBe('Par exemple, le caractère U+0041 s’appelle LATIN CAPITAL LETTER A et se dessine A, comme U+0391 qui s’appelle GREEK CAPITAL LETTER ALPHA.');
    expect(page(8)).toContain('Unicode est divisé en 17 plans de 2¹⁶ caractères.');
    expect(page(9)).toEqual(['Faut-il migrer vers Unicode ?', 'Oui', 'Tout de suite, si le parc de fichiers est petit.', 'Un avis qui reste à mettre en pratique !']);
  });

  it('keeps marker-led list items apart in the real decks, and joins prose wrapped before a capital', async () => {
    const a4 = await importPdf({ source: { path: A4_FR }, outDir: freshDir(), width: 320, height: 180, thumbWidth: 32 });
    const page8 = a4.pages[7]!.prompt.split('\n');
    expect(page8).toEqual(expect.arrayContaining(['Pile d’appel des algorithmes récursifs', 'Mémorisation des pages web visitées', 'Annulation de la frappe']));
    // The stack diagram's labels are left out, and the import says so.
    expect(page8.filter((l) => /^(?:Element \d|Tête|Queue)/u.test(l))).toEqual([]);
    expect(a4.pages[7]!.omittedLabels).toBeGreaterThanOrEqual(5);
    expect(a4.warnings).toEqual([expect.objectContaining({ code: 'PDF_TABLES_LEFT_OUT', details: expect.objectContaining({ pages: expect.arrayContaining([8]) }) })]);
    const metropolis = await importPdf({ source: { path: METROPOLIS_4x3 }, outDir: freshDir(), width: 320, height: 180, thumbWidth: 32 });
    const lines = promptLines(metropolis);
    expect(lines).toContain('If for example you typeset your presentation with pdfTeX and the Computer Modern Sans Serif font, every text in smallcaps will be typeset with the Computer Modern Serif font instead.');
    expect(lines).toEqual(expect.arrayContaining(['Monospace Italic', 'Monospace Bold']));
  });
});

describe('PDF import of sticky notes', () => {
  it('uses a page’s sticky notes as its prompt instead of the page text', async () => {
    const file = path.join(root, 'sticky.pdf');
    writeFileSync(
      file,
      handmadePdf(
        [
          { width: 800, height: 450, texts: [{ x: 50, y: 380, size: 32, text: 'Printed title that is not read' }], stickyNotes: ['Bonjour à tous. Présentez-vous d’abord !', 'Puis lancez la démo.'] },
          { width: 800, height: 450, texts: [{ x: 50, y: 380, size: 32, text: 'Second page title' }, { x: 50, y: 300, size: 20, text: 'The body says hello. And goodbye.' }] },
        ],
        { title: 'Notes' },
      ),
    );
    const result = await importPdf({ source: { path: file }, outDir: freshDir(), workers: 1 });
    expect(result.title).toBe('Notes');
    expect(result.pages.map((p) => p.prompt)).toEqual(['Bonjour à tous.\nPrésentez-vous d’abord !\nPuis lancez la démo.', 'Second page title\nThe body says hello.\nAnd goodbye.']);
    expect(pngSize(result.pages[0]!.imageFile)).toEqual({ width: 1920, height: 1080 });
  });
});

describe('PDF import of rotated pages', () => {
  it('renders a /Rotate 90 page upright, letterboxed as a portrait page, and reads its text', async () => {
    const file = path.join(root, 'rotated.pdf');
    writeFileSync(
      file,
      handmadePdf([
        {
          width: 800,
          height: 450,
          rotate: 90,
          texts: [
            { x: 60, y: 40, size: 30, text: 'Rotated slide title', alongY: true },
            { x: 110, y: 40, size: 20, text: 'It reads like any other page.', alongY: true },
            { x: 700, y: 40, size: 12, text: 'Sideways on screen, left out', alongY: false },
          ],
        },
      ]),
    );
    const result = await importPdf({ source: { path: file }, outDir: freshDir(), background: '#000000', workers: 1 });
    expect(result.pages[0]!.prompt).toBe('Rotated slide title\nIt reads like any other page.');
    const px = await pixels(result.pages[0]!.imageFile);
    // Displayed 450 x 800 pt: 608 px wide at 1080 px high, centred (656 px black bars on each side).
    expect(px(655, 540)).toEqual([0, 0, 0]);
    expect(px(660, 540)).toEqual([255, 255, 255]);
    expect(px(1259, 540)).toEqual([255, 255, 255]);
    expect(px(1265, 540)).toEqual([0, 0, 0]);
  });
});

describe('PDF import of bad input leaves the output folder as it was', () => {
  it('asks for the password of an encrypted PDF, refuses a wrong one, and imports with the right one', async () => {
    const encrypted = path.join(root, 'encrypted.pdf');
    execFileSync('qpdf', ['--encrypt', 'letmein', 'owner-secret', '256', '--', NOTES, encrypted]);
    const outDir = freshDir(true);
    const needs = await failure({ source: { path: encrypted }, outDir, workers: 1 });
    expect(needs.code).toBe('PDF_ENCRYPTED');
    expect(needs.details).toEqual({ needsPassword: true });
    expect(readdirSync(outDir)).toEqual(['keep.txt']);
    const wrong = await failure({ source: { path: encrypted }, outDir, password: 'guess', workers: 1 });
    expect(wrong.code).toBe('PDF_BAD_PASSWORD');
    expect(readdirSync(outDir)).toEqual(['keep.txt']);
    const result = await importPdf({ source: { path: encrypted }, outDir, password: 'letmein', workers: 1 });
    expect(result.pages).toHaveLength(4);
    expect(result.pages[2]!.prompt).toContain('A very simple note to appear on the note page.');
  });

  it('calls a truncated file corrupt', async () => {
    const whole = readFileSync(DE_16x9);
    const outDir = freshDir();
    const error = await failure({ source: { bytes: whole.subarray(0, Math.floor(whole.length * 0.6)) }, outDir, workers: 1 });
    expect(error.code).toBe('PDF_CORRUPT');
    expect(existsSync(outDir)).toBe(false);
  });

  it('calls a text file renamed .pdf not a PDF, and a missing file not found', async () => {
    const fake = path.join(root, 'notes.pdf');
    writeFileSync(fake, 'These are my lecture notes, not a PDF.\n');
    const outDir = freshDir(true);
    expect((await failure({ source: { path: fake }, outDir })).code).toBe('PDF_NOT_PDF');
    expect((await failure({ source: { path: path.join(root, 'nowhere.pdf') }, outDir })).code).toBe('PDF_NOT_FOUND');
    expect(readdirSync(outDir)).toEqual(['keep.txt']);
  });

  it('calls a PDF with zero pages empty', async () => {
    const outDir = freshDir(true);
    const error = await failure({ source: { bytes: handmadePdf([]) }, outDir, workers: 1 });
    expect(error.code).toBe('PDF_EMPTY');
    expect(readdirSync(outDir)).toEqual(['keep.txt']);
  });

  it('refuses more pages than the limit, saying how many', async () => {
    const outDir = freshDir();
    const error = await failure({ source: { path: NOTES }, outDir, maxPages: 3, workers: 1 });
    expect(error.code).toBe('PDF_TOO_MANY_PAGES');
    expect(error.details).toEqual({ pageCount: 6, limit: 3 });
    expect(existsSync(outDir)).toBe(false);
  });

  it('says when the output folder cannot be created', async () => {
    const file = path.join(root, 'a-file');
    writeFileSync(file, 'not a folder');
    const error = await failure({ source: { path: NOTES }, outDir: path.join(file, 'slides'), workers: 1 });
    expect(error.code).toBe('PDF_WRITE_FAILED');
    expect(error.details).toMatchObject({ errno: 'ENOTDIR' });
  });

  it('fails with PDF_TOO_LARGE, not a crash, when a render thread runs out of memory', async () => {
    const outDir = freshDir(true);
    const error = await failure({ source: { path: NOTES }, outDir, workers: 1, workerHeapMb: 4 });
    expect(error.code).toBe('PDF_TOO_LARGE');
    expect(error.details).toEqual({ limitMb: 4 });
    expect(readdirSync(outDir)).toEqual(['keep.txt']);
  });

  it('rejects a background that is not a colour', async () => {
    expect((await failure({ source: { path: NOTES }, outDir: freshDir(), background: 'url(x)' })).code).toBe('BAD_ARGS');
  });

  it('stops when cancelled part-way, removing every slide it wrote', async () => {
    const outDir = freshDir(true);
    const controller = new AbortController();
    const seen: number[] = [];
    const error = await failure({
      source: { path: DE_16x9 },
      outDir,
      workers: 2,
      signal: controller.signal,
      onProgress: (done) => {
        seen.push(done);
        if (done === 3) controller.abort();
      },
    });
    expect(error.code).toBe('CANCELLED');
    expect(Math.max(...seen)).toBeLessThan(30);
    expect(readdirSync(outDir)).toEqual(['keep.txt']);
    const before = freshDir();
    expect((await failure({ source: { path: DE_16x9 }, outDir: before, signal: AbortSignal.abort() })).code).toBe('CANCELLED');
    expect(existsSync(before)).toBe(false);
  });

  it('reports DISK_FULL when the disk fills up, and leaves nothing behind', () => {
    // A 400 KB tmpfs in a private mount namespace: room for a slide or two of the 16:9 deck, not 30.
    // Unprivileged user namespaces first; CI runners that forbid them have password-less sudo instead.
    const mountDir = path.join(root, 'tiny-disk');
    mkdirSync(mountDir);
    const namespace = [
      ['unshare', '-rm'],
      ['sudo', '-n', 'unshare', '-m'],
    ].find((prefix) => spawnSync(prefix[0]!, [...prefix.slice(1), 'true']).status === 0);
    if (!namespace) {
      // No way to mount a small disk here: check the same mapping on a real ENOSPC from /dev/full.
      let enospc: unknown;
      try {
        writeFileSync('/dev/full', new Uint8Array(4096));
      } catch (error) {
        enospc = error;
      }
      expect(pageFailure(enospc, 1).code).toBe('DISK_FULL');
      return;
    }
    const script = path.join(repoRoot, 'tests/support/pdfImportDiskFull.ts');
    const run = spawnSync(
      namespace[0]!,
      [...namespace.slice(1), 'sh', '-c', 'mount -t tmpfs -o size=400k none "$1" && exec "$2" --import tsx "$3" "$4" "$1"', 'sh', mountDir, process.execPath, script, DE_16x9],
      { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout) as { code: string; message: string; left: string[] };
    expect(outcome.code).toBe('DISK_FULL');
    expect(outcome.message).toMatch(/disk is full/i);
    expect(outcome.left).toEqual([]);
  });
});
