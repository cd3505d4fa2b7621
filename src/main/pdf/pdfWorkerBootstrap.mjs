// Runs in a Node worker thread, in development and tests only (tsx, vitest): the bundled app starts the built
// pdfWorker instead. Loads pdf.js natively (through tsx it would be re-transformed in every thread, ~1 s),
// then the TypeScript worker through tsx's API: `execArgv: ['--import', 'tsx']` does not reach worker threads on Node 20.
import { tsImport } from 'tsx/esm/api';

const [pdfjs, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
globalThis.capsulePdfjs = { pdfjs, worker };
await tsImport('./pdfWorker.ts', import.meta.url);
