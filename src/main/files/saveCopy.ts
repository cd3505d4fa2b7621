// Runs in Node (main side). Puts a finished file (a render in the library) where the user chose to
// save it in a native dialog: through a hidden part file in the same folder, so the chosen file is
// never partial, and without replacing an existing file unless the dialog asked the user.
import { randomUUID } from 'node:crypto';
import { copyFileSync, linkSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';

export function copyToChosenPlace(source: string, target: { path: string; overwrite: boolean }): void {
  const part = path.join(path.dirname(target.path), `.${path.basename(target.path)}.${randomUUID().slice(0, 8)}.part`);
  try {
    copyFileSync(source, part);
    if (target.overwrite) renameSync(part, target.path);
    else {
      // link() fails with EEXIST instead of replacing: a file that appeared since the dialog is kept.
      try {
        linkSync(part, target.path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new StudioError('FILE_EXISTS', 'A file with this name appeared where you chose to save; it was not replaced. Choose the place again.');
        throw error;
      }
    }
  } finally {
    rmSync(part, { force: true });
  }
}
