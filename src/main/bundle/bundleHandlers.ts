// Runs in Node (main side). StudioApi methods of capsule bundles: export to a `.capsule` file and
// import a bundle or a Polymny export. Files come as grants from a renderer, as paths from the CLI.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { CallsOf } from '../../shared/api/method';
import type { bundleMethods } from '../../shared/api/bundle';
import { StudioError } from '../../shared/errors';
import type { StudioContext } from '../context';
import { mainSidePath } from '../files/fileArgs';
import type { TakeStore } from '../recording/takeStore';
import { bundleExportsDir, exportCapsuleBundle, importCapsuleFile, registerBundleJobs } from './bundleJobs';

export function createBundleHandlers(ctx: StudioContext, takes: TakeStore): CallsOf<typeof bundleMethods> {
  registerBundleJobs(ctx, takes);
  ctx.media.register('bundle', (id) => {
    const file = path.join(bundleExportsDir(ctx.libraryDir), `${id}.capsule`);
    return existsSync(file) ? file : null;
  });
  return {
    async exportCapsuleBundle(capsuleId, options) {
      const cliPath = mainSidePath(options?.path, 'where to save the bundle');
      const granted = options?.saveGrant ? ctx.grants.use(options.saveGrant, 'save-bundle') : undefined;
      const outFile = granted?.path ?? cliPath ?? null;
      const overwrite = granted ? granted.overwrite : (options?.overwrite ?? false);
      return exportCapsuleBundle(ctx, { capsuleId, outFile, takes: options?.takes, overwrite, jobId: options?.jobId });
    },
    async importCapsuleFile({ source, jobId }) {
      const granted = source.grant ? ctx.grants.use(source.grant, 'read-bundle') : null;
      const zipPath = granted?.path ?? mainSidePath(source.path, 'a bundle');
      if (!zipPath) throw new StudioError('BAD_ARGS', 'Choose the bundle or Polymny export to import.');
      try {
        return await importCapsuleFile(ctx, { zipPath, sourceName: granted?.name, jobId });
      } finally {
        // An uploaded bundle (gigabytes) goes as soon as it is imported; a dialog's file is only forgotten.
        if (source.grant) ctx.grants.release(source.grant);
      }
    },
  };
}
