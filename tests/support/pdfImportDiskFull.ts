// Runs in Node (test helper process, inside a private mount namespace whose folder is a tiny tmpfs).
// Imports a PDF into that folder until the disk is full, then prints the error code and what is left there.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { importPdf } from '../../src/main/pdf/pdfImporter';
import { isStudioError } from '../../src/shared/errors';

const [pdfPath, mountDir] = process.argv.slice(2) as [string, string];
let code = 'NONE';
let message = '';
try {
  await importPdf({ source: { path: pdfPath }, outDir: path.join(mountDir, 'slides'), workers: 1 });
} catch (error) {
  code = isStudioError(error) ? error.code : 'NOT_A_STUDIO_ERROR';
  message = (error as Error).message;
}
const left = readdirSync(mountDir, { recursive: true });
process.stdout.write(JSON.stringify({ code, message, left }));
