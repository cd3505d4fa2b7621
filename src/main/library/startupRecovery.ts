// Runs in Node (main side). What the owner of a library does once at start, before any job runs:
// clears what a crashed or killed run left behind (capsule folders without a row, staging folders,
// tracked scratch files and FFmpeg children) and encrypts secrets an older version stored in plain text.
import type { StudioContext } from '../context';
import { sweepOrphans } from './capsuleFiles';
import type { OpenedLibrary } from './libraryAccess';
import type { ScratchRegistry } from './scratchRegistry';
import { childWatch, setChildWatch, type ChildWatch } from '../ffmpeg/childGuard';

export interface RecoveryReport {
  removedPaths: string[];
  killedProcesses: number[];
  encryptedSecrets: number;
}

export async function recoverLibrary(context: StudioContext, opened: OpenedLibrary, scratch: ScratchRegistry): Promise<RecoveryReport> {
  const report: RecoveryReport = { removedPaths: [], killedProcesses: [], encryptedSecrets: 0 };
  // A read-only view touches nothing; a second studio in a process that already owns the library
  // must not sweep what the first one is writing.
  if (!opened.lock || opened.lock.shared) return report;
  const swept = scratch.sweepGoneRunners(context.libraryDir);
  report.killedProcesses = swept.killedProcesses;
  // Holding the lock, nobody else can be committing a capsule or writing a staging folder: no age limit.
  report.removedPaths = [...swept.removedPaths, ...sweepOrphans(context.library, context.libraryDir, 0)];
  report.encryptedSecrets = await context.secrets.encryptPlainRows();
  if (report.removedPaths.length > 0 || report.killedProcesses.length > 0) {
    context.log.info('cleared what an interrupted run left', { files: report.removedPaths.length, processes: report.killedProcesses.length });
  }
  if (report.encryptedSecrets > 0) context.log.info('encrypted secrets stored in plain text by an older version', { count: report.encryptedSecrets });
  return report;
}

/**
 * Recovers the library (above), then records this run's FFmpeg children and `.part` outputs in it
 * until `release`. A read-only view records nothing.
 */
export async function startOwnership(context: StudioContext, opened: OpenedLibrary, scratch: ScratchRegistry): Promise<{ report: RecoveryReport; release(): void }> {
  const report = await recoverLibrary(context, opened, scratch);
  if (!opened.lock) return { report, release: () => undefined };
  const watch: ChildWatch = {
    outputsPlanned: (files) => files.forEach((file) => safely(context, () => scratch.trackFile(file))),
    started: (pid, program) => safely(context, () => scratch.trackProcess(pid, program)),
    ended: (pid) => safely(context, () => scratch.processEnded(pid)),
  };
  // A studio opened inside another (a CLI command run in-process) hands the watch back when it closes.
  const previous = childWatch();
  setChildWatch(watch);
  return {
    report,
    release() {
      if (childWatch() === watch) setChildWatch(previous);
      safely(context, () => scratch.forgetFinished());
    },
  };
}

/** Recording must never stop an encode: a failed insert (database closed at shutdown) is only logged. */
function safely(context: StudioContext, record: () => void): void {
  try {
    record();
  } catch (error) {
    context.log.warn('could not record a scratch entry', { message: (error as Error).message });
  }
}
