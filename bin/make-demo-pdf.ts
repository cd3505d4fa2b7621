// Runs in Node (tooling). Writes assets/demo/demo-deck.pdf, the bundled demo deck: five 16:9 pages
// of French/English text and coloured bands, written by hand (Helvetica, WinAnsi) so that the file
// is entirely ours. Run: npx tsx bin/make-demo-pdf.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface Line {
  text: string;
  size: number;
  /** 0..1 grey level or an [r, g, b] colour. */
  color?: [number, number, number];
}

interface Page {
  band: [number, number, number];
  lines: Line[];
}

const WIDTH = 960;
const HEIGHT = 540;

export const DEMO_PAGES: Page[] = [
  {
    band: [0.16, 0.36, 0.65],
    lines: [
      { text: 'Capsule Studio', size: 48 },
      { text: 'Démo — Demo', size: 30 },
      { text: 'Une capsule pédagogique en quatre étapes.', size: 22 },
      { text: 'A teaching capsule in four steps.', size: 22, color: [0.35, 0.35, 0.35] },
    ],
  },
  {
    band: [0.85, 0.55, 0.13],
    lines: [
      { text: '1. Préparer — Prepare', size: 40 },
      { text: 'Importez un PDF : une diapositive par page.', size: 22 },
      { text: 'Import a PDF: one slide per page.', size: 22, color: [0.35, 0.35, 0.35] },
      { text: 'Le texte des pages remplit le prompteur.', size: 22 },
      { text: 'The page text fills the prompter.', size: 22, color: [0.35, 0.35, 0.35] },
    ],
  },
  {
    band: [0.2, 0.6, 0.35],
    lines: [
      { text: '2. Enregistrer — Record', size: 40 },
      { text: 'Une prise par grain, face à la caméra.', size: 22 },
      { text: 'One take per grain, facing the camera.', size: 22, color: [0.35, 0.35, 0.35] },
      { text: 'La flèche droite passe à la phrase suivante.', size: 22 },
      { text: 'The right arrow moves to the next sentence.', size: 22, color: [0.35, 0.35, 0.35] },
    ],
  },
  {
    band: [0.55, 0.25, 0.6],
    lines: [
      { text: '3. Monter — Edit', size: 40 },
      { text: 'Incrustation, chapitres et sous-titres.', size: 22 },
      { text: 'Picture in picture, chapters and captions.', size: 22, color: [0.35, 0.35, 0.35] },
      { text: 'Un son régulier à -16 LUFS.', size: 22 },
      { text: 'Even sound at -16 LUFS.', size: 22, color: [0.35, 0.35, 0.35] },
    ],
  },
  {
    band: [0.75, 0.2, 0.2],
    lines: [
      { text: '4. Publier — Publish', size: 40 },
      { text: 'Un MP4 prêt pour Esup-Pod.', size: 22 },
      { text: 'An MP4 ready for Esup-Pod.', size: 22, color: [0.35, 0.35, 0.35] },
      { text: 'Merci ! Thank you!', size: 30 },
    ],
  },
];

/** Text as a PDF literal string in WinAnsi (Latin-1 for these characters; the em dash is 0x97). */
function winAnsi(text: string): string {
  let out = '';
  for (const char of text) {
    if (char === '—') out += '\\227';
    else if (char === '(' || char === ')' || char === '\\') out += `\\${char}`;
    else {
      const code = char.charCodeAt(0);
      if (code > 0xff) throw new Error(`not in WinAnsi: ${char}`);
      out += code < 0x80 ? char : `\\${code.toString(8).padStart(3, '0')}`;
    }
  }
  return out;
}

function pageContent(page: Page): string {
  const ops: string[] = [];
  const [r, g, b] = page.band;
  ops.push(`${r} ${g} ${b} rg 0 ${HEIGHT - 70} ${WIDTH} 70 re f`);
  ops.push(`${r} ${g} ${b} rg 0 0 ${WIDTH} 12 re f`);
  let y = HEIGHT - 150;
  for (const [index, line] of page.lines.entries()) {
    const [lr, lg, lb] = line.color ?? [0.1, 0.1, 0.1];
    ops.push(`BT /F1 ${line.size} Tf ${lr} ${lg} ${lb} rg 70 ${y} Td (${winAnsi(line.text)}) Tj ET`);
    y -= index === 0 ? line.size + 34 : line.size + 16;
  }
  return ops.join('\n');
}

export function demoPdf(title: string): Buffer {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body);
  add(''); // 1: catalog
  add(''); // 2: pages
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'); // 3
  add(`<< /Title (${winAnsi(title)}) /Author (Capsule Studio) /Producer (bin/make-demo-pdf.ts) >>`); // 4
  const kids: number[] = [];
  for (const page of DEMO_PAGES) {
    const content = pageContent(page);
    add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    const contentRef = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${WIDTH} ${HEIGHT}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contentRef} 0 R >>`);
    kids.push(objects.length);
  }
  objects[0] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename ?? '')) {
  const target = path.resolve(import.meta.dirname ?? '.', '../assets/demo/demo-deck.pdf');
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, demoPdf('Capsule Studio — démo'));
  process.stdout.write(`${target}\n`);
}
