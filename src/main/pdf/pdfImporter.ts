// Runs in Node (main side). PDF -> one PNG per slide at the frame size, thumbnails and prompter text, rendered
// by worker threads so that the main process never blocks. Leaves the output folder as it was on any failure.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rename, rm, rmdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { StudioError, cancelledError, fromErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { buildSlidePrompts, type NotesPageMode, type PageText } from '../../shared/logic/pdfPrompts';
import type { PdfSection } from '../../shared/logic/pdfSections';
import type { OmittedTable } from '../../shared/logic/pdfTextLines';
import { firstSlideTitle } from '../../shared/logic/pdfTitle';
import { sniffPdf } from '../../shared/logic/pdfSniff';
import { defaultPdfjsDir } from './pdfjsRuntime';
import { outputFailure } from './pdfErrors';
import { nextPage } from './pageScheduler';
import { pdfWorkerUrl } from './pdfWorkerUrl';
import type { FromWorker, PageResult, RenderSettings, ToWorker } from './pdfWorkerProtocol';

export { pdfWorkerUrl } from './pdfWorkerUrl';

export interface PdfImportOptions {
  source: { path?: string; bytes?: Uint8Array };
  /** Where the PNGs go. Created if missing; removed again on failure if this import created it. */
  outDir: string;
  password?: string;
  /** Refuse PDFs with more pages than this (default 500). */
  maxPages?: number;
  /** Colour of the bars around pages that do not fill the frame, `#rgb` or `#rrggbb` (default white; slides are opaque). */
  background?: string;
  width?: number;
  height?: number;
  thumbWidth?: number;
  /** Render threads (default: min(2, CPUs)). */
  workers?: number;
  /** Beamer speaker-note pages: 'attach' their text to the previous slide's prompt (default) or keep them as 'slides'. */
  notesPages?: NotesPageMode;
  /** Heap limit of each render thread in MB (default 1024): a page needing more fails with PDF_TOO_LARGE. */
  workerHeapMb?: number;
  /** Time limit for opening the document and for each page, in ms (default 60 000): PDF_TIMEOUT past it. */
  pageTimeoutMs?: number;
  /** The pdfjs-dist folder (cmaps/, standard_fonts/, wasm/, iccs/); default: the installed package. */
  pdfjsDir?: string;
  signal?: AbortSignal;
  /** Called once the page count is known (0 of total) and after every page. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportedPage {
  /** Physical page number in the PDF, from 1. */
  pageNumber: number;
  pageLabel: string | null;
  /** Absolute path, in outDir. */
  imageFile: string;
  thumbFile: string;
  /** Size of the PNG: the frame size. */
  width: number;
  height: number;
  /** Prompter text, one sentence a line. */
  prompt: string;
  /** A beamer note page kept as a slide (notesPages: 'slides'). */
  isNotesPage: boolean;
  /** Tables of short cells (codes, figures) on this page that the prompt leaves out. */
  omittedTables: OmittedTable[];
  /** Diagram labels on this page that the prompt leaves out. */
  omittedLabels: number;
}

export interface ImportedPdf {
  /** Physical pages in the PDF (note pages included, even when attached to their slide). */
  pageCount: number;
  /** The Info dictionary's or XMP title, as written in the PDF (may be a placeholder such as "A4"). */
  title: string | null;
  /** The first slide's largest text (its title), for PDFs without a real title. */
  firstSlideTitle: string | null;
  /** The outline's top-level entries (beamer sections, bookmarks) with their first page. */
  sections: PdfSection[];
  /** What the user should know about the result (PDF_XFA_FORM, PDF_TABLES_LEFT_OUT), as translatable codes. */
  warnings: StudioErrorInfo[];
  pages: ImportedPage[];
}

const DEFAULTS = { maxPages: 500, background: '#ffffff', width: 1920, height: 1080, thumbWidth: 320 };

export async function importPdf(options: PdfImportOptions): Promise<ImportedPdf> {
  const settings = checkOptions(options);
  const { signal } = options;
  if (signal?.aborted) throw cancelledError();
  const bytes = await readSource(options.source);
  sniffPdf(bytes);

  const outDir = path.resolve(options.outDir);
  const createdOutDir = !existsSync(outDir);
  let staging: string;
  try {
    await mkdir(outDir, { recursive: true });
    // Everything is written to a private folder first and moved into outDir only once every page succeeded.
    staging = await mkdtemp(path.join(outDir, '.pdf-import-'));
  } catch (error) {
    if (createdOutDir) await removeAll([outDir]);
    throw outputFailure(error, outDir);
  }
  const moved: string[] = [];
  try {
    const rendered = await renderAll(bytes, { ...settings, outDir: staging }, options);
    const pages = await publish(rendered, staging, outDir, settings, moved);
    await rmdir(staging);
    return pages;
  } catch (error) {
    await removeAll([staging, ...moved, ...(createdOutDir ? [outDir] : [])]);
    throw outputFailure(error, outDir);
  }
}

/**
 * Best-effort clean-up after a failure: the failure itself is what the caller must hear about, so a file
 * that cannot be removed (already gone, or busy on Windows) must not replace it. What could stay behind is a
 * `.pdf-import-*` folder, and callers hand us a staging folder of their own that they remove anyway.
 */
async function removeAll(paths: string[]): Promise<void> {
  await Promise.allSettled(paths.map((p) => rm(p, { recursive: true, force: true })));
}

interface CheckedSettings extends Omit<RenderSettings, 'outDir'> {
  maxPages: number;
  workers: number;
}

function checkOptions(options: PdfImportOptions): CheckedSettings {
  const whole = (name: string, value: number, min: number, max: number): number => {
    if (!Number.isInteger(value) || value < min || value > max) throw new StudioError('BAD_ARGS', `${name} must be a whole number from ${min} to ${max} (got ${value}).`);
    return value;
  };
  const background = options.background ?? DEFAULTS.background;
  if (!/^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/iu.test(background)) {
    throw new StudioError('BAD_ARGS', `The slide background must be a colour like #ffffff (got "${background}").`);
  }
  const notesMode = options.notesPages ?? 'attach';
  if (notesMode !== 'attach' && notesMode !== 'slides') throw new StudioError('BAD_ARGS', `notesPages must be 'attach' or 'slides'.`);
  if (!options.outDir) throw new StudioError('BAD_ARGS', 'Give a folder for the slides.');
  if (options.workerHeapMb !== undefined) whole('The render thread memory limit', options.workerHeapMb, 4, 65_536);
  if (options.pageTimeoutMs !== undefined) whole('The time limit per page', options.pageTimeoutMs, 1, 3_600_000);
  return {
    width: whole('The slide width', options.width ?? DEFAULTS.width, 16, 8192),
    height: whole('The slide height', options.height ?? DEFAULTS.height, 16, 8192),
    thumbWidth: whole('The thumbnail width', options.thumbWidth ?? DEFAULTS.thumbWidth, 8, 2048),
    maxPages: whole('The page limit', options.maxPages ?? DEFAULTS.maxPages, 1, 100_000),
    workers: whole('The number of render threads', options.workers ?? Math.max(1, Math.min(2, os.availableParallelism())), 1, 64),
    background,
    notesMode,
  };
}

async function readSource(source: PdfImportOptions['source']): Promise<Uint8Array> {
  if (source.bytes) return source.bytes;
  if (!source.path) throw new StudioError('BAD_ARGS', 'Give a PDF file or its bytes.');
  try {
    return await readFile(source.path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('PDF_NOT_FOUND', `No such file: ${source.path}`);
    if (code === 'EISDIR') throw new StudioError('PDF_NOT_PDF', `${source.path} is a folder, not a PDF.`);
    throw new StudioError('PDF_UNREADABLE', `The file ${source.path} cannot be read (${code ?? (error as Error).message}).`);
  }
}

interface RenderedDocument {
  pageCount: number;
  title: string | null;
  labels: string[] | null;
  sections: PdfSection[];
  warnings: StudioErrorInfo[];
  results: PageResult[];
}

/**
 * Starts one worker, which checks the document (password, page count); then starts the others (each parses the
 * file itself: pdf.js documents cannot be shared between threads) and hands out pages one at a time to
 * whichever worker is free, in runs of consecutive pages (pageScheduler.ts).
 */
function renderAll(bytes: Uint8Array, settings: RenderSettings & { maxPages: number; workers: number }, options: PdfImportOptions): Promise<RenderedDocument> {
  const { signal, onProgress } = options;
  const pdfjsDir = options.pdfjsDir ?? defaultPdfjsDir();
  const renderSettings: RenderSettings = {
    width: settings.width,
    height: settings.height,
    thumbWidth: settings.thumbWidth,
    background: settings.background,
    notesMode: settings.notesMode,
    outDir: settings.outDir,
  };
  const workers: Worker[] = [];
  const stopped: Promise<number>[] = [];
  const heapMb = options.workerHeapMb ?? WORKER_HEAP_MB;
  const timeoutMs = options.pageTimeoutMs ?? PAGE_TIMEOUT_MS;
  /** One running clock per thread: its document opening, then the page it was handed. */
  const clocks = new Map<Worker, ReturnType<typeof setTimeout>>();

  return new Promise<RenderedDocument>((resolve, reject) => {
    let settled = false;
    let document: Omit<RenderedDocument, 'results'> | null = null;
    let claimed: boolean[] = [];
    const lastPageOf = new Map<Worker, number>();
    const results: PageResult[] = [];

    const finish = (error: Error | null, value?: RenderedDocument): void => {
      if (settled) return;
      settled = true;
      for (const clock of clocks.values()) clearTimeout(clock);
      clocks.clear();
      signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) stopped.push(worker.terminate());
      // Wait for the threads to be gone so that no late write lands after the caller cleans up.
      void Promise.allSettled(stopped).then(() => (error ? reject(error) : resolve(value!)));
    };
    const onAbort = (): void => finish(cancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });

    const dispatch = (worker: Worker): void => {
      if (settled || !document) return;
      const pageNumber = nextPage(claimed, lastPageOf.get(worker) ?? null);
      if (pageNumber === null) {
        if (results.length === document.pageCount) {
          finish(null, { ...document, results: results.sort((a, b) => a.pageNumber - b.pageNumber) });
        }
        return;
      }
      claimed[pageNumber] = true;
      lastPageOf.set(worker, pageNumber);
      startClock(worker, pageNumber);
      const message: ToWorker = { type: 'page', pageNumber };
      worker.postMessage(message);
    };

    /**
     * A page (or the opening) that takes longer than the limit is a PDF built to exhaust the renderer, or a
     * damaged one: pdf.js cannot be interrupted inside a page, so the threads are stopped (finish terminates them).
     */
    const startClock = (worker: Worker, pageNumber: number | null): void => {
      clearTimeout(clocks.get(worker));
      const clock = setTimeout(() => {
        const limitSeconds = Math.round(timeoutMs / 100) / 10;
        const what = pageNumber === null ? 'Opening this PDF' : `Page ${pageNumber} of this PDF`;
        finish(new StudioError('PDF_TIMEOUT', `${what} took longer than ${limitSeconds} s: it may be damaged or built to stall the import.`, { pageNumber, limitSeconds }));
      }, timeoutMs);
      clock.unref?.();
      clocks.set(worker, clock);
    };

    const onMessage = (worker: Worker, message: FromWorker): void => {
      if (settled) return;
      clearTimeout(clocks.get(worker));
      clocks.delete(worker);
      if (message.type === 'failed') {
        finish(fromErrorInfo(message.error));
        return;
      }
      if (message.type === 'opened') {
        if (!document) {
          if (message.pageCount === 0) return finish(new StudioError('PDF_EMPTY', 'This PDF has no pages.'));
          if (message.pageCount > settings.maxPages) {
            return finish(
              new StudioError('PDF_TOO_MANY_PAGES', `This PDF has ${message.pageCount} pages; the limit is ${settings.maxPages}.`, {
                pageCount: message.pageCount,
                limit: settings.maxPages,
              }),
            );
          }
          document = { pageCount: message.pageCount, title: message.title, labels: message.labels, sections: message.sections, warnings: message.warnings };
          claimed = new Array<boolean>(document.pageCount + 1).fill(false);
          onProgress?.(0, document.pageCount);
          // The first thread checked the document; more threads start now, while it already renders.
          for (let i = 1; i < workersFor(document.pageCount, settings.workers); i++) startWorker();
        }
        dispatch(worker);
        return;
      }
      results.push(message.result);
      onProgress?.(results.length, document!.pageCount);
      dispatch(worker);
    };

    function startWorker(): void {
      let worker: Worker;
      try {
        // A page that needs more memory than this kills its thread, not the app's main process.
        worker = new Worker(pdfWorkerUrl(), { resourceLimits: { maxOldGenerationSizeMb: heapMb } });
      } catch (error) {
        finish(new StudioError('INTERNAL', `The PDF renderer could not start: ${(error as Error).message}`));
        return;
      }
      workers.push(worker);
      worker.on('message', (message: FromWorker) => onMessage(worker, message));
      worker.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          finish(new StudioError('PDF_TOO_LARGE', `This PDF needs more than ${heapMb} MB of memory to render.`, { limitMb: heapMb }));
        } else {
          finish(new StudioError('INTERNAL', `The PDF renderer failed: ${error.message}`));
        }
      });
      worker.on('exit', (code) => {
        if (!settled) finish(new StudioError('INTERNAL', `The PDF renderer stopped unexpectedly (exit code ${code}).`));
      });
      const copy = new Uint8Array(bytes); // a copy with its own buffer, moved to the thread
      startClock(worker, null);
      const open: ToWorker = { type: 'open', bytes: copy, pdfjsDir, settings: renderSettings, ...(options.password !== undefined ? { password: options.password } : {}) };
      worker.postMessage(open, [copy.buffer]);
    }
    startWorker();
  });
}

/**
 * How many render threads a document gets: starting one costs about as much as rendering a few pages
 * (loading pdf.js, parsing the file again), so short decks stay on the first thread.
 */
export function workersFor(pageCount: number, maxWorkers: number): number {
  return Math.max(1, Math.min(maxWorkers, Math.ceil(pageCount / PAGES_PER_WORKER)));
}
const PAGES_PER_WORKER = 8;
/** Heap limit of one render thread (pdf.js objects; canvases and PNG buffers live outside the heap). */
const WORKER_HEAP_MB = 1024;
/** A slide renders in well under a second; a minute means something is wrong with the page. */
const PAGE_TIMEOUT_MS = 60_000;

/** Moves the rendered files from the staging folder into outDir and assembles the slides with their prompts. */
async function publish(rendered: RenderedDocument, staging: string, outDir: string, settings: CheckedSettings, moved: string[]): Promise<ImportedPdf> {
  const texts: PageText[] = rendered.results.map((result) => ({
    pageNumber: result.pageNumber,
    label: rendered.labels?.[result.pageNumber - 1] ?? null,
    lines: result.lines,
    stickyNotes: result.stickyNotes,
    isNotesPage: result.isNotesPage,
  }));
  const prompts = buildSlidePrompts(texts, settings.notesMode);
  const byPage = new Map(rendered.results.map((result) => [result.pageNumber, result]));
  const pages: ImportedPage[] = [];
  for (const slide of prompts) {
    const result = byPage.get(slide.pageNumber);
    if (!result?.imageFile || !result.thumbFile) {
      throw new StudioError('INTERNAL', `Page ${slide.pageNumber} was not rendered.`);
    }
    const imageFile = path.join(outDir, path.basename(result.imageFile));
    const thumbFile = path.join(outDir, path.basename(result.thumbFile));
    await moveInto(result.imageFile, imageFile, moved);
    await moveInto(result.thumbFile, thumbFile, moved);
    pages.push({
      pageNumber: slide.pageNumber,
      pageLabel: rendered.labels?.[slide.pageNumber - 1] ?? null,
      imageFile,
      thumbFile,
      width: settings.width,
      height: settings.height,
      prompt: slide.prompt,
      isNotesPage: slide.isNotesPage,
      omittedTables: result.omittedTables,
      omittedLabels: result.omittedLabels,
    });
  }
  const leftovers = await readdir(staging);
  if (leftovers.length > 0) throw new StudioError('INTERNAL', `Unexpected files were rendered: ${leftovers.join(', ')}`);
  const firstSlide = rendered.results.find((result) => !result.isNotesPage);
  const warnings = [...rendered.warnings];
  const withTables = pages.filter((page) => page.omittedTables.length > 0 || page.omittedLabels > 0).map((page) => page.pageNumber);
  if (withTables.length > 0) {
    warnings.push({
      code: 'PDF_TABLES_LEFT_OUT',
      message: `Tables of codes or figures, or diagram labels, were left out of the prompter on ${withTables.length === 1 ? 'page' : 'pages'} ${withTables.join(', ')}.`,
      details: { pages: withTables, pageList: withTables.join(', ') },
    });
  }
  return {
    pageCount: rendered.pageCount,
    title: rendered.title,
    firstSlideTitle: firstSlide ? firstSlideTitle(firstSlide.lines) : null,
    sections: rendered.sections,
    warnings,
    pages,
  };
}

async function moveInto(from: string, to: string, moved: string[]): Promise<void> {
  await rename(from, to);
  moved.push(to);
}
