// Runs in Node (main side). File grants: the only way a renderer designates a file. A native dialog or
// an upload yields an opaque, unguessable id bound to ONE path and ONE purpose; the renderer can only
// pass it back. Paths never come from the renderer, so it cannot make the main side read, write or
// run a file of its choosing, nor learn whether some path exists.
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { FilePurpose } from '../../shared/api/files';

interface Grant {
  purpose: FilePurpose;
  path: string;
  /** What the renderer may show: the file's name, never its folder. */
  name: string;
  /** Save grants: the user confirmed replacing an existing file in the native dialog. */
  overwrite: boolean;
  /** Read grants: the file's identity when it was chosen (a swapped file is refused). */
  identity: { dev: number; ino: number } | null;
  /** Upload grants own their file (in the library's uploads folder) and remove it when they expire. */
  ownsFile: boolean;
  expiresAt: number;
}

export interface GrantedFile {
  path: string;
  name: string;
  overwrite: boolean;
}

/** A grant lives one hour: long enough for a password prompt or a retry, short enough not to pile up. */
export const GRANT_TTL_MS = 60 * 60 * 1000;
/** At most this many live grants; the oldest go first. */
const MAX_GRANTS = 256;

const READ_PURPOSES: ReadonlySet<FilePurpose> = new Set(['read-pdf', 'read-video', 'read-audio', 'read-captions', 'read-bundle']);

function invalid(): StudioError {
  // Same answer for an unknown, expired or wrong-purpose grant: nothing to probe.
  return new StudioError('GRANT_INVALID', 'This file choice has expired or does not allow this; choose the file again.');
}

export class FileGrants {
  private readonly grants = new Map<string, Grant>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A file the user chose to read (native dialog, an upload). */
  grantRead(file: string, purpose: FilePurpose, options: { ownsFile?: boolean; name?: string } = {}): { grant: string; name: string } {
    if (!READ_PURPOSES.has(purpose)) throw new StudioError('BAD_ARGS', `${purpose} is not a purpose for reading.`);
    const absolute = path.resolve(file);
    const stat = statSync(absolute);
    if (!stat.isFile()) throw new StudioError('FILE_NOT_FOUND', 'The chosen item is not a file.');
    return this.add({ purpose, path: absolute, name: options.name ?? path.basename(absolute), overwrite: false, identity: { dev: stat.dev, ino: stat.ino }, ownsFile: options.ownsFile ?? false });
  }

  /** A place the user chose to save to in a native save dialog (which asked before replacing a file). */
  grantSave(file: string, purpose: FilePurpose, options: { overwrite: boolean }): { grant: string; name: string } {
    if (READ_PURPOSES.has(purpose)) throw new StudioError('BAD_ARGS', `${purpose} is not a purpose for saving.`);
    const absolute = path.resolve(file);
    return this.add({ purpose, path: absolute, name: path.basename(absolute), overwrite: options.overwrite, identity: null, ownsFile: false });
  }

  /** The file behind a grant, for this purpose only. Checks that a read grant's file is still the one chosen. */
  use(grant: string, purpose: FilePurpose): GrantedFile {
    this.expire();
    const entry = this.grants.get(grant);
    if (!entry || entry.purpose !== purpose) throw invalid();
    if (entry.identity) {
      let stat;
      try {
        stat = statSync(entry.path);
      } catch {
        // Gone since the user chose it: say so (the user chose this path, nothing is revealed).
        throw new StudioError('FILE_CHANGED', 'The chosen file changed or disappeared since you chose it; choose it again.', { name: entry.name });
      }
      if (!stat.isFile() || stat.dev !== entry.identity.dev || stat.ino !== entry.identity.ino) {
        throw new StudioError('FILE_CHANGED', 'The chosen file changed or disappeared since you chose it; choose it again.', { name: entry.name });
      }
    }
    return { path: entry.path, name: entry.name, overwrite: entry.overwrite };
  }

  /** Ends a grant now (and removes an uploaded file it owns). */
  release(grant: string): void {
    const entry = this.grants.get(grant);
    if (!entry) return;
    this.grants.delete(grant);
    if (entry.ownsFile) rmSync(entry.path, { force: true });
  }

  /** Ends every grant (the studio closes): uploaded files go with them. */
  releaseAll(): void {
    for (const grant of [...this.grants.keys()]) this.release(grant);
  }

  size(): number {
    return this.grants.size;
  }

  private add(entry: Omit<Grant, 'expiresAt'>): { grant: string; name: string } {
    this.expire();
    while (this.grants.size >= MAX_GRANTS) this.release(this.grants.keys().next().value!);
    // 128 random bits: unguessable, and a valid StudioApi identifier (v.id()).
    const grant = `g${randomBytes(16).toString('hex')}`;
    this.grants.set(grant, { ...entry, expiresAt: this.now() + GRANT_TTL_MS });
    return { grant, name: entry.name };
  }

  private expire(): void {
    const now = this.now();
    for (const [grant, entry] of this.grants) if (entry.expiresAt <= now) this.release(grant);
  }
}
