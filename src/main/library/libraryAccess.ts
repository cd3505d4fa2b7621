// Runs in Node (main side). Opens a library for one process: for writing under the library lock, or,
// when another process owns it and the caller only reads (`capsule list`/`show`), as a read-only view.
import { StudioError } from '../../shared/errors';
import type { Logger } from '../log';
import { openDatabase, type Db } from './database';
import { LibraryLock, currentOwner, type LibraryOwner } from './libraryLock';

export type LibraryAccess = 'write' | 'read';

export interface OpenedLibrary {
  db: Db;
  /** Held while this process owns the library; null in a read-only view. */
  lock: LibraryLock | null;
  /** Set in a read-only view: the live process that owns the library. */
  viewOf: LibraryOwner | null;
  close(): void;
}

export function openLibrary(libraryDir: string, options: { access: LibraryAccess; purpose: string; log: Logger }): OpenedLibrary {
  const db = openDatabase(libraryDir);
  let lock: LibraryLock;
  try {
    lock = LibraryLock.acquire(db, libraryDir, {
      purpose: options.purpose,
      sharedToken: LibraryLock.tokenHeldByThisProcess(db),
      onHeartbeatError: (error) => options.log.warn('library lock heartbeat failed', { message: error.message }),
    });
  } catch (error) {
    db.close();
    if (!(error instanceof StudioError && error.code === 'LIBRARY_BUSY') || options.access !== 'read') throw error;
    const view = openDatabase(libraryDir, [], { readonly: true });
    const owner = currentOwner(view);
    if (!owner) {
      // The owner left between the two looks: take the library after all.
      view.close();
      return openLibrary(libraryDir, options);
    }
    return { db: view, lock: null, viewOf: owner, close: () => view.close() };
  }
  if (lock.tookOverFrom) options.log.info('took over the library from a process that is gone', { pid: lock.tookOverFrom.pid, purpose: lock.tookOverFrom.purpose });
  return {
    db,
    lock,
    viewOf: null,
    close() {
      lock.release();
      db.close();
    },
  };
}
