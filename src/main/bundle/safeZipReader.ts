// Runs in Node (main side). The one way the studio reads a ZIP it did not write (capsule bundles,
// Polymny exports): hostile input. The whole central directory is checked before a byte is
// extracted — names that leave the destination (zip-slip), links and special files, the number of
// entries, the total uncompressed size and each entry's compression ratio (zip bombs) — and while
// extracting, every entry is streamed (never whole in memory), its size and CRC-32 checked.
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { StudioError, cancelledError } from '../../shared/errors';
import { zipEntryProblem } from '../../shared/logic/zipEntryName';

export interface ZipLimits {
  /** Most entries (files and folders) a ZIP may list. */
  maxEntries: number;
  /** Most bytes all entries may hold once uncompressed. */
  maxTotalBytes: number;
  /** Highest uncompressed ÷ compressed ratio of one entry larger than `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

/**
 * Media barely compresses (ratio near 1); JSON and text reach 10 to 20. A 2 GB bundle of one hour of
 * takes is well inside; a ZIP of zeros (ratio 1000) is not.
 */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 32 * 1024 ** 3,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
};

export interface SafeZipEntry {
  name: string;
  size: number;
  isDirectory: boolean;
}

/** What yauzl reports about names that leave the folder (it checks too): the same answer as ours. */
const YAUZL_PATH_ERRORS = /^(absolute path|invalid relative path|invalid characters in fileName)/;

function corrupt(reason: string): StudioError {
  return new StudioError('BUNDLE_CORRUPT', `This file is not a readable ZIP, or it is truncated or damaged (${reason}).`);
}

function fromYauzl(error: Error): StudioError {
  if (error instanceof StudioError) return error;
  if (YAUZL_PATH_ERRORS.test(error.message)) return new StudioError('BUNDLE_UNSAFE_PATH', 'The file holds a name that leaves its folder (an absolute path or “..”): it was refused.');
  return corrupt(error.message.slice(0, 200));
}

export class SafeZip {
  private constructor(
    private readonly zip: yauzl.ZipFile,
    private readonly byName: Map<string, { entry: yauzl.Entry; safe: SafeZipEntry }>,
    readonly totalBytes: number,
  ) {}

  /** Opens a ZIP and checks its whole central directory against `limits`; throws a BUNDLE_* error on the first problem. */
  static async open(file: string, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<SafeZip> {
    let zip: yauzl.ZipFile;
    try {
      zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: true });
    } catch (error) {
      throw fromYauzl(error as Error);
    }
    try {
      if (zip.entryCount > limits.maxEntries) throw tooManyEntries(zip.entryCount, limits);
      const byName = new Map<string, { entry: yauzl.Entry; safe: SafeZipEntry }>();
      let total = 0;
      await new Promise<void>((resolve, reject) => {
        zip.on('error', (error: Error) => reject(fromYauzl(error)));
        zip.on('end', () => resolve());
        zip.on('entry', (entry: yauzl.Entry) => {
          try {
            const name = entry.fileName;
            const problem = zipEntryProblem(name, entry.externalFileAttributes);
            if (problem === 'unsafe-path') throw new StudioError('BUNDLE_UNSAFE_PATH', 'The file holds a name that leaves its folder (an absolute path or “..”): it was refused.', { name: name.slice(0, 100) });
            if (problem === 'link') throw new StudioError('BUNDLE_LINK', 'The file holds a link or a special file: it was refused.', { name: name.slice(0, 100) });
            if (byName.has(name)) throw corrupt(`it names ${name.slice(0, 100)} twice`);
            if (byName.size + 1 > limits.maxEntries) throw tooManyEntries(byName.size + 1, limits);
            total += entry.uncompressedSize;
            if (total > limits.maxTotalBytes) {
              throw new StudioError('BUNDLE_TOO_LARGE', `Once uncompressed, this file would hold more than ${gib(limits.maxTotalBytes)}: it was refused.`, { limit: 'totalBytes', max: limits.maxTotalBytes });
            }
            const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
            if (entry.uncompressedSize > limits.ratioFloorBytes && ratio > limits.maxRatio) {
              throw new StudioError('BUNDLE_TOO_LARGE', `An entry of this file is compressed ${Math.round(ratio)} times (more than ${limits.maxRatio}): it looks like a ZIP bomb and was refused.`, {
                limit: 'ratio',
                max: limits.maxRatio,
                name: name.slice(0, 100),
              });
            }
            byName.set(name, { entry, safe: { name, size: entry.uncompressedSize, isDirectory: name.endsWith('/') } });
            zip.readEntry();
          } catch (error) {
            reject(error);
          }
        });
        zip.readEntry();
      });
      zip.removeAllListeners('error');
      zip.removeAllListeners('entry');
      zip.removeAllListeners('end');
      return new SafeZip(zip, byName, total);
    } catch (error) {
      zip.close();
      throw error;
    }
  }

  get entries(): SafeZipEntry[] {
    return [...this.byName.values()].map((item) => item.safe);
  }

  /** Uncompressed size of an entry, or 0 when the ZIP has no such entry. */
  sizeOf(name: string): number {
    return this.byName.get(name)?.safe.size ?? 0;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Names of the files (not folders). */
  fileNames(): Set<string> {
    return new Set(this.entries.filter((entry) => !entry.isDirectory).map((entry) => entry.name));
  }

  /** A small text entry (a manifest), at most `maxBytes`. */
  async readText(name: string, maxBytes: number): Promise<string> {
    const item = this.byName.get(name);
    if (!item) throw new StudioError('NOT_FOUND', `The ZIP has no ${name}.`);
    if (item.entry.uncompressedSize > maxBytes) throw new StudioError('BUNDLE_TOO_LARGE', `${name} is larger than ${maxBytes} bytes.`, { limit: 'manifestBytes', max: maxBytes });
    const chunks: Buffer[] = [];
    await this.stream(item.entry, async (source) => {
      for await (const chunk of source) chunks.push(chunk as Buffer);
    });
    return Buffer.concat(chunks).toString('utf8');
  }

  /**
   * Extracts the given files (default: every file) under `destDir`, streaming each one. New files
   * only (`wx`): with links refused, nothing can lead a write outside `destDir`.
   */
  async extract(destDir: string, options: { names?: Iterable<string>; signal?: AbortSignal; onBytes?: (bytes: number) => void } = {}): Promise<void> {
    const root = path.resolve(destDir);
    const names = options.names ? [...options.names] : [...this.byName.keys()];
    for (const name of names) {
      if (options.signal?.aborted) throw cancelledError();
      const item = this.byName.get(name);
      if (!item) throw new StudioError('BUNDLE_MANIFEST_INVALID', `The ZIP has no ${name.slice(0, 100)}.`);
      const target = path.resolve(root, ...name.split('/'));
      const relative = path.relative(root, target);
      if (relative.startsWith('..') || path.isAbsolute(relative)) throw new StudioError('BUNDLE_UNSAFE_PATH', 'The file holds a name that leaves its folder: it was refused.');
      if (item.safe.isDirectory) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      mkdirSync(path.dirname(target), { recursive: true });
      let crc = 0;
      let bytes = 0;
      const check = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          crc = crc32(chunk, crc);
          bytes += chunk.length;
          options.onBytes?.(chunk.length);
          callback(null, chunk);
        },
      });
      await this.stream(item.entry, (source) => pipeline(source, check, createWriteStream(target, { flags: 'wx', mode: 0o600 }), { signal: options.signal }));
      if (bytes !== item.entry.uncompressedSize) throw corrupt(`${name.slice(0, 100)} is shorter than announced`);
      if (crc >>> 0 !== item.entry.crc32 >>> 0) throw corrupt(`${name.slice(0, 100)} fails its checksum`);
    }
  }

  close(): void {
    this.zip.close();
  }

  private async stream(entry: yauzl.Entry, consume: (source: NodeJS.ReadableStream) => Promise<void>): Promise<void> {
    let source: NodeJS.ReadableStream;
    try {
      source = await this.zip.openReadStreamPromise(entry);
    } catch (error) {
      throw fromYauzl(error as Error);
    }
    try {
      await consume(source);
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw cancelledError();
      if (error instanceof StudioError || (error as NodeJS.ErrnoException).code) throw error;
      throw fromYauzl(error as Error);
    }
  }
}

function tooManyEntries(found: number, limits: ZipLimits): StudioError {
  return new StudioError('BUNDLE_TOO_MANY_ENTRIES', `This file lists more than ${limits.maxEntries} entries: it was refused.`, { limit: 'entries', max: limits.maxEntries, found });
}

function gib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(0)} GiB` : `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
}
