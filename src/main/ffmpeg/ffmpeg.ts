// Runs in Node (main side). THE module through which every FFmpeg and ffprobe call goes:
// it spawns without a shell (each child dies with the studio: childGuard.ts), reports progress, keeps
// a stderr tail for errors, and can be cancelled.
import type { ChildProcess } from 'node:child_process';
import os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { StudioError, cancelledError } from '../../shared/errors';
import { spawnGuarded } from './childGuard';
import { locateFfmpeg, type FfmpegBinaries, type LocateOptions } from './locateFfmpeg';
import { ProgressParser, maskSecrets, type FfmpegProgress } from './progress';

let located: Promise<FfmpegBinaries> | null = null;

/** Chooses the binaries once; call again with new options after the user changes the setting. */
export function configureFfmpeg(options: LocateOptions = {}): Promise<FfmpegBinaries> {
  located = locateFfmpeg(options);
  // A failed lookup must not be cached forever: the user may install FFmpeg and retry.
  located.catch(() => {
    located = null;
  });
  return located;
}

export function ffmpegBinaries(): Promise<FfmpegBinaries> {
  return located ?? configureFfmpeg();
}

const STDERR_TAIL_BYTES = 64 * 1024;

export interface FfmpegRunOptions {
  signal?: AbortSignal;
  /** Expected output duration, to turn out_time into a fraction. */
  durationSec?: number;
  onProgress?: (progress: FfmpegProgress & { fraction: number | null }) => void;
  /** Data to write to FFmpeg's stdin (for example a live program stream). */
  stdin?: Readable;
  cwd?: string;
  /** Names the work in error messages, for example `grain 2`. */
  label?: string;
  /** `-loglevel` for stderr; `error` by default. */
  logLevel?: string;
  /** `background`: below normal priority, for work that must never slow what the user is doing (a recording). */
  priority?: 'normal' | 'background';
}

export interface FfmpegHandle {
  process: ChildProcess;
  /** Settles when FFmpeg exits: resolves on exit code 0. */
  done: Promise<{ stderrTail: string }>;
  /** Asks FFmpeg to finish its output cleanly (writes `q`), then kills it after a grace period. */
  stop(graceMs?: number): Promise<void>;
  /** FFmpeg's stdin when no `stdin` stream was given and `-nostdin` was not used. */
  input: Writable | null;
}

export function classifyFfmpegFailure(stderrTail: string, label: string | undefined, exitDescription: string): StudioError {
  const where = label ? ` (${label})` : '';
  if (/No space left on device|ENOSPC/i.test(stderrTail)) {
    return new StudioError('DISK_FULL', `The disk is full${where}: free some space and try again.`, { label });
  }
  const lastLine = stderrTail.trim().split('\n').filter(Boolean).slice(-1)[0] ?? exitDescription;
  return new StudioError('FFMPEG_FAILED', `FFmpeg failed${where}: ${lastLine}`, { label, stderrTail: stderrTail.slice(-4000) });
}

/** Starts FFmpeg with progress on stdout. The caller decides what to do with the handle. */
export async function startFfmpeg(args: readonly string[], options: FfmpegRunOptions = {}): Promise<FfmpegHandle> {
  const { ffmpeg } = await ffmpegBinaries();
  if (options.signal?.aborted) throw cancelledError();
  const fullArgs = ['-hide_banner', '-nostats', '-loglevel', options.logLevel ?? 'error', '-progress', 'pipe:1', ...args];
  const child = spawnGuarded(ffmpeg, fullArgs, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });

  let stderrTail = '';
  if (options.priority === 'background' && child.pid !== undefined) {
    try {
      os.setPriority(child.pid, os.constants.priority.PRIORITY_BELOW_NORMAL);
    } catch (error) {
      // Lowering one's own child's priority is always allowed; a child that already exited cannot be.
      // The encode goes on at normal priority, and the reason stays with its output.
      stderrTail += `priority not lowered: ${(error as Error).message}\n`;
    }
  }
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    stderrTail = (stderrTail + text).slice(-STDERR_TAIL_BYTES);
  });
  const parser = new ProgressParser((progress) => {
    const fraction = options.durationSec && options.durationSec > 0 ? Math.min(1, progress.outTimeSec / options.durationSec) : null;
    options.onProgress?.({ ...progress, fraction });
  });
  child.stdout?.setEncoding('utf8');
  child.stdout?.on('data', (text: string) => parser.push(text));

  if (options.stdin && child.stdin) {
    options.stdin.pipe(child.stdin);
    // FFmpeg closing its input early (it stopped) must not crash the process with EPIPE.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'EOF') stderrTail += `\nstdin: ${error.message}`;
    });
  } else {
    child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') stderrTail += `\nstdin: ${error.message}`;
    });
  }

  let cancelled = false;
  let killTimer: NodeJS.Timeout | null = null;
  const stop = (graceMs = 3000): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      if (child.stdin && !child.stdin.destroyed && !options.stdin) child.stdin.write('q');
      else child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    });

  const onAbort = () => {
    cancelled = true;
    child.kill('SIGKILL');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const done = new Promise<{ stderrTail: string }>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(new StudioError('FFMPEG_BROKEN', `FFmpeg could not be started: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (cancelled) return reject(cancelledError());
      if (code === 0) return resolve({ stderrTail });
      reject(classifyFfmpegFailure(stderrTail, options.label, signal ? `killed by ${signal}` : `exit code ${code}`));
    });
  });
  // Callers that only use the handle must still see failures through `done`; avoid unhandled noise here.
  done.catch(() => undefined);

  return { process: child, done, stop, input: options.stdin ? null : child.stdin };
}

/** Runs FFmpeg to completion. */
export async function runFfmpeg(args: readonly string[], options: FfmpegRunOptions = {}): Promise<{ stderrTail: string }> {
  const handle = await startFfmpeg(args, options);
  handle.input?.end();
  return handle.done;
}

export function describeCommand(args: readonly string[]): string {
  return ['ffmpeg', ...maskSecrets(args)].join(' ');
}

// ---------------------------------------------------------------- ffprobe

export interface ProbeStream {
  index: number;
  codec_type: 'video' | 'audio' | 'subtitle' | 'data' | string;
  codec_name?: string;
  width?: number;
  height?: number;
  pix_fmt?: string;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  sample_rate?: string;
  channels?: number;
  duration?: string;
}

export interface ProbeResult {
  format: { duration?: string; size?: string; format_name?: string; bit_rate?: string; tags?: Record<string, string> };
  streams: ProbeStream[];
  chapters: { id: number; start_time: string; end_time: string; tags?: { title?: string } }[];
}

/** Reads a media file's streams, format and chapters. */
export async function probeMedia(file: string, options: { signal?: AbortSignal } = {}): Promise<ProbeResult> {
  const { ffprobe } = await ffmpegBinaries();
  if (!ffprobe) throw new StudioError('FFPROBE_NOT_FOUND', 'ffprobe was not found next to FFmpeg or on PATH.');
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters', file];
  const { stdout, stderr, code } = await collect(ffprobe, args, options.signal);
  if (code !== 0) {
    throw new StudioError('MEDIA_UNREADABLE', `This media file cannot be read: ${stderr.trim().split('\n').slice(-1)[0] ?? 'unknown error'}`, { file });
  }
  const parsed = JSON.parse(stdout) as Partial<ProbeResult>;
  return { format: parsed.format ?? {}, streams: parsed.streams ?? [], chapters: parsed.chapters ?? [] };
}

/** Runs ffprobe with free arguments (for example frame-level queries in tests and checks). */
export async function runFfprobe(args: readonly string[], options: { signal?: AbortSignal } = {}): Promise<string> {
  const { ffprobe } = await ffmpegBinaries();
  if (!ffprobe) throw new StudioError('FFPROBE_NOT_FOUND', 'ffprobe was not found next to FFmpeg or on PATH.');
  const { stdout, stderr, code } = await collect(ffprobe, args, options.signal);
  if (code !== 0) throw new StudioError('FFPROBE_FAILED', `ffprobe failed: ${stderr.trim().split('\n').slice(-1)[0] ?? ''}`);
  return stdout;
}

/** Runs FFmpeg and returns its raw stdout (for filters that print measurements, such as loudnorm or silencedetect on stderr). */
export async function runFfmpegCapture(args: readonly string[], options: { signal?: AbortSignal; label?: string } = {}): Promise<{ stdout: Buffer; stderr: string }> {
  const { ffmpeg } = await ffmpegBinaries();
  return new Promise((resolve, reject) => {
    const child = spawnGuarded(ffmpeg, ['-hide_banner', '-nostdin', ...args], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-4 * STDERR_TAIL_BYTES);
    });
    const onAbort = () => child.kill('SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => reject(new StudioError('FFMPEG_BROKEN', `FFmpeg could not be started: ${error.message}`)));
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      if (options.signal?.aborted) return reject(cancelledError());
      if (code !== 0) return reject(classifyFfmpegFailure(stderr, options.label, `exit code ${code}`));
      resolve({ stdout: Buffer.concat(chunks), stderr });
    });
  });
}

function collect(binary: string, args: readonly string[], signal?: AbortSignal): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawnGuarded(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (text: string) => (stdout += text));
    child.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-STDERR_TAIL_BYTES)));
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error) => reject(new StudioError('FFPROBE_NOT_FOUND', `ffprobe could not be started: ${error.message}`)));
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(cancelledError());
      resolve({ stdout, stderr, code });
    });
  });
}
