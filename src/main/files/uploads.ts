// Runs in Node (main side). Files the user picks or drops in the page travel as uploads, in parts,
// into the library's uploads folder; a finished upload becomes a read grant. This is how the browser
// build (and the desktop app's drop zone) hands a file to the main side without naming a path.
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MAX_UPLOAD_BYTES, type FileChoice, type READ_PURPOSES } from '../../shared/api/files';
import { StudioError } from '../../shared/errors';
import type { FileGrants } from './fileGrants';

type ReadPurpose = (typeof READ_PURPOSES)[number];

interface Upload {
  purpose: ReadPurpose;
  name: string;
  size: number;
  received: number;
  nextSeq: number;
  fd: number;
  partFile: string;
}

/** Uploads in progress at once (a drop of several files, a retry): a bound on open files and disk. */
export const MAX_CONCURRENT_UPLOADS = 4;

const EXTENSIONS: Record<ReadPurpose, RegExp> = {
  'read-pdf': /\.pdf$/i,
  'read-video': /\.(mp4|m4v|mov|mkv|webm)$/i,
  'read-audio': /\.(mp3|wav|ogg|oga|m4a|flac|opus|aac)$/i,
  'read-captions': /\.vtt$/i,
  'read-bundle': /\.(capsule|zip)$/i,
};

export function uploadsDir(libraryDir: string): string {
  return path.join(libraryDir, 'uploads');
}

/** Grants live in memory: at start, every upload a previous run left behind is orphaned. */
export function sweepUploads(libraryDir: string): number {
  let removed = 0;
  try {
    for (const entry of readdirSync(uploadsDir(libraryDir))) {
      rmSync(path.join(uploadsDir(libraryDir), entry), { recursive: true, force: true });
      removed += 1;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return removed;
}

export class Uploads {
  private readonly uploads = new Map<string, Upload>();

  constructor(
    private readonly libraryDir: string,
    private readonly grants: FileGrants,
  ) {}

  begin(request: { purpose: ReadPurpose; name: string; size: number }): { uploadId: string } {
    if (request.size > MAX_UPLOAD_BYTES[request.purpose]) throw new StudioError('UPLOAD_TOO_LARGE', 'This file is larger than the studio accepts.', { limit: MAX_UPLOAD_BYTES[request.purpose] });
    if (this.uploads.size >= MAX_CONCURRENT_UPLOADS) throw new StudioError('FILE_BUSY', 'Other files are still being sent; try again when they are done.');
    // Only the name's last part, and only the extension the purpose expects, reach the disk.
    const name = path.basename(request.name.replace(/\\/g, '/')).replace(/[\u0000-\u001f]/g, '') || 'file';
    const extension = EXTENSIONS[request.purpose].exec(name)?.[0]?.toLowerCase();
    if (!extension) throw new StudioError('BAD_ARGS', `${name} does not have the kind of name expected here.`);
    const uploadId = `u${randomBytes(16).toString('hex')}`;
    mkdirSync(uploadsDir(this.libraryDir), { recursive: true, mode: 0o700 });
    const partFile = path.join(uploadsDir(this.libraryDir), `${uploadId}.part`);
    const fd = openSync(partFile, 'wx', 0o600);
    this.uploads.set(uploadId, { purpose: request.purpose, name, size: request.size, received: 0, nextSeq: 0, fd, partFile });
    return { uploadId };
  }

  append(uploadId: string, seq: number, bytes: Uint8Array): void {
    const upload = this.get(uploadId);
    if (seq !== upload.nextSeq) throw new StudioError('CHUNK_OUT_OF_ORDER', `Part ${upload.nextSeq} was expected, not ${seq}.`);
    if (upload.received + bytes.byteLength > upload.size) {
      this.abort(uploadId);
      throw new StudioError('UPLOAD_TOO_LARGE', 'More bytes arrived than the file was said to have.');
    }
    let offset = 0;
    while (offset < bytes.byteLength) offset += writeSync(upload.fd, bytes, offset, bytes.byteLength - offset);
    upload.received += bytes.byteLength;
    upload.nextSeq += 1;
  }

  finish(uploadId: string): FileChoice {
    const upload = this.get(uploadId);
    if (upload.received !== upload.size) {
      this.abort(uploadId);
      throw new StudioError('UPLOAD_INCOMPLETE', 'The file did not arrive completely; send it again.', { received: upload.received, size: upload.size });
    }
    closeSync(upload.fd);
    this.uploads.delete(uploadId);
    const file = path.join(uploadsDir(this.libraryDir), `${uploadId}${EXTENSIONS[upload.purpose].exec(upload.name)![0].toLowerCase()}`);
    renameSync(upload.partFile, file);
    return this.grants.grantRead(file, upload.purpose, { ownsFile: true, name: upload.name });
  }

  abort(uploadId: string): void {
    const upload = this.uploads.get(uploadId);
    if (!upload) return;
    this.uploads.delete(uploadId);
    closeSync(upload.fd);
    rmSync(upload.partFile, { force: true });
  }

  abortAll(): void {
    for (const uploadId of [...this.uploads.keys()]) this.abort(uploadId);
  }

  private get(uploadId: string): Upload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new StudioError('NOT_FOUND', 'This upload is not in progress.');
    return upload;
  }
}
