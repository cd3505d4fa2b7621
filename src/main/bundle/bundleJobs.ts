// Runs in Node (main side). Bundle exports and capsule imports (bundle or Polymny export) as jobs of
// the persistent queue, with progress and ETA: an import works in its own staging folder and
// leaves nothing behind when it fails or is cancelled.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { BUNDLE_MANIFEST, type BundleExportResult, type BundleTakeChoice, type ImportReport } from '../../shared/domain/bundle';
import { StudioError } from '../../shared/errors';
import type { StudioContext } from '../context';
import { withStagingDir } from '../library/capsuleFiles';
import type { TakeStore } from '../recording/takeStore';
import { writeBundle } from './bundleExport';
import { importBundle } from './bundleImport';
import { POLYMNY_STRUCTURE, importPolymny } from './polymnyImport';
import { DEFAULT_ZIP_LIMITS, SafeZip, type ZipLimits } from './safeZipReader';

export const BUNDLE_EXPORT_JOB = 'bundle_export';
export const CAPSULE_IMPORT_JOB = 'capsule_import';
/** Settings an IT team can lower (or raise) for imports: entries and uncompressed bytes. */
export const BUNDLE_MAX_ENTRIES_SETTING = 'bundleMaxEntries';
export const BUNDLE_MAX_BYTES_SETTING = 'bundleMaxBytes';

interface ExportPayload {
  capsuleId: string;
  outFile: string;
  takes: BundleTakeChoice;
  overwrite: boolean;
}

interface ImportPayload {
  zipPath: string;
  sourceName: string;
}

/** Bundles written for the browser build (no save dialog) wait here to be downloaded. */
export function bundleExportsDir(libraryDir: string): string {
  return path.join(libraryDir, 'exports');
}

/** How long a bundle waits to be downloaded: a bundle holds every take, so forgotten ones fill the disk. */
export const BUNDLE_DOWNLOAD_WAIT_MS = 24 * 3600 * 1000;

/**
 * Removes the bundles (and torn `.part` files) that waited longer than BUNDLE_DOWNLOAD_WAIT_MS; returns
 * their names. Run at start-up, before any export can be writing there.
 */
export function sweepWaitingBundles(libraryDir: string): string[] {
  const dir = bundleExportsDir(libraryDir);
  const now = Date.now();
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = statSync(file);
    if (!stat.isFile() || now - stat.mtimeMs <= BUNDLE_DOWNLOAD_WAIT_MS) continue;
    rmSync(file, { force: true });
    removed.push(name);
  }
  return removed;
}

export function zipLimits(ctx: StudioContext): ZipLimits {
  return {
    ...DEFAULT_ZIP_LIMITS,
    maxEntries: ctx.settings.get<number>(BUNDLE_MAX_ENTRIES_SETTING, DEFAULT_ZIP_LIMITS.maxEntries),
    maxTotalBytes: ctx.settings.get<number>(BUNDLE_MAX_BYTES_SETTING, DEFAULT_ZIP_LIMITS.maxTotalBytes),
  };
}

export function registerBundleJobs(ctx: StudioContext, takes: TakeStore): void {
  ctx.jobs.register<ExportPayload, BundleExportResult>({
    kind: BUNDLE_EXPORT_JOB,
    concurrency: 1,
    async run({ payload, signal, progress }) {
      progress(0, 'bundle_writing');
      return writeBundle(ctx, takes, payload.capsuleId, payload.outFile, { takes: payload.takes, overwrite: payload.overwrite, signal, progress: (fraction) => progress(fraction, 'bundle_writing') });
    },
  });
  ctx.jobs.register<ImportPayload, ImportReport>({
    kind: CAPSULE_IMPORT_JOB,
    concurrency: 1,
    async run({ job, payload, signal, progress }) {
      if (!existsSync(payload.zipPath)) throw new StudioError('FILE_NOT_FOUND', `The file ${payload.sourceName} is no longer there.`);
      return withStagingDir(ctx.libraryDir, job.id, async (staging) => {
        let zip: SafeZip | null = null;
        try {
          progress(0, 'bundle_checking');
          zip = await SafeZip.open(payload.zipPath, zipLimits(ctx));
          const report = (fraction: number, stage: string) => progress(fraction, stage);
          if (zip.has(BUNDLE_MANIFEST)) return await importBundle(ctx, takes, zip, staging, { signal, progress: report });
          if (zip.has(POLYMNY_STRUCTURE)) return await importPolymny(ctx, takes, zip, staging, payload.sourceName, { signal, progress: report });
          throw new StudioError('BUNDLE_NOT_CAPSULE', 'This file is neither a capsule bundle nor a Polymny export (it has no manifest.json or structure.json).');
        } finally {
          zip?.close();
        }
      });
    },
  });
}

/** Starts an export and waits for it. */
export async function exportCapsuleBundle(
  ctx: StudioContext,
  request: { capsuleId: string; outFile: string | null; takes?: BundleTakeChoice; overwrite?: boolean; jobId?: string },
): Promise<BundleExportResult & { media: string | null }> {
  const capsule = ctx.library.get(request.capsuleId);
  const jobId = request.jobId ?? randomUUID();
  let outFile = request.outFile;
  let media: string | null = null;
  if (outFile === null) {
    mkdirSync(bundleExportsDir(ctx.libraryDir), { recursive: true });
    outFile = path.join(bundleExportsDir(ctx.libraryDir), `${jobId}.capsule`);
    media = `bundle/${jobId}`;
  } else {
    outFile = path.resolve(outFile);
    if (!existsSync(path.dirname(outFile)) || !statSync(path.dirname(outFile)).isDirectory()) throw new StudioError('FILE_NOT_FOUND', `There is no folder ${path.dirname(outFile)}.`);
  }
  ctx.jobs.enqueue<ExportPayload>(BUNDLE_EXPORT_JOB, { capsuleId: capsule.id, outFile, takes: request.takes ?? 'chosen', overwrite: request.overwrite ?? false }, { id: jobId, title: capsule.title, capsuleId: capsule.id });
  const result = await ctx.jobs.result<BundleExportResult>(jobId);
  return { ...result, media };
}

/** Starts an import and waits for its report. */
export async function importCapsuleFile(ctx: StudioContext, request: { zipPath: string; sourceName?: string; jobId?: string }): Promise<ImportReport> {
  const zipPath = path.resolve(request.zipPath);
  if (!existsSync(zipPath) || !statSync(zipPath).isFile()) throw new StudioError('FILE_NOT_FOUND', `There is no file at ${zipPath}.`, { path: zipPath });
  const jobId = request.jobId ?? randomUUID();
  const sourceName = path.basename(request.sourceName ?? zipPath);
  ctx.jobs.enqueue<ImportPayload>(CAPSULE_IMPORT_JOB, { zipPath, sourceName }, { id: jobId, title: sourceName });
  return ctx.jobs.result<ImportReport>(jobId);
}
