// Runs in Node (test tooling). Writes a French beamer-like deck by hand (raw PDF, exact xref offsets): it
// stands in for a 2006 LaTeX beamer deck whose licence does not allow shipping it, and reproduces what the
// importer must cope with in such decks: Type 1 fonts without ToUnicode (text comes from glyph names),
// ▶ list markers drawn from an AMS symbol font (code 0x49, so they extract as "I"), footnote marks and
// exponents set smaller on a raised baseline, lines wrapped before a capital, a table of short cells,
// beamer navigation and footers repeated on every page, an outline with one entry per section, and an
// empty /Title in the Info dictionary (beamer with hyperref writes one when \title is not passed on).
// The text is ours; only the layout mimics beamer's default theme (4:3, 362.835 x 272.126 pt).
import { pdfFromObjects } from './handmadePdf';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

type FontKey = 'sans' | 'bold' | 'mono' | 'symbol';

interface Run {
  x: number;
  /** Baseline, PDF user space (y up). */
  y: number;
  size: number;
  font: FontKey;
  text: string;
}

interface DeckPage {
  runs: Run[];
  /** Starts this outline section (beamer's \section). */
  section?: string;
}

export interface BeamerLikeOptions {
  /** Pages of filler text appended after the built-in 34 (a longer import for progress and cancel tests). */
  extraPages?: number;
  /** Info /Title; beamer-like default is the empty string. */
  title?: string;
}

export const BEAMER_LIKE_NAME = 'beamer-like-fr_codages.pdf';
export const PAGE_WIDTH = 362.835;
export const PAGE_HEIGHT = 272.126;
export const SECTIONS = ['Introduction', 'ASCII', 'ISO 8859-1', 'Unicode', 'Migration'] as const;
export const AUTHOR_LINE = 'A. Martin';
export const DECK_TITLE = 'Les codages de caractères';

/** Advance widths in 1/1000 em, shared by the /Widths arrays and by the layout below. */
function glyphWidth(font: FontKey, c: string): number {
  if (font === 'symbol') return 778;
  if (font === 'mono') return 525;
  if (c === ' ') return 333;
  if ('iljtf.,:;!’\'|()[]'.includes(c)) return 278;
  if ('mwMW%'.includes(c)) return 833;
  if (/[A-ZÀ-ÞŒ]/u.test(c)) return 667;
  return 556;
}

export function textWidth(font: FontKey, text: string, size: number): number {
  let w = 0;
  for (const c of text) w += glyphWidth(font, c);
  return (w * size) / 1000;
}

/** Windows-1252 bytes of the characters the deck uses (WinAnsiEncoding: glyph names, no ToUnicode). */
const CP1252_EXTRA: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‰': 0x89, 'Œ': 0x8c, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, 'œ': 0x9c };
function cp1252(text: string): number[] {
  return [...text].map((c) => {
    const code = c.codePointAt(0)!;
    if (code >= 0x20 && code <= 0x7e) return code;
    if (code >= 0xa0 && code <= 0xff) return code;
    const extra = CP1252_EXTRA[c];
    if (extra === undefined) throw new Error(`beamerLikePdf: no WinAnsi code for ${c}`);
    return extra;
  });
}

function literal(bytes: number[]): string {
  return bytes.map((b) => (b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b < 0x20 || b > 0x7e ? `\\${b.toString(8).padStart(3, '0')}` : String.fromCharCode(b))).join('');
}

// ---- layout helpers (beamer's default theme, 4:3) ----
const TITLE = { x: 8.5, y: 221.4, size: 14.3 };
const BODY_X = 28.3;
const BULLET_X = 38.1;
const ITEM_X = 50.2;
const BODY_SIZE = 10.9;
const LEADING = 13.5;

const title = (text: string): Run => ({ ...TITLE, font: 'sans', text });
const body = (text: string, y: number, x = BODY_X, size = BODY_SIZE): Run => ({ x, y, size, font: 'sans', text });

/** A ▶ item: the marker glyph "I" of the AMS symbol font, 8 pt on a slightly raised baseline, then the text. */
function item(text: string, y: number, size = BODY_SIZE): Run[] {
  return [{ x: BULLET_X, y: y + 1.2, size: 8, font: 'symbol', text: 'I' }, body(text, y, ITEM_X, size)];
}

/** Words on lines that fill the text width (beamer's ragged right), the way TeX breaks a paragraph. */
function paragraph(text: string, top: number, x = BODY_X, size = BODY_SIZE, right = 334.5): { runs: Run[]; bottom: number } {
  const runs: Run[] = [];
  let line = '';
  let y = top;
  for (const word of text.split(' ')) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && x + textWidth('sans', candidate, size) > right) {
      runs.push(body(line, y, x, size));
      y -= LEADING;
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) runs.push(body(line, y, x, size));
  return { runs, bottom: y };
}

function navigation(): Run[] {
  // beamer's mini-frame navigation: the section names stacked at the top, in 6 pt bold.
  return SECTIONS.map((name, i) => ({ x: 181.4 - textWidth('bold', name, 6) / 2, y: 266.1 - 6.5 * i, size: 6, font: 'bold' as const, text: name }));
}

function footer(): Run[] {
  return [
    { x: 146.3, y: 3, size: 6, font: 'bold', text: AUTHOR_LINE },
    { x: 189.9, y: 3, size: 6, font: 'bold', text: `${DECK_TITLE} ASCII, latin-1, UTF-8` },
  ];
}

const FILLER = [
  'Un texte est une suite de caractères, et chaque caractère reçoit un numéro.',
  'Le fichier ne contient que ces numéros, jamais les lettres elles-mêmes.',
  'Pour relire un texte, il faut donc connaître la table qui a servi à l’écrire.',
  'Quand deux logiciels utilisent des tables différentes, les accents se brouillent.',
];

function fillerPage(heading: string, n: number): DeckPage {
  const first = paragraph(`${FILLER[n % FILLER.length]} ${FILLER[(n + 1) % FILLER.length]}`, 190);
  const second = paragraph(FILLER[(n + 2) % FILLER.length]!, first.bottom - 25.5);
  return { runs: [title(heading), ...first.runs, ...second.runs] };
}

/**
 * The 34 pages; the numbers in comments are the physical page numbers tests refer to. Outline sections:
 * Introduction (3–4), ASCII (5–6), ISO 8859-1 (7), Unicode (8), Migration (9–34); pages 1–2 come before.
 */
function deckPages(extraPages: number): DeckPage[] {
  const pages: DeckPage[] = [];
  // 1: title page (no navigation, no footer: beamer's plain title frame).
  pages.push({
    runs: [
      { x: 95, y: 180, size: 17.2, font: 'sans', text: DECK_TITLE },
      { x: 110, y: 160, size: 12, font: 'sans', text: 'ASCII, latin-1, UTF-8' },
      { x: 158, y: 120, size: 10.9, font: 'sans', text: AUTHOR_LINE },
      { x: 120, y: 100, size: 9, font: 'sans', text: 'Journée des informaticiens, 2024' },
    ],
  });
  // 2: the plan, in three lines.
  const plan = ['Introduction et table ASCII', 'ISO 8859-1, puis Unicode', 'Comment migrer ses fichiers'];
  pages.push({ runs: [title('Plan'), ...plan.map((line, i) => body(line, 190 - 16 * i, 40))] });
  // 3: mojibake that must reach the prompter unchanged.
  pages.push({
    section: 'Introduction',
    runs: [
      title('Problèmes de codages'),
      ...paragraph('Un courriel traverse des serveurs très différents et arrive pourtant lisible chez son destinataire.', 190).runs,
      body('Sauf que parfois la phrase', 150),
      body('L’été, c’est génial', 136, 120),
      body('devient', 122),
      body('L’ÈtÈ, c’est gÈnial', 108, 120),
      body('ou même', 94),
      body('L’Ã©tÃ©, c’est gÃ©nial', 80, 120),
    ],
  });
  // 4: ▶ items whose marker is smaller than the text.
  pages.push({
    runs: [
      title('Au début était l’ASCII'),
      ...paragraph('La table ASCII range 128 caractères en quatre groupes de 32.', 190).runs,
      ...item('des caractères de contrôle, presque tous obsolètes.', 160),
      ...item('les chiffres et la ponctuation.', 142),
      ...item('les lettres majuscules.', 124),
      ...item('les lettres minuscules.', 106),
    ],
  });
  // 5: a table of short cells (control codes), 8 columns x 4 rows.
  const codes = [
    ['NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL'],
    ['BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI'],
    ['DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB'],
    ['CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US'],
  ];
  pages.push({
    section: 'ASCII',
    runs: [
      title('Table des caractères de contrôle'),
      ...codes.flatMap((row, r) => row.map((code, c) => ({ x: 75.5 + 30 * c - textWidth('sans', code, 9) / 2, y: 198.8 - 11.4 * r, size: 9, font: 'sans' as const, text: code }))),
      body('Les 32 premiers codes ne s’affichent pas.', 130),
    ],
  });
  // 6: ▶ items at the text's own size (9 pt items, 8 pt marker: the size rule alone misses them).
  pages.push({
    runs: [
      title('Les caractères de contrôle'),
      ...paragraph('Ils pilotaient les télétypes et les imprimantes.', 195).runs,
      ...item('NUL : termine une chaîne dans bien des langages.', 172, 9),
      ...item('BEL ou ^G : fait sonner le terminal !', 157, 9),
      ...item('LF et CR : voir plus loin.', 142, 9),
    ],
  });
  // 7: a line wrapped before a capital ("LATIN CAPITAL / LETTER A").
  const wrapped = [
    body('Par exemple, le caractère U+0041 s’appelle LATIN CAPITAL', 180),
    body('LETTER A et se dessine A, comme U+0391 qui s’appelle', 166.5),
    body('GREEK CAPITAL LETTER ALPHA.', 153),
    body('Deux caractères, un seul dessin.', 127.5),
  ];
  pages.push({ section: 'ISO 8859-1', runs: [title('Caractères et glyphes'), ...wrapped] });
  // 8: an exponent set as a raised, smaller "16" after "2".
  const before = 'Unicode est divisé en 17 plans de';
  const two = BODY_X + textWidth('sans', `${before} `, BODY_SIZE);
  const sixteen = two + textWidth('sans', '2', BODY_SIZE);
  const after = sixteen + textWidth('sans', '16 ', 8);
  pages.push({
    section: 'Unicode',
    runs: [
      title('Les plans d’Unicode'),
      body(before, 194.9),
      body('2', 194.9, two),
      { x: sixteen, y: 198.8, size: 8, font: 'sans', text: '16' },
      body('caractères.', 194.9, after),
      body('Le premier plan couvre les langues modernes.', 167.8),
    ],
  });
  // 9: a footnote mark glued to a word, and the footnote at the bottom.
  pages.push({
    section: 'Migration',
    runs: [
      title('Faut-il migrer vers Unicode ?'),
      body('Oui', 183.2),
      { x: BODY_X + textWidth('sans', 'Oui', BODY_SIZE), y: 187.2, size: 8, font: 'sans', text: '1' },
      ...paragraph('Tout de suite, si le parc de fichiers est petit.', 157.7).runs,
      { x: 41.3, y: 17.8, size: 6, font: 'sans', text: '1' },
      { x: 44.9, y: 13.9, size: 9, font: 'sans', text: 'Un avis qui reste à mettre en pratique !' },
    ],
  });
  // 10-34 (and extra pages): ordinary text slides, in the Migration section.
  while (pages.length < 34 + extraPages) pages.push(fillerPage(`Conseil ${pages.length - 9}`, pages.length));
  // Every page but the title page carries beamer's navigation and footer.
  return pages.map((page, i) => (i === 0 ? page : { ...page, runs: [...navigation(), ...page.runs, ...footer()] }));
}

export function beamerLikePdf(options: BeamerLikeOptions = {}): Uint8Array {
  const pages = deckPages(options.extraPages ?? 0);
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesRoot = add('');
  const outlines = add('');
  const winAnsiFont = (name: string, key: FontKey): number => {
    const descriptor = add(`<< /Type /FontDescriptor /FontName /${name} /Flags 32 /FontBBox [-200 -250 1000 900] /ItalicAngle 0 /Ascent 750 /Descent -250 /CapHeight 700 /StemV 80 >>`);
    const widths = Array.from({ length: 224 }, (_, i) => glyphWidth(key, String.fromCharCode(i + 32 === 0x92 ? 0x2019 : i + 32))).join(' ');
    return add(`<< /Type /Font /Subtype /Type1 /BaseFont /${name} /FirstChar 32 /LastChar 255 /Widths [${widths}] /Encoding /WinAnsiEncoding /FontDescriptor ${descriptor} 0 R >>`);
  };
  const fonts: Record<FontKey, number> = {
    sans: winAnsiFont('SBZWSI+LMSans10-Regular', 'sans'),
    bold: winAnsiFont('SAAECR+LMSans10-Bold', 'bold'),
    mono: winAnsiFont('BWQNXJ+LMTypewriter10-Regular', 'mono'),
    // The AMS symbol font beamer takes its ▶ from: symbolic, no encoding, the glyph sits at code 0x49 ("I").
    symbol: add(
      `<< /Type /Font /Subtype /Type1 /BaseFont /RXKOYO+MSAM10 /FirstChar 73 /LastChar 73 /Widths [778] /FontDescriptor ${add(
        '<< /Type /FontDescriptor /FontName /RXKOYO+MSAM10 /Flags 4 /FontBBox [8 -463 1331 1003] /ItalicAngle 0 /Ascent 1003 /Descent -463 /CapHeight 700 /StemV 40 >>',
      )} 0 R >>`,
    ),
  };
  const fontResources = `<< ${(Object.keys(fonts) as FontKey[]).map((k) => `/${k} ${fonts[k]} 0 R`).join(' ')} >>`;
  const info = add(`<< /Title (${literal(cp1252(options.title ?? ''))}) /Creator (LaTeX with hyperref package) /Producer (beamerLikePdf) >>`);

  const kids: number[] = [];
  const sectionStarts: { title: string; page: number }[] = [];
  for (const page of pages) {
    const content = page.runs
      .map((run) => `BT /${run.font} ${run.size} Tf 1 0 0 1 ${run.x.toFixed(2)} ${run.y.toFixed(2)} Tm (${literal(cp1252(run.text))}) Tj ET`)
      .join('\n');
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    const pageRef = add(
      `<< /Type /Page /Parent ${pagesRoot} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font ${fontResources} >> /Contents ${stream} 0 R >>`,
    );
    kids.push(pageRef);
    if (page.section) sectionStarts.push({ title: page.section, page: pageRef });
  }
  const entries = sectionStarts.map(() => add(''));
  sectionStarts.forEach((section, i) => {
    const links = [i > 0 ? `/Prev ${entries[i - 1]} 0 R` : '', i < entries.length - 1 ? `/Next ${entries[i + 1]} 0 R` : ''].join(' ');
    objects[entries[i]! - 1] = `<< /Title (${literal(cp1252(section.title))}) /Parent ${outlines} 0 R ${links} /Dest [${section.page} 0 R /XYZ 28.346 236.759 null] >>`;
  });
  objects[outlines - 1] = `<< /Type /Outlines /First ${entries[0]} 0 R /Last ${entries[entries.length - 1]} 0 R /Count ${entries.length} >>`;
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesRoot} 0 R /Outlines ${outlines} 0 R /PageMode /UseOutlines >>`;
  objects[pagesRoot - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  return pdfFromObjects(objects, { root: catalog, info });
}

/** Writes the deck into `dir` under BEAMER_LIKE_NAME (or `name`) and returns its path. */
export function writeBeamerLikePdf(dir: string, options: BeamerLikeOptions & { name?: string } = {}): string {
  const file = path.join(dir, options.name ?? BEAMER_LIKE_NAME);
  writeFileSync(file, beamerLikePdf(options));
  return file;
}
