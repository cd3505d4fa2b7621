// Runs in Node (main side). StudioApi methods about the app: info, settings, jobs, library files shown,
// saved elsewhere or served as media (finished videos).
import { copyFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CallsOf } from '../../shared/api/method';
import type { appMethods } from '../../shared/api/app';
import { StudioError } from '../../shared/errors';
import type { StudioContext } from '../context';
import { configureFfmpeg, ffmpegBinaries } from '../ffmpeg/ffmpeg';

export function createAppHandlers(ctx: StudioContext): CallsOf<typeof appMethods> {
  return {
    async getAppInfo() {
      let ffmpeg: { path: string; version: string; source: string } | { error: string };
      try {
        const found = await ffmpegBinaries();
        ffmpeg = { path: found.ffmpeg, version: found.version, source: found.source };
      } catch (error) {
        ffmpeg = { error: (error as Error).message };
      }
      return {
        version: ctx.version,
        binding: ctx.binding === 'electron' ? 'electron' : 'loopback',
        libraryDir: ctx.libraryDir,
        ffmpeg,
        secretsEncrypted: ctx.secrets.encrypted,
        secretStorage: ctx.secrets.status(),
        desktop: ctx.desktop.available,
        platform: `${os.platform()} ${os.arch()}`,
      };
    },
    async getSettings() {
      return ctx.settings.all();
    },
    async updateSettings(patch) {
      // The FFmpeg program is run by the main side: it is chosen in a native dialog and checked
      // (chooseFfmpeg), never set from a value sent here. Clearing it (back to automatic) is fine.
      if (patch.ffmpegPath !== undefined && patch.ffmpegPath !== null) {
        throw new StudioError('FORBIDDEN', 'The FFmpeg program is chosen in the app’s own dialog, not set by value.');
      }
      const all = ctx.settings.merge(patch);
      if ('ffmpegPath' in patch) {
        await configureFfmpeg({ settingPath: (patch.ffmpegPath) ?? null, resourcesPath: ctx.resourcesPath });
      }
      return all;
    },
    async listJobs(filter) {
      return ctx.jobs.list(filter ?? {});
    },
    async cancelJob(id) {
      ctx.jobs.cancel(id);
    },
    async retryJob(id) {
      return ctx.jobs.retry(id);
    },
    async showMediaInFolder(ref) {
      await ctx.desktop.showItemInFolder(ctx.media.resolve(ref));
    },
    async saveMediaAs(ref, suggestedName) {
      const source = ctx.media.resolve(ref);
      // Only a file name is suggested: the dialog decides the folder.
      const name = path.basename(suggestedName).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_') || path.basename(source);
      const target = await ctx.desktop.pickSaveFile(name);
      if (!target) return null;
      try {
        await copyFile(source, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC') throw new StudioError('DISK_FULL', `The disk is full: ${target} could not be written.`, { file: target });
        throw new StudioError('SAVE_FAILED', `The copy could not be written to ${target} (${code ?? (error as Error).message}).`, { file: target, reason: code ?? 'error' });
      }
      return target;
    },
  };
}
