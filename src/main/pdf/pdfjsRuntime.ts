// Runs in Node (PDF worker threads). Loads pdf.js's legacy (Node) build once per thread and finds its data files.
import { createRequire } from 'node:module';
import path from 'node:path';

export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

interface PdfjsModules {
  pdfjs: Pdfjs;
  worker: { WorkerMessageHandler: unknown };
}

/**
 * pdf.js, ready to open documents in this thread. A bootstrap may have loaded it already and left it in
 * `globalThis.capsulePdfjs` (pdfWorkerBootstrap.mjs does, so that tsx does not re-transform the 2 MB bundle).
 * The worker module goes into `globalThis.pdfjsWorker`, where pdf.js's Node "fake worker" looks first:
 * it then never imports `./pdf.worker.mjs` by a path that a bundler would have moved.
 */
export async function loadPdfjs(): Promise<Pdfjs> {
  const g = globalThis as { capsulePdfjs?: PdfjsModules; pdfjsWorker?: unknown };
  let modules = g.capsulePdfjs;
  if (!modules) {
    const [pdfjs, worker] = await Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('pdfjs-dist/legacy/build/pdf.worker.mjs')]);
    modules = { pdfjs, worker };
  }
  g.capsulePdfjs = modules;
  g.pdfjsWorker = modules.worker;
  return modules.pdfjs;
}

/** The installed pdfjs-dist package folder: its cmaps/, standard_fonts/, wasm/ and iccs/ must ship with the app. */
export function defaultPdfjsDir(): string {
  const fromEnv = process.env.CAPSULE_PDFJS_DIR;
  if (fromEnv) return fromEnv;
  return path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
}

/** getDocument() options pointing pdf.js at its data files (file paths with a trailing separator). */
export function pdfjsDataOptions(pdfjsDir: string): { standardFontDataUrl: string; cMapUrl: string; cMapPacked: true; wasmUrl: string; iccUrl: string } {
  const dir = (name: string): string => path.join(pdfjsDir, name) + path.sep;
  return { standardFontDataUrl: dir('standard_fonts'), cMapUrl: dir('cmaps'), cMapPacked: true, wasmUrl: dir('wasm'), iccUrl: dir('iccs') };
}
