// Runs everywhere (shared, pure). A first look at a file's bytes: is it a PDF at all, before pdf.js parses it.
import { StudioError } from '../errors';

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
/** Readers accept the header anywhere in the first 1024 bytes (some tools prepend junk). */
const HEADER_WINDOW = 1024;

/** Throws PDF_CORRUPT for an empty file and PDF_NOT_PDF for anything without a PDF header, saying what it looks like. */
export function sniffPdf(bytes: Uint8Array): void {
  if (bytes.length === 0) {
    throw new StudioError('PDF_CORRUPT', 'The file is empty (0 bytes): it was probably cut short while copying or downloading.');
  }
  if (findHeader(bytes) >= 0) return;
  const kind = guessKind(bytes);
  throw new StudioError('PDF_NOT_PDF', kind ? `This file is not a PDF: it looks like ${kind}. Export your slides as PDF first.` : 'This file is not a PDF.', kind ? { looksLike: kind } : undefined);
}

function findHeader(bytes: Uint8Array): number {
  const end = Math.min(bytes.length, HEADER_WINDOW) - PDF_MAGIC.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < PDF_MAGIC.length; j++) if (bytes[i + j] !== PDF_MAGIC[j]) continue outer;
    return i;
  }
  return -1;
}

function guessKind(bytes: Uint8Array): string | null {
  const starts = (...magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive (PowerPoint, LibreOffice or Keynote file)';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'an old Microsoft Office file';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'a PNG image';
  if (starts(0xff, 0xd8, 0xff)) return 'a JPEG image';
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 256)).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html')) return 'a web page (HTML)';
  return null;
}
