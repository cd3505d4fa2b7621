// Runs in Node (main side). A multipart/form-data body built as a stream: small text parts are bytes,
// the video is read from disk chunk by chunk while got sends it, so memory stays flat whatever the
// file size. The layout (boundaries, headers, length) is a pure function, unit-tested.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { StudioError } from '../../shared/errors';

export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string;
  path: string;
  size: number;
}

export type MultipartSegment = { kind: 'bytes'; data: Buffer } | { kind: 'file'; path: string; size: number };

export interface MultipartLayout {
  boundary: string;
  contentType: string;
  /** Exact body length, so the server gets a Content-Length and got can report upload progress. */
  length: number;
  segments: MultipartSegment[];
}

export function newBoundary(): string {
  return `----CapsuleStudio${randomBytes(12).toString('hex')}`;
}

/** Quotes and line breaks cannot appear raw in a header parameter (HTML's form encoding escapes them). */
function escapeParameter(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** The body's layout: one part per field (repeated keys kept in order), then the files, then the closing boundary. */
export function multipartLayout(boundary: string, fields: readonly [string, string][], files: readonly MultipartFile[]): MultipartLayout {
  if (!/^[A-Za-z0-9'()+_,./:=?-]{1,70}$/.test(boundary)) throw new StudioError('INTERNAL', 'Invalid multipart boundary.');
  const segments: MultipartSegment[] = [];
  for (const [name, value] of fields) {
    segments.push({ kind: 'bytes', data: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeParameter(name)}"\r\n\r\n${value}\r\n`, 'utf8') });
  }
  for (const file of files) {
    segments.push({
      kind: 'bytes',
      data: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeParameter(file.field)}"; filename="${escapeParameter(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`, 'utf8'),
    });
    segments.push({ kind: 'file', path: file.path, size: file.size });
    segments.push({ kind: 'bytes', data: Buffer.from('\r\n') });
  }
  segments.push({ kind: 'bytes', data: Buffer.from(`--${boundary}--\r\n`) });
  const length = segments.reduce((sum, segment) => sum + (segment.kind === 'bytes' ? segment.data.length : segment.size), 0);
  return { boundary, contentType: `multipart/form-data; boundary=${boundary}`, length, segments };
}

const CHUNK_BYTES = 1024 * 1024;

/**
 * The body as a Readable that reads files lazily. A file that changed size since the layout was made
 * would make the Content-Length lie: that stops the upload with a clear error.
 */
export function multipartStream(layout: MultipartLayout): Readable {
  async function* produce(): AsyncGenerator<Buffer> {
    for (const segment of layout.segments) {
      if (segment.kind === 'bytes') {
        yield segment.data;
        continue;
      }
      let sent = 0;
      for await (const chunk of createReadStream(segment.path, { highWaterMark: CHUNK_BYTES })) {
        sent += (chunk as Buffer).length;
        if (sent > segment.size) break;
        yield chunk as Buffer;
      }
      if (sent !== segment.size) throw new StudioError('POD_FILE_CHANGED', `The file ${segment.path} changed while it was being uploaded (${sent} bytes instead of ${segment.size}). Publish again once it is complete.`);
    }
  }
  return Readable.from(produce(), { objectMode: false, highWaterMark: CHUNK_BYTES });
}
