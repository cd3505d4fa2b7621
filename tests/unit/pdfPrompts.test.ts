// Runs in Node (test). Deck-level prompter text: beamer note pages, overlays, sticky notes, footers.
import { describe, expect, it } from 'vitest';
import { detectBeamerNotePage } from '../../src/shared/logic/beamerNotes';
import { buildSlidePrompts, type PageText } from '../../src/shared/logic/pdfPrompts';
import type { PdfTextItem, TextLine } from '../../src/shared/logic/sentences';

function item(str: string, x: number, y: number, size: number, horizontal = true): PdfTextItem {
  return { str, x, y, size, width: str.length * size * 0.5, hasEOL: false, horizontal };
}

// beamer-notes-pages fixture, page 3 (the slide) and page 4 (its note page), as pdf.js 5.6 gives them (y up).
const slide3 = [
  item('The plain LaTeX way', 8.5, 251.1, 14.3),
  item('The second slide contains latex notes like this:', 28, 161.4, 10.9),
  item('\\note{A very simple note to appear on the note page.}', 28.3, 129.9, 10.9),
];
const notePage4 = [
  item('The plain LaTeX way', 274.3, 266.9, 3.6),
  item('The second slide contains latex notes like this:', 279.1, 244.4, 2.7),
  item('\\note{A very simple note to appear on the note page.}', 279.2, 236.6, 2.7),
  item('2017-03-01', 22.7, 209.5, 9, false),
  item('pandoc-beamer-notes', 28.3, 254.2, 10),
  item('The plain LaTeX way', 69.1, 218.4, 10),
  item('A very simple note to appear on the note page.', 28, 176.1, 10),
];

describe('detectBeamerNotePage', () => {
  it('finds the reduced copy of the previous slide and keeps only the note below it', () => {
    const match = detectBeamerNotePage(slide3, notePage4, { previous: '3', current: '4', pageNumber: 4 });
    expect(match).not.toBeNull();
    expect(match!.scale).toBeCloseTo(0.25, 1);
    expect(match!.copyBottom).toBeGreaterThan(200);
    expect(match!.copyBottom).toBeLessThan(210);
    expect(match!.noteItems.map((i) => i.str)).toEqual(['A very simple note to appear on the note page.']);
  });

  it('does not take an ordinary next slide, or an overlay step, for a note page', () => {
    const nextSlide = [item('Markdown in notes in LaTeX', 8.5, 251.1, 14.3), item('Markdown can also be used inside notes:', 28.3, 182.5, 10.9)];
    expect(detectBeamerNotePage(slide3, nextSlide)).toBeNull();
    const overlayStep = [...slide3, item('Now this', 40, 120, 10.9)];
    expect(detectBeamerNotePage(slide3, overlayStep)).toBeNull();
    expect(detectBeamerNotePage([], notePage4)).toBeNull();
    // beamer-16x9-de pages 10 and 11: a section page whose only words come back smaller as the next slide's heading.
    const sectionPage = [item('Penroses Beweis', 133.9, 131.1, 24.8)];
    const nextSlideOfSection = [item('4. Penroses Beweis', 12, 240.4, 12), item('Penroses Beweis', 193.2, 223.9, 10), item('Indizierung aller Algorithmen', 51.8, 174.6, 12)];
    expect(detectBeamerNotePage(sectionPage, nextSlideOfSection, { previous: '10', current: '11', pageNumber: 11 })).toBeNull();
  });

  it('refuses a page whose label is a frame number rather than its own page number', () => {
    // Slide labels are beamer frame numbers: page 5 labelled "4" is a slide, whatever its text.
    expect(detectBeamerNotePage(slide3, notePage4, { previous: '3', current: '4', pageNumber: 5 })).toBeNull();
  });
});

const line = (text: string, y = 200, size = 12): TextLine => ({ text, x: 20, y, size });
function page(pageNumber: number, lines: TextLine[], extra: Partial<PageText> = {}): PageText {
  return { pageNumber, label: String(pageNumber), lines, stickyNotes: [], isNotesPage: false, ...extra };
}

describe('buildSlidePrompts', () => {
  it('appends a note page to the previous slide in attach mode, and keeps it as a slide in slides mode', () => {
    const pages = [
      page(1, [line('Title slide')]),
      page(2, [line('Second slide. It has two sentences.')]),
      page(3, [line('Speaker note for slide two.')], { isNotesPage: true }),
      page(4, [line('Third slide')], { label: '3' }),
    ];
    const attached = buildSlidePrompts(pages, 'attach');
    expect(attached.map((s) => s.pageNumber)).toEqual([1, 2, 4]);
    expect(attached[1]).toEqual({
      pageNumber: 2,
      prompt: 'Second slide.\nIt has two sentences.\nSpeaker note for slide two.',
      isNotesPage: false,
      attachedNotePages: [3],
    });
    const kept = buildSlidePrompts(pages, 'slides');
    expect(kept.map((s) => [s.pageNumber, s.isNotesPage, s.prompt])).toEqual([
      [1, false, 'Title slide'],
      [2, false, 'Second slide.\nIt has two sentences.'],
      [3, true, 'Speaker note for slide two.'],
      [4, false, 'Third slide'],
    ]);
  });

  it('keeps a note page that has no slide before it as a slide', () => {
    const slides = buildSlidePrompts([page(1, [line('Orphan note')], { isNotesPage: true })], 'attach');
    expect(slides).toEqual([{ pageNumber: 1, prompt: 'Orphan note', isNotesPage: true, attachedNotePages: [] }]);
  });

  it('gives each overlay step only the sentences the previous step did not have', () => {
    // beamer-4x3_metropolis-demo pages 15-18 all carry label "15".
    const title = line('Animation', 253, 12);
    const pages = [
      page(14, [line('Before')], { label: '14' }),
      page(15, [title, line('This is important', 143, 10)], { label: '15' }),
      page(16, [title, line('This is important', 143, 10), line('Now this', 126, 10)], { label: '15' }),
      page(17, [title, line('This is important', 143, 10), line('Now this', 126, 10), line('And now this', 110, 10)], { label: '15' }),
      page(18, [title, line('This is really important', 143, 10), line('Now this', 126, 10), line('And now this', 110, 10)], { label: '15' }),
      page(19, [title, line('Next slide', 143, 10)], { label: '16' }),
    ];
    const prompts = buildSlidePrompts(pages).map((s) => s.prompt);
    expect(prompts).toEqual(['Before', 'Animation\nThis is important', 'Now this', 'And now this', 'This is really important', 'Animation\nNext slide']);
  });

  it('lets sticky notes replace the page text, one sentence a line', () => {
    const pages = [page(1, [line('Printed title')], { stickyNotes: ['Bonjour à tous. Présentez-vous !\nPuis lancez la démo.'] }), page(2, [line('Page two')])];
    expect(buildSlidePrompts(pages).map((s) => s.prompt)).toEqual(['Bonjour à tous.\nPrésentez-vous !\nPuis lancez la démo.', 'Page two']);
  });

  it('drops a footer repeated on most slides', () => {
    const footer = line('Université — Cours 1', 10, 6);
    const pages = [1, 2, 3, 4, 5].map((n) => page(n, [line(`Slide ${n} title`), footer], { label: null }));
    expect(buildSlidePrompts(pages).map((s) => s.prompt)).toEqual(['Slide 1 title', 'Slide 2 title', 'Slide 3 title', 'Slide 4 title', 'Slide 5 title']);
  });
});
