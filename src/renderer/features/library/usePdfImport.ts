// Runs in the renderer. Creating a capsule from a PDF the person picked or dropped: the import runs in
// the library store (progress, password, cancel); when it ends, the new capsule opens with a notice of
// its slides, or a notice says it was cancelled.
import { useCallback } from 'react';
import { useLibraryStore, type ImportOutcome, type PendingPdf } from '../../stores/libraryStore';
import { useUiStore } from '../../stores/uiStore';

export function pendingPdfFromFile(file: File): PendingPdf {
  return {
    name: file.name,
    readBytes: async () => new Uint8Array(await file.arrayBuffer()),
  };
}

export interface PdfImport {
  /** An import is under way (the drop zone gives way to its progress). */
  importing: boolean;
  start(file: File): Promise<void>;
  /** What to do once an import ends, also after a password was typed. */
  finish(outcome: ImportOutcome): void;
}

export function usePdfImport(): PdfImport {
  const importing = useLibraryStore((state) => state.importing !== null);
  const importPdf = useLibraryStore((state) => state.importPdf);
  const openCapsule = useUiStore((state) => state.openCapsule);
  const notify = useUiStore((state) => state.notify);

  const finish = useCallback(
    (outcome: ImportOutcome) => {
      if (outcome.kind === 'created') {
        const count = outcome.capsule.grains.reduce((sum, grain) => sum + grain.slides.length, 0);
        notify({ tone: 'info', message: { key: 'import.done', params: { title: outcome.capsule.title, count } } });
        openCapsule(outcome.capsule.id);
      } else if (outcome.kind === 'cancelled') {
        notify({ tone: 'info', message: { key: 'import.cancelled' } });
      }
    },
    [notify, openCapsule],
  );
  const start = useCallback(async (file: File) => finish(await importPdf(pendingPdfFromFile(file))), [importPdf, finish]);
  return { importing, start, finish };
}
