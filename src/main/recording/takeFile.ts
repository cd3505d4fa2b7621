// Runs in Node (main side). The take's file on disk: appended chunk by chunk, flushed to the disk
// regularly, cut back to the last whole chunk when a write fails. The file system is injectable so
// tests can make the disk "full" at an exact byte.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ByteReader } from './webmScan';

export interface TakeWriter {
  /** Writes all of `bytes` at the end of the file, or throws (a partial write may remain). */
  append(bytes: Uint8Array): Promise<void>;
  /** Flushes the data to the disk (fdatasync), so a power cut keeps it. */
  datasync(): Promise<void>;
  truncate(length: number): Promise<void>;
  close(): Promise<void>;
}

export interface TakeFileSystem {
  openForAppend(file: string): Promise<TakeWriter>;
}

export const nodeTakeFileSystem: TakeFileSystem = {
  async openForAppend(file) {
    const handle: FileHandle = await open(file, 'a');
    return {
      async append(bytes) {
        let offset = 0;
        while (offset < bytes.byteLength) {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
          offset += bytesWritten;
        }
      },
      datasync: () => handle.datasync(),
      truncate: (length) => handle.truncate(length),
      close: () => handle.close(),
    };
  },
};

/**
 * A ByteReader over a file through a 256 kB window: scanning a long take touches only element
 * headers, so it reads a small part of the file, never all of it at once.
 */
export function openFileReader(file: string): { read: ByteReader; size: number; close(): void } {
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  const WINDOW = 256 * 1024;
  let windowStart = -1;
  let window = new Uint8Array(0);
  const read: ByteReader = (offset, length) => {
    if (offset >= size || length <= 0) return new Uint8Array(0);
    const wanted = Math.min(length, size - offset);
    if (windowStart < 0 || offset < windowStart || offset + wanted > windowStart + window.length) {
      const buffer = Buffer.allocUnsafe(Math.max(WINDOW, wanted));
      const got = readSync(fd, buffer, 0, buffer.length, offset);
      window = buffer.subarray(0, got);
      windowStart = offset;
    }
    return window.subarray(offset - windowStart, offset - windowStart + wanted);
  };
  return { read, size, close: () => closeSync(fd) };
}
