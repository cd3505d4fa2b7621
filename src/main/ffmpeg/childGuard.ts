// Runs in Node (main side). FFmpeg children die with the studio. Node cannot set PR_SET_PDEATHSIG on a
// child itself, so on Linux each FFmpeg/ffprobe is started through util-linux's `setpriv --pdeathsig KILL`,
// which sets it and then execs the program (same pid, same arguments; see prctl(2) and setpriv(1)):
// when the studio dies, even by `kill -9`, the kernel kills its encoders at once. Where setpriv is
// missing (macOS, Windows, minimal images), every child's pid is recorded in the library (see
// `setChildWatch`) and the next start stops the ones still running (library/scratchRegistry.ts).
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';

/** Told about every FFmpeg child and scratch output, so a crash leaves nothing the next start cannot find. */
export interface ChildWatch {
  /** Before the spawn: outputs ending in `.part` the command will create. */
  outputsPlanned(files: readonly string[]): void;
  started(pid: number, program: string): void;
  ended(pid: number): void;
}

let watch: ChildWatch | null = null;

/** The studio that owns the library installs its watch (one per process: the last owner wins). */
export function setChildWatch(next: ChildWatch | null): void {
  watch = next;
}

export function childWatch(): ChildWatch | null {
  return watch;
}

let setprivPath: string | null | undefined;

/** util-linux setpriv with --pdeathsig (2.33+), checked once; null elsewhere. */
export function pdeathsigWrapper(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  setprivPath = null;
  if (process.platform !== 'linux' || process.env.CAPSULE_NO_PDEATHSIG === '1') return setprivPath;
  for (const candidate of ['/usr/bin/setpriv', '/bin/setpriv']) {
    if (!existsSync(candidate)) continue;
    const probe = spawnSync(candidate, ['--pdeathsig', 'KILL', '--', 'true'], { stdio: 'ignore', timeout: 5000 });
    if (probe.status === 0) {
      setprivPath = candidate;
      break;
    }
  }
  return setprivPath;
}

/** `.part` outputs in an FFmpeg argument list (the last argument of each output, by our builders' convention). */
export function partOutputs(args: readonly string[]): string[] {
  return args.filter((arg) => arg.endsWith('.part') && !arg.startsWith('-') && path.isAbsolute(arg));
}

/**
 * Spawns FFmpeg or ffprobe so that it dies with this process, and tells the watch. The program must be
 * an existing file when wrapped (setpriv would report a missing one as exit 127 rather than ENOENT).
 */
export function spawnGuarded(program: string, args: readonly string[], options: SpawnOptions): ChildProcess & { stdout: Readable; stderr: Readable } {
  const wrapper = pdeathsigWrapper();
  const outputs = partOutputs(args);
  if (outputs.length > 0) watch?.outputsPlanned(outputs);
  const wrapped = wrapper !== null && path.isAbsolute(program) && existsSync(program);
  const child = wrapped ? spawn(wrapper, ['--pdeathsig', 'KILL', '--', program, ...args], options) : spawn(program, [...args], options);
  const current = watch;
  if (child.pid !== undefined && current) {
    const pid = child.pid;
    current.started(pid, path.basename(program));
    child.once('exit', () => current.ended(pid));
  }
  // Every caller pipes stdout and stderr (progress, measurements, errors).
  return child as ChildProcess & { stdout: Readable; stderr: Readable };
}
