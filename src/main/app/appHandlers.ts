// Runs in Node (main side). StudioApi methods about the app: info, settings, jobs.
import os from 'node:os';
import type { CallsOf } from '../../shared/api/method';
import type { appMethods } from '../../shared/api/app';
import type { StudioContext } from '../context';
import { configureFfmpeg, ffmpegBinaries } from '../ffmpeg/ffmpeg';
import { StudioError } from '../../shared/errors';

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
        await configureFfmpeg({ settingPath: (patch.ffmpegPath as string | null) ?? null, resourcesPath: ctx.resourcesPath });
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
  };
}
