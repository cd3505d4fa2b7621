// Runs in Node (main side). StudioApi methods of file choice: native dialogs and uploads that yield
// grants, and the FFmpeg program chosen in a dialog and checked before it is stored.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import type { CallsOf } from '../../shared/api/method';
import type { FilePurpose, filesMethods } from '../../shared/api/files';
import { StudioError } from '../../shared/errors';
import type { StudioContext } from '../context';
import type { FileKind } from '../desktop';
import { configureFfmpeg } from '../ffmpeg/ffmpeg';
import type { FileGrants } from './fileGrants';
import type { Uploads } from './uploads';

const run = promisify(execFile);

const DIALOG_KIND: Record<Exclude<FilePurpose, 'save-video' | 'save-bundle'>, FileKind> = {
  'read-pdf': 'pdf',
  'read-bundle': 'bundle',
  'read-video': 'video',
  'read-audio': 'audio',
  'read-captions': 'any',
};

/** Runs `<file> -version` (never through a shell) and accepts only an answer that FFmpeg gives. */
export async function checkFfmpegProgram(file: string): Promise<string> {
  let stdout: string;
  try {
    ({ stdout } = await run(file, ['-version'], { timeout: 10_000, maxBuffer: 1024 * 1024, windowsHide: true }));
  } catch {
    // Not runnable, timed out or failed: the same answer, the chosen file is not FFmpeg.
    throw new StudioError('FFMPEG_BROKEN', 'The chosen program did not answer like FFmpeg (ffmpeg -version).');
  }
  const firstLine = stdout.split('\n')[0] ?? '';
  if (!/^ffmpeg version \S+/.test(firstLine)) throw new StudioError('FFMPEG_BROKEN', 'The chosen program did not answer like FFmpeg (ffmpeg -version).');
  return firstLine.replace(/^ffmpeg version /, '').split(' ')[0]!;
}

export function createFileHandlers(ctx: StudioContext, grants: FileGrants, uploads: Uploads): CallsOf<typeof filesMethods> {
  return {
    async chooseFile(purpose) {
      const file = await ctx.desktop.pickFile(DIALOG_KIND[purpose]);
      return file === null ? null : grants.grantRead(file, purpose);
    },
    async chooseSaveFile(purpose, suggestedName) {
      const file = await ctx.desktop.pickSaveFile(suggestedName ?? 'capsule.mp4');
      if (file === null) return null;
      // The native save dialog asked the user before returning an existing file: that is their consent.
      return grants.grantSave(file, purpose, { overwrite: existsSync(file) });
    },
    async beginUpload(request) {
      return uploads.begin(request);
    },
    async appendUpload(uploadId, seq, bytes) {
      uploads.append(uploadId, seq, bytes);
    },
    async finishUpload(uploadId) {
      return uploads.finish(uploadId);
    },
    async abortUpload(uploadId) {
      uploads.abort(uploadId);
    },
    async chooseFfmpeg() {
      const file = await ctx.desktop.pickFile('any');
      if (file === null) return null;
      const version = await checkFfmpegProgram(file);
      ctx.settings.set('ffmpegPath', file);
      await configureFfmpeg({ settingPath: file, resourcesPath: ctx.resourcesPath });
      return { path: file, version };
    },
  };
}
