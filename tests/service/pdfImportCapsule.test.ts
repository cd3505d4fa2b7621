// Runs in Node (service test). A PDF imported into the library gets sensible defaults from the PDF itself:
// its title (or the first slide's), one grain per outline section, and the teacher can still split and merge.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/log';
import { createStudio, type Studio } from '../../src/main/studio';
import { SECTIONS, writeBeamerLikePdf } from '../support/beamerLikePdf';
import { fixturesDir, tempDir } from '../support/tempDir';

const quiet = createLogger(() => undefined);
let studio: Studio | null = null;
afterEach(async () => {
  await studio?.close();
  studio = null;
});

async function openStudio(): Promise<Studio> {
  studio = await createStudio({ libraryDir: tempDir(), binding: 'cli', log: quiet });
  return studio;
}

describe('a PDF imported as a capsule', () => {
  it('is named after its first slide when the PDF has no title, with one grain per beamer section', async () => {
    const s = await openStudio();
    const deck = writeBeamerLikePdf(tempDir());
    const capsule = await s.calls.createCapsuleFromPdf({ source: { path: deck } });
    expect(capsule.title).toBe('Les codages de caractères');
    expect(capsule.grains.map((g) => g.title)).toEqual(['', ...SECTIONS]);
    expect(capsule.grains.map((g) => g.slides.map((slide) => slide.pageNumber))).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
      [7],
      [8],
      Array.from({ length: 26 }, (_, i) => i + 9),
    ]);

    // The suggestion is only a start: split a section and merge it back.
    const migration = capsule.grains[5]!;
    let edited = await s.calls.splitGrainAt(migration.slides[3]!.id);
    expect(edited.grains.map((g) => g.slides.length)).toEqual([2, 2, 2, 1, 1, 3, 23]);
    expect(edited.grains.map((g) => g.title)).toEqual(['', ...SECTIONS, '']);
    edited = await s.calls.mergeGrainWithPrevious(edited.grains[6]!.id);
    expect(edited.grains.map((g) => g.slides.length)).toEqual([2, 2, 2, 1, 1, 26]);
    edited = await s.calls.mergeGrainWithPrevious(edited.grains[1]!.id);
    expect(edited.grains.map((g) => [g.title, g.slides.length])).toEqual([
      ['', 4],
      ['ASCII', 2],
      ['ISO 8859-1', 1],
      ['Unicode', 1],
      ['Migration', 26],
    ]);
  });

  it('takes the PDF’s own title and outline (metropolis), and skips a placeholder title and made-up bookmark names (impress A4)', async () => {
    const s = await openStudio();
    const metropolis = await s.calls.createCapsuleFromPdf({ source: { path: path.join(fixturesDir, 'pdf', 'beamer-4x3_metropolis-demo.pdf') } });
    expect(metropolis.title).toBe('Metropolis - A modern beamer theme');
    expect(metropolis.grains.map((g) => g.title)).toEqual(['', 'Introduction', 'Titleformats', 'Elements', 'Conclusion']);
    expect(metropolis.grains.flatMap((g) => g.slides)).toHaveLength(31);

    const a4 = await s.calls.createCapsuleFromPdf({ source: { path: path.join(fixturesDir, 'pdf', 'impress-export-a4landscape-fr_listes-piles-files.pdf') } });
    expect(a4.title).not.toBe('A4');
    expect(a4.title).toMatch(/chaînées/u);
    expect(a4.grains).toHaveLength(10);
    expect(a4.grains.every((g) => g.title === '')).toBe(true);
  });

  it('keeps the title the teacher typed', async () => {
    const s = await openStudio();
    const capsule = await s.calls.createCapsuleFromPdf({ source: { path: path.join(fixturesDir, 'pdf', 'beamer-notes-pages_pandoc-beamer-notes.pdf') }, title: 'Mes notes' });
    expect(capsule.title).toBe('Mes notes');
    expect(capsule.grains).toHaveLength(4);
  });
});
