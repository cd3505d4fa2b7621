// Runs in Node (main side). Remembers, in the library, the scratch files and FFmpeg children a run
// creates (a `.part` output in the user's folder, an encoder), so the next owner of the library can
// remove and stop what a crash or a `kill -9` left behind, including outside the library folder.
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { nowIso, type Db } from './database';
import { isProcessAlive, processCommandLine } from './processAlive';

export interface SweepReport {
  removedPaths: string[];
  killedProcesses: number[];
}

interface EntryRow {
  id: number;
  kind: 'file' | 'dir' | 'process';
  path: string;
  pid: number | null;
  runner: string;
}

/** Names a run may create and the sweep may delete: `x.part`, `.x.<id>.part`, `export-<id>`. */
export function isScratchName(name: string): boolean {
  return name.endsWith('.part') || /^export-[A-Za-z0-9-]+$/.test(name);
}

/** Scratch folders inside the library, swept by name (no record needed): the montage cache. */
export function libraryScratchDirs(libraryDir: string): string[] {
  return [path.join(libraryDir, 'cache', 'montage'), path.join(libraryDir, 'cache')];
}

export class ScratchRegistry {
  constructor(
    private readonly db: Db,
    /** This process's library-lock token; null (no lock) records nothing. */
    private readonly runner: string | null,
  ) {}

  trackFile(file: string): void {
    this.insert('file', path.resolve(file), null);
  }

  trackProcess(pid: number, commandName: string): void {
    this.insert('process', commandName, pid);
  }

  processEnded(pid: number): void {
    if (!this.runner) return;
    this.db.prepare("DELETE FROM scratch_entries WHERE kind = 'process' AND pid = ? AND runner = ?").run(pid, this.runner);
  }

  /** At a clean close: forgets this run's entries whose files are gone (renamed into place or removed). */
  forgetFinished(): void {
    if (!this.runner) return;
    const rows = this.db.prepare('SELECT * FROM scratch_entries WHERE runner = ?').all(this.runner) as EntryRow[];
    const remove = this.db.prepare('DELETE FROM scratch_entries WHERE id = ?');
    for (const row of rows) if (row.kind === 'process' || !existsSync(row.path)) remove.run(row.id);
  }

  /**
   * Stops the FFmpeg children and removes the scratch files of runs that are gone (call while holding
   * the library lock, before any job starts), plus scratch names in the library's cache folders.
   */
  sweepGoneRunners(libraryDir: string): SweepReport {
    const report: SweepReport = { removedPaths: [], killedProcesses: [] };
    const rows = this.db.prepare('SELECT * FROM scratch_entries WHERE runner IS NOT ?').all(this.runner) as EntryRow[];
    for (const row of rows.filter((r) => r.kind === 'process')) {
      // Only a live process that still is the program recorded: a reused pid is left alone.
      if (row.pid === null || !isProcessAlive(row.pid)) continue;
      // Unknown (Windows) or another program: a pid we cannot vouch for is never killed.
      const commandLine = processCommandLine(row.pid);
      if (!commandLine.includes(path.basename(row.path))) continue;
      try {
        process.kill(row.pid, 'SIGKILL');
        report.killedProcesses.push(row.pid);
      } catch {
        // It ended between the check and the kill: nothing left to stop.
      }
    }
    for (const row of rows.filter((r) => r.kind !== 'process')) {
      if (!isScratchName(path.basename(row.path)) || !existsSync(row.path)) continue;
      rmSync(row.path, { recursive: true, force: true });
      report.removedPaths.push(row.path);
    }
    this.db.prepare('DELETE FROM scratch_entries WHERE runner IS NOT ?').run(this.runner);
    for (const dir of libraryScratchDirs(libraryDir)) {
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        if (!isScratchName(name)) continue;
        const full = path.join(dir, name);
        if (!statSync(full).isDirectory() && !name.endsWith('.part')) continue;
        rmSync(full, { recursive: true, force: true });
        report.removedPaths.push(full);
      }
    }
    return report;
  }

  private insert(kind: EntryRow['kind'], where: string, pid: number | null): void {
    if (!this.runner) return;
    this.db.prepare('INSERT INTO scratch_entries (kind, path, pid, runner, created_at) VALUES (?, ?, ?, ?, ?)').run(kind, where, pid, this.runner, nowIso());
  }
}
