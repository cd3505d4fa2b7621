// Runs in a Node worker thread (one per core, started by pdfImporter.ts). Opens the PDF once, then renders
// the pages it is handed, one at a time: PNG at the final size, thumbnail, text lines and sticky notes.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { StudioError, type StudioErrorInfo } from '../../shared/errors';
import { detectBeamerNotePage } from '../../shared/logic/beamerNotes';
import { barRects, fitPage, thumbnailSize } from '../../shared/logic/fitPage';
import type { PdfSection } from '../../shared/logic/pdfSections';
import { layoutPageText, type PdfTextItem } from '../../shared/logic/pdfTextLines';
import { loadPdfjs, pdfjsDataOptions, type Pdfjs } from './pdfjsRuntime';
import { openFailure, pageFailure } from './pdfErrors';
import { encodeRgbaPng } from './pngEncoder';
import { slideFileNames, type FromWorker, type PageResult, type RenderSettings, type ToWorker } from './pdfWorkerProtocol';

/** pdf.js types its canvas as the DOM's; here it is @napi-rs/canvas's, which pdf.js's Node build accepts (the main side has no DOM types). */
type PdfRenderParameters = Parameters<PDFPageProxy['render']>[0];

interface CanvasEntry {
  canvas: Canvas;
  context: SKRSContext2D;
}
/** pdf.js's own canvas factory: its @napi-rs/canvas copy, so Path2D and canvas come from one module. */
interface CanvasFactory {
  create(width: number, height: number): CanvasEntry;
}

const port = parentPort;
if (!port) throw new Error('pdfWorker.ts must run in a worker thread.');

let pdfjs: Pdfjs | null = null;
let doc: PDFDocumentProxy | null = null;
let labels: string[] | null = null;
let settings: RenderSettings | null = null;
let frame: CanvasEntry | null = null;
let thumb: CanvasEntry | null = null;
/** The text of the page done last: the importer hands out consecutive pages, and note detection needs it. */
let lastText: { pageNumber: number; items: PdfTextItem[] } | null = null;
/** Messages are handled one after another: pdf.js may not draw on one canvas twice at once. */
let queue: Promise<void> = Promise.resolve();

function send(message: FromWorker): void {
  port!.postMessage(message);
}

port.on('message', (message: ToWorker) => {
  queue = queue.then(() => handle(message));
});

async function handle(message: ToWorker): Promise<void> {
  if (message.type === 'open') {
    settings = message.settings;
    try {
      pdfjs ??= await loadPdfjs();
    } catch (error) {
      send({ type: 'failed', pageNumber: null, error: { code: 'INTERNAL', message: `pdf.js could not be loaded: ${(error as Error).message}` } });
      return;
    }
    try {
      doc = await pdfjs.getDocument({
        data: message.bytes,
        password: message.password,
        ...pdfjsDataOptions(message.pdfjsDir),
        isEvalSupported: false,
        // A hostile or huge image must not take the thread's memory: bigger images are left out of the slide.
        maxImageSize: MAX_IMAGE_PIXELS,
        verbosity: pdfjs.VerbosityLevel.ERRORS,
      }).promise;
    } catch (error) {
      send({ type: 'failed', pageNumber: null, error: openFailure(error) });
      return;
    }
    try {
      if (!(await hasRealPage(doc))) {
        send({ type: 'failed', pageNumber: null, error: { code: 'PDF_EMPTY', message: 'This PDF contains no pages.' } });
        return;
      }
      labels = await doc.getPageLabels();
      const facts = await documentFacts(doc);
      send({ type: 'opened', pageCount: doc.numPages, title: facts.title, labels, sections: await outlineSections(doc), warnings: facts.warnings });
    } catch (error) {
      send({ type: 'failed', pageNumber: null, error: openFailure(error) });
    }
    return;
  }
  try {
    send({ type: 'page', result: await processPage(message.pageNumber) });
  } catch (error) {
    send({ type: 'failed', pageNumber: message.pageNumber, error: pageFailure(error, message.pageNumber) });
  }
}

/** Largest image drawn, in pixels (pdf.js `maxImageSize`): 32 MP is 128 MB of RGBA, far above any slide. */
const MAX_IMAGE_PIXELS = 32 * 1024 * 1024;
/** pdf.js keeps fonts and images of every page it has seen: its caches are emptied after this many pages. */
const CLEANUP_EVERY_PAGES = 8;
let pagesSinceCleanup = 0;

/** The Info/XMP title, and what the user must be told about the document (an XFA form's content may be missing). */
async function documentFacts(document: PDFDocumentProxy): Promise<{ title: string | null; warnings: StudioErrorInfo[] }> {
  const { info, metadata } = await document.getMetadata();
  const fields = (info ?? {}) as { Title?: unknown; IsXFAPresent?: unknown };
  const title = typeof fields.Title === 'string' && fields.Title.trim() ? fields.Title : (metadata?.get('dc:title') as unknown);
  const warnings: StudioErrorInfo[] = [];
  if (fields.IsXFAPresent === true) {
    // pdf.js draws an XFA form's static fallback pages only; a dynamic form often shows a "please wait" page.
    warnings.push({ code: 'PDF_XFA_FORM', message: 'This PDF is an XFA form: some of its content may be missing from the slides. Check them, or export the form as an ordinary PDF.' });
  }
  return { title: typeof title === 'string' && title.trim() ? title.trim() : null, warnings };
}

/**
 * pdf.js makes up one page when a PDF has no valid page tree (its /Pages is missing, broken, or points at
 * something that is not a page): that page cannot be loaded, or it draws nothing and has no annotations.
 * A single page like that means the PDF has no page to import.
 */
async function hasRealPage(document: PDFDocumentProxy): Promise<boolean> {
  if (document.numPages === 0) return false;
  if (document.numPages > 1) return true;
  let page: PDFPageProxy;
  try {
    page = await document.getPage(1);
  } catch {
    // The only page cannot be loaded ("Page dictionary kids object is not an array"): it is refused as
    // PDF_EMPTY by the caller, which is the error the user sees.
    return false;
  }
  try {
    const [operators, annotations] = await Promise.all([page.getOperatorList(), page.getAnnotations()]);
    return operators.fnArray.length > 0 || annotations.length > 0;
  } finally {
    page.cleanup();
  }
}

/**
 * The outline's top-level entries with the page each one opens on (beamer writes one per \section).
 * An entry whose destination cannot be resolved is left out: the outline only suggests grains.
 */
async function outlineSections(document: PDFDocumentProxy): Promise<PdfSection[]> {
  // A damaged outline only costs the suggestion: the slides import as one grain each, as without an outline.
  const outline = await document.getOutline().catch((): null => null);
  if (!outline) return [];
  const sections: PdfSection[] = [];
  for (const entry of outline) {
    try {
      const dest = (typeof entry.dest === 'string' ? await document.getDestination(entry.dest) : entry.dest) as unknown[] | null;
      const target = dest?.[0];
      const index = typeof target === 'number' ? target : target && typeof target === 'object' ? await document.getPageIndex(target as { num: number; gen: number }) : null;
      if (typeof index === 'number' && index >= 0 && index < document.numPages) sections.push({ title: entry.title, pageNumber: index + 1 });
    } catch {
      // A dangling destination (a deleted page): this entry cannot open a grain; the others still do.
      continue;
    }
  }
  return sections;
}

async function processPage(pageNumber: number): Promise<PageResult> {
  if (!doc || !settings || !pdfjs) throw new StudioError('INTERNAL', 'The PDF worker got a page before the document.');
  const page = await doc.getPage(pageNumber);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const items = await pageTextItems(page);
    const previousItems = pageNumber > 1 ? (lastText?.pageNumber === pageNumber - 1 ? lastText.items : await textItemsOfPage(pageNumber - 1)) : [];
    lastText = { pageNumber, items };
    const stickyNotes = await pageStickyNotes(page);
    let textItems = items;
    let isNotesPage = false;
    if (pageNumber > 1) {
      const note = detectBeamerNotePage(previousItems, items, {
        previous: labels?.[pageNumber - 2] ?? null,
        current: labels?.[pageNumber - 1] ?? null,
        pageNumber,
      });
      if (note) {
        isNotesPage = true;
        textItems = note.noteItems;
      }
    }
    const rendered = isNotesPage && settings.notesMode === 'attach' ? null : await renderPage(page, viewport.width, viewport.height, pageNumber);
    // Fonts reach this thread while the page's operators are read (the render does it): only then are their
    // real names known, which tell a symbol font's list marker from a letter.
    const layout = layoutPageText(rendered ? withFontNames(page, textItems) : textItems.map(({ fontName: _unknown, ...item }) => item));
    if (++pagesSinceCleanup >= CLEANUP_EVERY_PAGES) {
      // Between pages nothing is being drawn, so pdf.js may drop its caches (fonts, images, parsed resources).
      pagesSinceCleanup = 0;
      page.cleanup();
      await doc.cleanup();
    }
    return {
      pageNumber,
      pointWidth: viewport.width,
      pointHeight: viewport.height,
      lines: layout.lines,
      omittedTables: layout.omittedTables,
      omittedLabels: layout.omittedLabels,
      stickyNotes,
      isNotesPage,
      imageFile: rendered?.image ?? null,
      thumbFile: rendered?.thumb ?? null,
    };
  } finally {
    page.cleanup();
  }
}

async function textItemsOfPage(pageNumber: number): Promise<PdfTextItem[]> {
  const page = await doc!.getPage(pageNumber);
  try {
    return await pageTextItems(page);
  } finally {
    page.cleanup();
  }
}

/** Text items in the page's displayed orientation (y up, points), so /Rotate'd pages read like upright ones. */
async function pageTextItems(page: PDFPageProxy): Promise<PdfTextItem[]> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const items: PdfTextItem[] = [];
  for (const item of content.items) {
    if (!('str' in item)) continue;
    const m = pdfjs!.Util.transform(viewport.transform, item.transform) as number[];
    const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
    const size = Math.hypot(c, d);
    items.push({
      str: item.str,
      x: e,
      y: viewport.height - f,
      width: item.width,
      size,
      hasEOL: item.hasEOL,
      horizontal: a > 0 && d < 0 && Math.abs(b) <= 0.01 * a && Math.abs(c) <= 0.01 * Math.abs(d),
      // pdf.js's id of the font for now; withFontNames() swaps in the font's own name once it is loaded.
      fontName: item.fontName,
    });
  }
  return items;
}

/** The items with the PDF names of their fonts ("MSAM7", subset tag removed), where pdf.js has loaded them. */
function withFontNames(page: PDFPageProxy, items: readonly PdfTextItem[]): PdfTextItem[] {
  const names = new Map<string, string | undefined>();
  const nameOf = (id: string): string | undefined => {
    if (!names.has(id)) {
      const font = page.commonObjs.has(id) ? (page.commonObjs.get(id) as { name?: unknown } | null) : null;
      names.set(id, typeof font?.name === 'string' ? font.name.replace(/^[A-Z]{6}\+/u, '') : undefined);
    }
    return names.get(id);
  };
  return items.map((item) => {
    const { fontName, ...rest } = item;
    const name = fontName === undefined ? undefined : nameOf(fontName);
    return name === undefined ? rest : { ...rest, fontName: name };
  });
}

/** Contents of sticky notes (/Text annotations), replies left out. */
async function pageStickyNotes(page: PDFPageProxy): Promise<string[]> {
  const annotations = (await page.getAnnotations({ intent: 'display' })) as {
    subtype?: string;
    inReplyTo?: string;
    contentsObj?: { str?: string };
    contents?: string;
  }[];
  return annotations
    .filter((a) => a.subtype === 'Text' && !a.inReplyTo)
    .map((a) => (a.contentsObj?.str ?? a.contents ?? '').trim())
    .filter((text) => text !== '');
}

async function renderPage(page: PDFPageProxy, pointWidth: number, pointHeight: number, pageNumber: number): Promise<{ image: string; thumb: string }> {
  const s = settings!;
  const factory = doc!.canvasFactory as CanvasFactory;
  frame ??= factory.create(s.width, s.height);
  const placement = fitPage(pointWidth, pointHeight, s.width, s.height);
  const viewport = page.getViewport({ scale: placement.scaleY });
  // White paper under the page (pdf.js fills the canvas), then the page at its place, then the bars on top
  // of anything the page drew outside its box.
  await page.render({
    canvas: frame.canvas as unknown as PdfRenderParameters['canvas'],
    canvasContext: frame.context as unknown as PdfRenderParameters['canvasContext'],
    viewport,
    transform: [placement.scaleX / placement.scaleY, 0, 0, 1, placement.x, placement.y],
    background: '#ffffff',
  }).promise;
  const bars = barRects(placement);
  if (bars.length > 0) {
    frame.context.fillStyle = s.background;
    for (const bar of bars) frame.context.fillRect(bar.x, bar.y, bar.width, bar.height);
  }
  const names = slideFileNames(pageNumber);
  const image = path.join(s.outDir, names.image);
  const thumbFile = path.join(s.outDir, names.thumb);
  const size = thumbnailSize(s.width, s.height, s.thumbWidth);
  thumb ??= factory.create(size.width, size.height);
  thumb.context.imageSmoothingEnabled = true;
  thumb.context.imageSmoothingQuality = 'high';
  thumb.context.drawImage(frame.canvas, 0, 0, s.width, s.height, 0, 0, size.width, size.height);
  const [png, thumbPng] = await Promise.all([
    encodeRgbaPng(frame.canvas.data(), s.width, s.height),
    encodeRgbaPng(thumb.canvas.data(), size.width, size.height, 6),
  ]);
  await writeFile(image, png);
  await writeFile(thumbFile, thumbPng);
  return { image, thumb: thumbFile };
}
