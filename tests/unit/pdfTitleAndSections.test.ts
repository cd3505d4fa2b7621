// Runs in Node (test). A capsule's default title and suggested grains from the PDF: its title unless a tool
// made it up, else the first slide's title; one grain per outline section, as the fixture decks have them.
import { describe, expect, it } from 'vitest';
import { suggestGrains } from '../../src/shared/logic/pdfSections';
import { capsuleTitle, firstSlideTitle, isPlaceholderTitle } from '../../src/shared/logic/pdfTitle';
import type { TextLine } from '../../src/shared/logic/pdfTextLines';

const line = (text: string, y: number, size: number): TextLine => ({ text, x: 20, y, size });

describe('capsule title', () => {
  it('takes the PDF’s title unless a tool wrote a placeholder (impress A4 deck: "A4")', () => {
    expect(capsuleTitle('Metropolis - A modern beamer theme', 'Metropolis', 'demo.pdf')).toBe('Metropolis - A modern beamer theme');
    for (const placeholder of ['A4', 'Untitled', 'Présentation PowerPoint', 'Microsoft PowerPoint - cours.pptx', 'cours.tex', 'Diapositive 1']) {
      expect(isPlaceholderTitle(placeholder)).toBe(true);
    }
    expect(capsuleTitle('A4', 'Les listes chaînées', 'cours.pdf')).toBe('Les listes chaînées');
  });

  it('falls back on the first slide’s title, then on the file name without .pdf', () => {
    expect(capsuleTitle('', 'Les codages de caractères', 'beamer-like-fr_codages.pdf')).toBe('Les codages de caractères');
    expect(capsuleTitle(null, null, 'cours-1.PDF')).toBe('cours-1');
  });

  it('reads the first slide’s title as its largest text, over two lines when set so, never a footer', () => {
    // beamer-like page 1: 17.2 pt title, 12 pt subtitle, 10.9 pt author.
    expect(firstSlideTitle([line('Les codages de caractères', 180, 17.2), line('ASCII, latin-1, UTF-8', 160, 12), line('A. Martin', 120, 10.9)])).toBe(
      'Les codages de caractères',
    );
    expect(firstSlideTitle([line('3/30', 250, 8), line('La programmation', 300, 40), line('orientée objet', 255, 40), line('NSI', 100, 20)])).toBe('La programmation orientée objet');
    expect(firstSlideTitle([line('12', 10, 30)])).toBeNull();
  });
});

describe('suggested grains', () => {
  it('makes one grain per section, the pages before the first section in a grain of their own (beamer-like deck)', () => {
    const pages = Array.from({ length: 12 }, (_, i) => i + 1);
    const sections = [
      { title: 'Introduction', pageNumber: 3 },
      { title: 'ASCII', pageNumber: 5 },
      { title: 'Unicode', pageNumber: 8 },
      { title: 'Migration', pageNumber: 9 },
    ];
    expect(suggestGrains(pages, sections)).toEqual([
      { title: '', pageNumbers: [1, 2] },
      { title: 'Introduction', pageNumbers: [3, 4] },
      { title: 'ASCII', pageNumbers: [5, 6, 7] },
      { title: 'Unicode', pageNumbers: [8] },
      { title: 'Migration', pageNumbers: [9, 10, 11, 12] },
    ]);
  });

  it('skips note pages that were folded into their slide, and empty sections', () => {
    // Slides 1, 2, 3, 5 (4 and 6 were note pages); two sections start on page 3.
    expect(suggestGrains([1, 2, 3, 5], [
      { title: 'A', pageNumber: 1 },
      { title: 'Empty', pageNumber: 3 },
      { title: 'B', pageNumber: 3 },
    ])).toEqual([
      { title: 'A', pageNumbers: [1, 2] },
      { title: 'B', pageNumbers: [3, 5] },
    ]);
  });

  it('keeps one grain per slide without an outline, with a single section, and drops made-up bookmark names (impress A4: "Diapo 1…")', () => {
    expect(suggestGrains([1, 2, 3], [])).toEqual([1, 2, 3].map((p) => ({ title: '', pageNumbers: [p] })));
    expect(suggestGrains([1, 2, 3], [{ title: 'Only', pageNumber: 1 }])).toHaveLength(3);
    expect(suggestGrains([1, 2, 3], [1, 2, 3].map((p) => ({ title: `Diapo ${p}`, pageNumber: p })))).toEqual([1, 2, 3].map((p) => ({ title: '', pageNumbers: [p] })));
  });
});
