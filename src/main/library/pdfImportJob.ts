// Runs in Node (main side). The `pdf_import` job: PDF → staged slides → one committed capsule.
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { StudioError, type StudioErrorInfo } from '../../shared/errors';
import type { CapsuleDetail } from '../../shared/domain/capsule';
import type { StudioContext } from '../context';
import { suggestGrains } from '../../shared/logic/pdfSections';
import { capsuleTitle } from '../../shared/logic/pdfTitle';
import { importPdf } from '../pdf/pdfImporter';
import { stagingRoot, withStagingDir } from './capsuleFiles';

export const PDF_IMPORT_JOB = 'pdf_import';

interface PdfImportPayload {
  /** The PDF to read: the user's file, or a copy of uploaded bytes in the staging area. */
  pdfPath: string;
  /** A copy we made of uploaded bytes, removed once the job ends. */
  ownsPdf: boolean;
  sourceName: string;
  title: string | null;
}

export interface PdfImportRequest {
  path?: string;
  bytes?: Uint8Array;
  name?: string;
  title?: string;
  password?: string;
  jobId?: string;
}

interface PdfImportResult {
  capsuleId: string;
  /** Absent in results stored by versions before warnings existed. */
  warnings?: StudioErrorInfo[];
}

/** Passwords are never written to the job table: they live in memory for the job's run only. */
const passwords = new Map<string, string>();

export function registerPdfImportJob(ctx: StudioContext): void {
  ctx.jobs.register<PdfImportPayload, PdfImportResult>({
    kind: PDF_IMPORT_JOB,
    concurrency: 1,
    async run({ job, payload, signal, progress }) {
      if (!existsSync(payload.pdfPath)) throw new StudioError('PDF_NOT_FOUND', `The file ${payload.sourceName} is no longer there.`);
      try {
        return await withStagingDir(ctx.libraryDir, job.id, async (staging) => {
          progress(0, 'rendering');
          const imported = await importPdf({
            source: { path: payload.pdfPath },
            outDir: path.join(staging, 'slides'),
            password: passwords.get(job.id),
            maxPages: ctx.settings.get<number>('pdfMaxPages', 500),
            background: ctx.settings.get<string>('slideBackground', '#ffffff'),
            signal,
            onProgress: (done, total) => progress(total > 0 ? done / total : null, 'rendering'),
          });
          mkdirSync(path.join(staging, 'media'), { recursive: true });
          copyFileSync(payload.pdfPath, path.join(staging, 'media', 'source.pdf'));
          const title = payload.title?.trim() || capsuleTitle(imported.title, imported.firstSlideTitle, payload.sourceName);
          // One grain per outline section (beamer's \section); the teacher splits and merges from there.
          const grainOf = new Map<number, { group: number; title: string; first: boolean }>();
          suggestGrains(
            imported.pages.map((page) => page.pageNumber),
            imported.sections,
          ).forEach((grain, group) => grain.pageNumbers.forEach((pageNumber, index) => grainOf.set(pageNumber, { group, title: grain.title, first: index === 0 })));
          const capsule = ctx.library.create({
            title,
            sourceName: payload.sourceName,
            // Kept with the capsule, so that the warnings can be shown again later.
            ...(imported.warnings.length > 0 ? { metadata: { importWarnings: imported.warnings } } : {}),
            stagingDir: staging,
            slides: imported.pages.map((page) => ({
              group: grainOf.get(page.pageNumber)?.group,
              ...(grainOf.get(page.pageNumber)?.first ? { grainTitle: grainOf.get(page.pageNumber)!.title } : {}),
              imageFile: page.imageFile,
              thumbFile: page.thumbFile,
              width: page.width,
              height: page.height,
              pageNumber: page.pageNumber,
              pageLabel: page.pageLabel,
              prompt: page.prompt,
            })),
          });
          progress(1, 'done');
          return { capsuleId: capsule.id, warnings: imported.warnings };
        });
      } finally {
        passwords.delete(job.id);
        if (payload.ownsPdf) rmSync(payload.pdfPath, { force: true });
      }
    },
  });
}

/** Starts an import and waits for the capsule. Progress goes out as `job.progress` events. */
export async function importPdfAsCapsule(ctx: StudioContext, request: PdfImportRequest): Promise<CapsuleDetail> {
  const jobId = request.jobId ?? randomUUID();
  let pdfPath: string;
  let ownsPdf = false;
  let sourceName: string;
  if (request.path) {
    pdfPath = path.resolve(request.path);
    if (!existsSync(pdfPath) || !statSync(pdfPath).isFile()) throw new StudioError('PDF_NOT_FOUND', `No such file: ${pdfPath}`);
    sourceName = path.basename(request.name ?? pdfPath);
  } else if (request.bytes) {
    const uploads = path.join(stagingRoot(ctx.libraryDir), 'uploads');
    mkdirSync(uploads, { recursive: true });
    pdfPath = path.join(uploads, `${jobId}.pdf`);
    writeFileSync(pdfPath, request.bytes);
    ownsPdf = true;
    sourceName = path.basename(request.name ?? 'document.pdf');
  } else {
    throw new StudioError('BAD_ARGS', 'Give a PDF file.');
  }
  if (request.password) passwords.set(jobId, request.password);
  const payload: PdfImportPayload = { pdfPath, ownsPdf, sourceName, title: request.title ?? null };
  ctx.jobs.enqueue(PDF_IMPORT_JOB, payload, { id: jobId, title: request.title ?? sourceName });
  const { capsuleId, warnings } = await ctx.jobs.result<PdfImportResult>(jobId);
  const capsule = ctx.library.get(capsuleId);
  return warnings && warnings.length > 0 ? { ...capsule, importWarnings: warnings } : capsule;
}
