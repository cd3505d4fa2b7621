// Runs in Node (main side). Decides which FFmpeg binary every job uses, once.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { StudioError } from '../../shared/errors';

const execFileAsync = promisify(execFile);

export type FfmpegSource = 'setting' | 'FFMPEG_PATH' | 'ffmpeg-static' | 'PATH';

export interface FfmpegBinaries {
  ffmpeg: string;
  /** ffprobe beside the chosen ffmpeg, or on PATH; null when there is none (ffmpeg-static ships none). */
  ffprobe: string | null;
  source: FfmpegSource;
  version: string;
}

export interface LocateOptions {
  /** The user's setting, which wins over everything else. */
  settingPath?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Where a packaged app keeps its bundled binary (process.resourcesPath). */
  resourcesPath?: string | null;
}

/** Candidates in the documented order: a setting, then FFMPEG_PATH, then ffmpeg-static, then PATH. */
export function ffmpegCandidates(options: LocateOptions = {}): { source: FfmpegSource; path: string }[] {
  const env = options.env ?? process.env;
  const candidates: { source: FfmpegSource; path: string }[] = [];
  if (options.settingPath) candidates.push({ source: 'setting', path: options.settingPath });
  if (env.FFMPEG_PATH) candidates.push({ source: 'FFMPEG_PATH', path: env.FFMPEG_PATH });
  const bundled = bundledFfmpegPath(options.resourcesPath ?? null);
  if (bundled) candidates.push({ source: 'ffmpeg-static', path: bundled });
  const onPath = findOnPath(process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg', env);
  if (onPath) candidates.push({ source: 'PATH', path: onPath });
  return candidates;
}

function bundledFfmpegPath(resourcesPath: string | null): string | null {
  const exe = process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg';
  if (resourcesPath) {
    const packaged = path.join(resourcesPath, exe);
    if (existsSync(packaged)) return packaged;
  }
  try {
    const require = createRequire(import.meta.url);
    const staticPath = require('ffmpeg-static') as string | null;
    if (staticPath && existsSync(staticPath)) return staticPath;
    return null;
  } catch (error) {
    // ffmpeg-static is an optional dependency: its absence (or a failed binary download) is expected.
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw error;
  }
}

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

async function versionOf(binary: string): Promise<string> {
  const { stdout } = await execFileAsync(binary, ['-hide_banner', '-version'], { timeout: 15_000 });
  const firstLine = stdout.split('\n')[0] ?? '';
  return firstLine.replace(/^ffmpeg version\s*/, '').split(' ')[0] ?? 'unknown';
}

function ffprobeBeside(ffmpeg: string, env: NodeJS.ProcessEnv): string | null {
  const exe = process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe';
  if (env.FFPROBE_PATH && existsSync(env.FFPROBE_PATH)) return env.FFPROBE_PATH;
  const sibling = path.join(path.dirname(ffmpeg), exe);
  if (existsSync(sibling)) return sibling;
  return findOnPath(exe, env);
}

/**
 * Returns the first candidate that really runs. A candidate that is set but broken is reported,
 * not skipped silently: a wrong setting must be visible to the user.
 */
export async function locateFfmpeg(options: LocateOptions = {}): Promise<FfmpegBinaries> {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  for (const candidate of ffmpegCandidates(options)) {
    try {
      const version = await versionOf(candidate.path);
      return { ffmpeg: candidate.path, ffprobe: ffprobeBeside(candidate.path, env), source: candidate.source, version };
    } catch (error) {
      problems.push(`${candidate.source} (${candidate.path}): ${(error as Error).message.split('\n')[0]}`);
      if (candidate.source === 'setting' || candidate.source === 'FFMPEG_PATH') {
        throw new StudioError('FFMPEG_BROKEN', `The FFmpeg binary from ${candidate.source} does not run: ${candidate.path}`, { problems });
      }
    }
  }
  throw new StudioError(
    'FFMPEG_NOT_FOUND',
    'FFmpeg was not found. Set its path in the settings, set FFMPEG_PATH, or install FFmpeg (for example `apt install ffmpeg`).',
    { problems },
  );
}
