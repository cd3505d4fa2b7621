// Runs in Node (test tooling). Writes small, valid PDFs by hand (exact xref offsets) for cases no fixture has:
// zero pages, sticky-note annotations. Text uses the standard Helvetica font; strings are ASCII or UTF-16.

export interface HandmadeText {
  /** Position in user space (before /Rotate). */
  x: number;
  y: number;
  size: number;
  text: string;
  /** Written along user-space +y, so that it reads upright on a page shown with /Rotate 90. */
  alongY?: boolean;
}

export interface HandmadePage {
  width: number;
  height: number;
  texts?: HandmadeText[];
  /** Sticky notes (/Text annotations) with these contents (any Unicode). */
  stickyNotes?: string[];
  /** /Rotate, in degrees clockwise. */
  rotate?: 0 | 90 | 180 | 270;
}

export function handmadePdf(pages: HandmadePage[], info: { title?: string } = {}): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesRoot = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const infoRef = info.title ? add(`<< /Title ${pdfText(info.title)} /Producer (handmadePdf) >>`) : null;
  const kids: number[] = [];
  for (const page of pages) {
    const content = (page.texts ?? [])
      .map((t) => `BT /F1 ${t.size} Tf ${t.alongY ? `0 1 -1 0 ${t.x} ${t.y} Tm` : `${t.x} ${t.y} Td`} (${escapeLiteral(t.text)}) Tj ET`)
      .join('\n');
    const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
    const annots = (page.stickyNotes ?? []).map((note, i) =>
      add(`<< /Type /Annot /Subtype /Text /Rect [${20 + 30 * i} ${page.height - 40} ${40 + 30 * i} ${page.height - 20}] /Contents ${pdfText(note)} /Name /Comment /F 0 >>`),
    );
    const pageRef = add('');
    objects[pageRef - 1] =
      `<< /Type /Page /Parent ${pagesRoot} 0 R /MediaBox [0 0 ${page.width} ${page.height}] ${page.rotate ? `/Rotate ${page.rotate} ` : ''}` +
      `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R` +
      (annots.length ? ` /Annots [${annots.map((a) => `${a} 0 R`).join(' ')}]` : '') +
      ' >>';
    kids.push(pageRef);
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesRoot} 0 R >>`;
  objects[pagesRoot - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  return pdfFromObjects(objects, { root: catalog, info: infoRef ?? null });
}

/**
 * A PDF file made of these object bodies (object n is `objects[n - 1]`), written byte by byte with the
 * exact xref offsets the format requires (ISO 32000-1 §7.5): the one writer of every test PDF.
 */
export function pdfFromObjects(objects: readonly string[], options: { root: number; info?: number | null; version?: string }): Uint8Array {
  let out = `%PDF-${options.version ?? '1.4'}\n%\xe2\xe3\xcf\xd3\n`;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  const info = options.info ? ` /Info ${options.info} 0 R` : '';
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${options.root} 0 R${info} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function escapeLiteral(text: string): string {
  if (/[^\x20-\x7e]/.test(text)) throw new Error(`handmadePdf page text must be printable ASCII: ${text}`);
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

/** A PDF text string: UTF-16BE with a byte-order mark, as a hex string, so any character survives. */
function pdfText(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}
