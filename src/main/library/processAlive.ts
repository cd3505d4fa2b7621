// Runs in Node (main side). Whether a process recorded in the library still runs: the library lock and
// the crash sweep must tell a live owner from a dead one (or from a new process that reused its pid).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The kernel's start time of a process (field 22 of /proc/<pid>/stat, in clock ticks since boot) on
 * Linux, or null elsewhere. A pid plus its start time names one process, even after the pid is reused.
 */
export function processStartTime(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return null; // a zombie has exited already
    return fields[19] ?? null;
  } catch {
    return null; // no such process (or /proc hidden): treated as gone by the caller only when the pid is gone too
  }
}

/** True while `pid` runs (and, when known, is still the process that started at `startTime`). */
export function isProcessAlive(pid: number, startTime: string | null = null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (process.platform !== 'linux') return true;
  const current = processStartTime(pid);
  if (current === null) return false;
  return startTime === null || current === startTime;
}

/**
 * The command line of a live process ('' when unknown), to check a pid is still the FFmpeg we started:
 * /proc on Linux, `ps` on macOS and the BSDs, unknown on Windows.
 */
export function processCommandLine(pid: number): string {
  if (process.platform === 'linux') {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    } catch {
      return '';
    }
  }
  if (process.platform === 'win32') return '';
  const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 });
  return ps.status === 0 ? ps.stdout.trim() : '';
}
