// Runs in Node (test). First look at PDF bytes, error classification, and where the render worker's script is.
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../src/shared/errors';
import { sniffPdf } from '../../src/shared/logic/pdfSniff';
import { openFailure, outputFailure, pageFailure } from '../../src/main/pdf/pdfErrors';
import { BUNDLED_PDF_WORKER_FILE, pdfWorkerUrl } from '../../src/main/pdf/pdfWorkerUrl';
import { workersFor } from '../../src/main/pdf/pdfImporter';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return (error as StudioError).code;
  }
  return undefined;
}

describe('sniffPdf', () => {
  it('accepts a PDF header at the start or after some leading junk', () => {
    expect(codeOf(() => sniffPdf(bytes('%PDF-1.7\n...')))).toBeUndefined();
    expect(codeOf(() => sniffPdf(bytes(`${' '.repeat(500)}%PDF-1.4\n`)))).toBeUndefined();
  });

  it('calls an empty file corrupt (cut short) and other files not a PDF, saying what they look like', () => {
    expect(codeOf(() => sniffPdf(new Uint8Array(0)))).toBe('PDF_CORRUPT');
    expect(codeOf(() => sniffPdf(bytes('hello, I am a text file\n')))).toBe('PDF_NOT_PDF');
    expect(codeOf(() => sniffPdf(bytes(`${' '.repeat(1100)}%PDF-1.4`)))).toBe('PDF_NOT_PDF');
    try {
      sniffPdf(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]));
      expect.unreachable();
    } catch (error) {
      expect((error as StudioError).message).toMatch(/PowerPoint/);
    }
  });
});

describe('pdf.js and file-system failures', () => {
  it('maps pdf.js password and structure exceptions to stable codes', () => {
    expect(openFailure({ name: 'PasswordException', code: 1, message: 'No password given' })).toMatchObject({ code: 'PDF_ENCRYPTED', details: { needsPassword: true } });
    expect(openFailure({ name: 'PasswordException', code: 2, message: 'Incorrect Password' })).toMatchObject({ code: 'PDF_BAD_PASSWORD' });
    expect(openFailure({ name: 'InvalidPDFException', message: 'Invalid PDF structure.' }).code).toBe('PDF_CORRUPT');
    expect(openFailure(new Error('bad XRef entry')).code).toBe('PDF_CORRUPT');
  });

  it('turns a real ENOSPC (writing to /dev/full) into DISK_FULL', () => {
    let enospc: unknown;
    try {
      writeFileSync('/dev/full', new Uint8Array(1024));
    } catch (error) {
      enospc = error;
    }
    expect((enospc as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(pageFailure(enospc, 7)).toMatchObject({ code: 'DISK_FULL', details: { pageNumber: 7 } });
    expect(pageFailure(Object.assign(new Error('denied'), { code: 'EACCES' }), 2).code).toBe('PDF_WRITE_FAILED');
    expect(pageFailure(new Error('Invalid stream'), 3)).toMatchObject({ code: 'PDF_CORRUPT', details: { pageNumber: 3 } });
    expect(pageFailure(new StudioError('BAD_ARGS', 'x'), 1).code).toBe('BAD_ARGS');
  });
});

describe('pdfWorkerUrl', () => {
  const saved = process.env.CAPSULE_PDF_WORKER;
  afterEach(() => {
    if (saved === undefined) delete process.env.CAPSULE_PDF_WORKER;
    else process.env.CAPSULE_PDF_WORKER = saved;
  });

  it('runs the tsx bootstrap from source and the bundled worker next to the bundle', () => {
    delete process.env.CAPSULE_PDF_WORKER;
    expect(pdfWorkerUrl('file:///repo/src/main/pdf/pdfImporter.ts').href).toBe('file:///repo/src/main/pdf/pdfWorkerBootstrap.mjs');
    expect(pdfWorkerUrl('file:///app/.vite/build/main.cjs').href).toBe(`file:///app/.vite/build/${BUNDLED_PDF_WORKER_FILE}`);
    expect(pdfWorkerUrl().pathname.endsWith('/src/main/pdf/pdfWorkerBootstrap.mjs')).toBe(true);
  });

  it('can be redirected with CAPSULE_PDF_WORKER', () => {
    process.env.CAPSULE_PDF_WORKER = '/opt/capsule/pdfWorker.cjs';
    expect(pdfWorkerUrl('file:///app/main.cjs').href).toBe(pathToFileURL('/opt/capsule/pdfWorker.cjs').href);
    process.env.CAPSULE_PDF_WORKER = 'file:///opt/w.mjs';
    expect(pdfWorkerUrl().href).toBe('file:///opt/w.mjs');
  });
});

describe('output folder failures', () => {
  it('gives file-system errors a code and passes anything else on', () => {
    const full = outputFailure(Object.assign(new Error('no space'), { code: 'ENOSPC' }), '/x');
    expect(full).toMatchObject({ code: 'DISK_FULL', details: { folder: '/x' } });
    expect(outputFailure(Object.assign(new Error('read-only'), { code: 'EROFS' }), '/x')).toMatchObject({ code: 'PDF_WRITE_FAILED', details: { errno: 'EROFS' } });
    const cancelled = new StudioError('CANCELLED', 'stop');
    expect(outputFailure(cancelled, '/x')).toBe(cancelled);
    const bug = new TypeError('x is undefined');
    expect(outputFailure(bug, '/x')).toBe(bug);
  });
});

describe('workersFor', () => {
  it('keeps short decks on one thread and gives long ones up to the limit', () => {
    expect(workersFor(1, 2)).toBe(1);
    expect(workersFor(8, 2)).toBe(1);
    expect(workersFor(9, 2)).toBe(2);
    expect(workersFor(100, 2)).toBe(2);
    expect(workersFor(100, 1)).toBe(1);
    expect(workersFor(30, 8)).toBe(4);
  });
});
