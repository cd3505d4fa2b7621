// Runs in Node (main side and PDF worker threads). Messages between the PDF importer and its render workers.
import type { StudioErrorInfo } from '../../shared/errors';
import type { NotesPageMode } from '../../shared/logic/pdfPrompts';
import type { PdfSection } from '../../shared/logic/pdfSections';
import type { OmittedTable, TextLine } from '../../shared/logic/pdfTextLines';

export interface RenderSettings {
  width: number;
  height: number;
  thumbWidth: number;
  /** CSS colour of the bars around a page that does not fill the frame. */
  background: string;
  notesMode: NotesPageMode;
  /** Directory the PNGs go to (the importer's private staging folder). */
  outDir: string;
}

export type ToWorker =
  | {
      type: 'open';
      /** This worker's own copy of the file. */
      bytes: Uint8Array;
      password?: string;
      /** Folder of the pdfjs-dist package (its cmaps/, standard_fonts/, wasm/, iccs/). */
      pdfjsDir: string;
      settings: RenderSettings;
    }
  | { type: 'page'; pageNumber: number };

export interface PageResult {
  pageNumber: number;
  /** Page size in points, after /Rotate. */
  pointWidth: number;
  pointHeight: number;
  lines: TextLine[];
  /** Tables of short cells left out of `lines`. */
  omittedTables: OmittedTable[];
  /** Diagram labels left out of `lines`. */
  omittedLabels: number;
  stickyNotes: string[];
  isNotesPage: boolean;
  /** Null when the page was not rendered (a note page in 'attach' mode). */
  imageFile: string | null;
  thumbFile: string | null;
}

export type FromWorker =
  | { type: 'opened'; pageCount: number; title: string | null; labels: string[] | null; sections: PdfSection[]; warnings: StudioErrorInfo[] }
  | { type: 'page'; result: PageResult }
  | { type: 'failed'; pageNumber: number | null; error: StudioErrorInfo };

/** File names inside the output folder; zero-padded so that a directory listing is in page order. */
export function slideFileNames(pageNumber: number): { image: string; thumb: string } {
  const n = String(pageNumber).padStart(4, '0');
  return { image: `page-${n}.png`, thumb: `page-${n}.thumb.png` };
}
