// Runs in Node (test tooling). A streaming multipart/form-data parser for the fake Pod server:
// file parts go to disk chunk by chunk (with their sha256), so a 2 GB upload never sits in memory.
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

export interface StoredFile {
  field: string;
  filename: string;
  contentType: string | null;
  size: number;
  sha256: string;
  /** Where the bytes were written, or null when the server only hashes (benchmarks). */
  path: string | null;
}

export interface ParsedForm {
  fields: [string, string][];
  files: StoredFile[];
}

export class MultipartError extends Error {}

interface PartSink {
  write(data: Buffer): Promise<void>;
  end(): Promise<void>;
}

const MAX_FIELD_BYTES = 1024 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;

export function boundaryOf(contentType: string | undefined): string | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2] ?? null) : null;
}

function parsePartHeaders(block: string): { name: string; filename: string | null; contentType: string | null } {
  let name: string | null = null;
  let filename: string | null = null;
  let contentType: string | null = null;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      name = /(?:^|;)\s*name="([^"]*)"/i.exec(value)?.[1] ?? null;
      const file = /filename="([^"]*)"/i.exec(value);
      filename = file ? (file[1] ?? '') : null;
    } else if (key === 'content-type') {
      contentType = value;
    }
  }
  if (name === null) throw new MultipartError('A multipart part has no name.');
  return { name, filename, contentType };
}

/**
 * Parses `source` as multipart with `boundary`. `fileTarget(field, filename)` returns where to write a
 * file part (null: hash only). `onBytes` sees the running byte count (for fault injection); `hash: false`
 * skips the sha256 (benchmarks, where the server should cost as little as possible).
 */
export async function parseMultipart(
  source: AsyncIterable<Buffer>,
  boundary: string,
  fileTarget: (field: string, filename: string) => string | null,
  onBytes?: (received: number) => void,
  options: { hash?: boolean } = {},
): Promise<ParsedForm> {
  const hashFiles = options.hash !== false;
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const keep = delimiter.length - 1;
  const form: ParsedForm = { fields: [], files: [] };
  let buffer: Buffer = Buffer.from('\r\n');
  let state: 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let sink: PartSink | null = null;
  let received = 0;

  const startPart = (headers: ReturnType<typeof parsePartHeaders>): PartSink => {
    if (headers.filename === null) {
      const chunks: Buffer[] = [];
      let size = 0;
      return {
        write: async (data) => {
          size += data.length;
          if (size > MAX_FIELD_BYTES) throw new MultipartError(`Field ${headers.name} is too long.`);
          chunks.push(data);
        },
        end: async () => {
          form.fields.push([headers.name, Buffer.concat(chunks).toString('utf8')]);
        },
      };
    }
    const target = fileTarget(headers.name, headers.filename);
    const hash = createHash('sha256');
    let out: WriteStream | null = target ? createWriteStream(target) : null;
    let size = 0;
    return {
      write: async (data) => {
        if (hashFiles) hash.update(data);
        size += data.length;
        if (out && !out.write(data)) await once(out, 'drain');
      },
      end: async () => {
        if (out) {
          out.end();
          await once(out, 'finish');
          out = null;
        }
        form.files.push({ field: headers.name, filename: headers.filename ?? '', contentType: headers.contentType, size, sha256: hashFiles ? hash.digest('hex') : '', path: target });
      },
    };
  };

  const drain = async (final: boolean): Promise<void> => {
    for (;;) {
      if (state === 'preamble') {
        const index = buffer.indexOf(delimiter);
        if (index < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - keep));
          return;
        }
        buffer = buffer.subarray(index + delimiter.length);
        state = 'afterDelimiter';
      } else if (state === 'afterDelimiter') {
        if (buffer.length < 2) return;
        const marker = buffer.subarray(0, 2).toString('latin1');
        if (marker === '--') {
          state = 'done';
          return;
        }
        if (marker !== '\r\n') throw new MultipartError('Malformed multipart boundary.');
        buffer = buffer.subarray(2);
        state = 'headers';
      } else if (state === 'headers') {
        const index = buffer.indexOf('\r\n\r\n');
        if (index < 0) {
          if (buffer.length > MAX_HEADER_BYTES) throw new MultipartError('Multipart headers too long.');
          return;
        }
        sink = startPart(parsePartHeaders(buffer.subarray(0, index).toString('utf8')));
        buffer = buffer.subarray(index + 4);
        state = 'body';
      } else if (state === 'body') {
        const index = buffer.indexOf(delimiter);
        if (index < 0) {
          const emit = final ? buffer.length : buffer.length - keep;
          if (emit > 0) {
            await sink!.write(buffer.subarray(0, emit));
            buffer = buffer.subarray(emit);
          }
          return;
        }
        if (index > 0) await sink!.write(buffer.subarray(0, index));
        await sink!.end();
        sink = null;
        buffer = buffer.subarray(index + delimiter.length);
        state = 'afterDelimiter';
      } else {
        return;
      }
    }
  };

  for await (const chunk of source) {
    received += chunk.length;
    onBytes?.(received);
    if ((state as string) === 'done') continue;
    buffer = buffer.length > 0 ? Buffer.concat([buffer, chunk]) : chunk;
    await drain(false);
  }
  if ((state as string) !== 'done') throw new MultipartError('The multipart body ended early.');
  return form;
}
