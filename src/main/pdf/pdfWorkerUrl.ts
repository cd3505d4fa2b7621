// Runs in Node (main side). Where the PDF render worker's entry file is, from source or from the app bundle.
import { pathToFileURL } from 'node:url';

/** File name of the worker in the bundle, next to the main-process bundle (a Vite build entry of its own). */
export const BUNDLED_PDF_WORKER_FILE = 'pdfWorker.cjs';
const SOURCE_BOOTSTRAP_FILE = 'pdfWorkerBootstrap.mjs';

/**
 * The script `new Worker()` runs:
 * - `CAPSULE_PDF_WORKER` (a path or file: URL) when set, to redirect it from a test or a packaging script;
 * - from TypeScript source (tsx, vitest): `pdfWorkerBootstrap.mjs`, which loads pdfWorker.ts through tsx;
 * - from the bundle: `pdfWorker.cjs` next to the bundled code that calls this function.
 * The names go through variables so that Vite does not take `new URL('…', import.meta.url)` for an asset.
 */
export function pdfWorkerUrl(moduleUrl: string = import.meta.url): URL {
  const override = process.env.CAPSULE_PDF_WORKER;
  if (override) return override.startsWith('file:') ? new URL(override) : pathToFileURL(override);
  const fromSource = /\.(?:ts|mts)$/u.test(new URL(moduleUrl).pathname);
  const file = fromSource ? SOURCE_BOOTSTRAP_FILE : BUNDLED_PDF_WORKER_FILE;
  return new URL(file, moduleUrl);
}
