// Runs in Node (main side). Downloads of published recording files: resumable with HTTP Range (a `.part`
// file grows until it is complete), retried with backoff on network failures, refused above a size
// limit, cancellable, with byte progress; plus a small pool for bounded concurrency.
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StudioError, cancelledError } from '../../shared/errors';
import { openRemote, type RemoteAnswerHead } from '../net/boundedBody';

export interface DownloadOptions {
  signal?: AbortSignal;
  /** Refuse files larger than this (bytes). */
  maxBytes: number;
  /** Attempts after the first (network failures, 5xx). */
  retries?: number;
  headers?: Record<string, string>;
  onBytes?: (delta: number) => void;
  /** A 404 returns false instead of failing (optional files such as tldraw.json). */
  optional?: boolean;
  timeoutMs?: number;
  /** Base delay of the retry backoff (ms). */
  backoffMs?: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(cancelledError());
      },
      { once: true },
    );
  });

function isRetryable(error: unknown): boolean {
  if (error instanceof StudioError) return error.details?.retryable === true;
  return true; // socket resets, premature closes: the .part file lets the next attempt continue
}

/** Downloads `url` to `dest`. Returns false when optional and missing. */
export async function downloadFile(url: string, dest: string, options: DownloadOptions): Promise<boolean> {
  if (existsSync(dest)) return true;
  await mkdir(path.dirname(dest), { recursive: true });
  const part = `${dest}.part`;
  const retries = options.retries ?? 4;
  // Progress reports what is on disk: bytes counted but lost when a connection broke are taken back.
  let reported = 0;
  const report = (delta: number) => {
    reported += delta;
    options.onBytes?.(delta);
  };
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw cancelledError();
    const onDisk = existsSync(part) ? statSync(part).size : 0;
    if (onDisk !== reported) report(onDisk - reported);
    try {
      return await downloadOnce(url, dest, part, { ...options, onBytes: report });
    } catch (error) {
      if (options.signal?.aborted) throw cancelledError();
      if (attempt >= retries || !isRetryable(error)) throw error instanceof StudioError ? error : networkError(url, error);
      await sleep((options.backoffMs ?? 400) * 2 ** attempt, options.signal);
    }
  }
}

function downloadTimeout(url: string, timeoutMs: number): StudioError {
  return new StudioError('BBB_TIMEOUT', `A recording file was not received within ${Math.round(timeoutMs / 1000)} s (${path.basename(new URL(url).pathname)}): time limit.`, {
    limit: 'time',
    timeoutMs,
    retryable: true,
  });
}

/** The file's name as the teacher can recognise it ("video-0.m4v", "slides_new.xml"). */
function fileOf(url: string): string {
  return path.basename(new URL(url).pathname);
}

/** Why a network failure happened, in the words of the system ("ECONNRESET", "timeout"). */
function reasonOf(error: unknown): string {
  // got puts the system's code on the error itself.
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== 'ERR_GOT_REQUEST_ERROR') return code;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if ((error as Error).name === 'TimeoutError') return 'timeout';
  return (error as Error).message || String(error);
}

function networkError(url: string, error: unknown): StudioError {
  return new StudioError('BBB_DOWNLOAD_FAILED', `A recording file could not be downloaded (${fileOf(url)}): ${(error as Error).message}`, { retryable: true, file: fileOf(url), reason: reasonOf(error) });
}

async function downloadOnce(url: string, dest: string, part: string, options: DownloadOptions): Promise<boolean> {
  const have = existsSync(part) ? statSync(part).size : 0;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (have > 0) headers.range = `bytes=${have}-`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 60_000);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let answer: RemoteAnswerHead;
  let body: Readable;
  try {
    // Bytes as stored (no compression asked): a Range continues the same bytes the part file holds.
    ({ head: answer, body } = await openRemote(url, { headers, signal, decompress: false }));
  } catch (error) {
    if (!options.signal?.aborted && timeout.aborted) throw downloadTimeout(url, options.timeoutMs ?? 60_000);
    throw error;
  }
  if (answer.status === 404 || answer.status === 410) {
    body.destroy();
    if (options.optional) return false;
    throw new StudioError('BBB_FILE_MISSING', `The recording file ${fileOf(url)} is missing on the server.`, { status: answer.status, file: fileOf(url) });
  }
  if (answer.status === 416 && have > 0) {
    // Nothing left to send: the part file is already complete.
    body.destroy();
    await rename(part, dest);
    return true;
  }
  if (!answer.ok) {
    body.destroy();
    throw new StudioError('BBB_DOWNLOAD_FAILED', `The server answered HTTP ${answer.status} for ${fileOf(url)}.`, {
      status: answer.status,
      file: fileOf(url),
      reason: `HTTP ${answer.status}`,
      retryable: answer.status >= 500 || answer.status === 429,
    });
  }
  const append = answer.status === 206 && have > 0;
  const length = Number(answer.headers['content-length'] ?? NaN);
  const total = (append ? have : 0) + (Number.isFinite(length) ? length : 0);
  if (Number.isFinite(length) && total > options.maxBytes) {
    body.destroy();
    throw new StudioError('BBB_FILE_TOO_LARGE', `A recording file is larger than the limit (${Math.round(total / 2 ** 20)} MB > ${Math.round(options.maxBytes / 2 ** 20)} MB).`, {
      file: fileOf(url),
      megabytes: Math.round(total / 2 ** 20),
      limitMegabytes: Math.round(options.maxBytes / 2 ** 20),
      bytes: total,
      limit: options.maxBytes,
    });
  }
  if (!append && have > 0) options.onBytes?.(-have); // the server restarted from zero
  let written = append ? have : 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      written += chunk.length;
      if (written > options.maxBytes) {
        callback(new StudioError('BBB_FILE_TOO_LARGE', `A recording file is larger than the limit (${Math.round(options.maxBytes / 2 ** 20)} MB).`, { limit: options.maxBytes }));
        return;
      }
      options.onBytes?.(chunk.length);
      callback(null, chunk);
    },
  });
  // A dropped connection ends the file normally, so every byte received before the drop reaches the
  // part file (the next attempt's Range starts there); `pipeline` would destroy the file stream and
  // throw away what it still buffered. The drop is thrown once the file is flushed.
  const drop: { error?: Error } = {};
  async function* untilDropped(source: Readable): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) yield chunk as Buffer;
    } catch (error) {
      drop.error = error instanceof Error ? error : new Error(String(error));
    }
  }
  try {
    await pipeline(untilDropped(body), counter, createWriteStream(part, { flags: append ? 'a' : 'w' }));
    if (drop.error) throw drop.error;
  } catch (error) {
    if (error instanceof StudioError && error.code === 'BBB_FILE_TOO_LARGE') await rm(part, { force: true });
    // Say which limit stopped it: the time allowed for one attempt (the .part file lets the next continue).
    if (!(error instanceof StudioError) && !options.signal?.aborted && timeout.aborted) throw downloadTimeout(url, options.timeoutMs ?? 60_000);
    throw error;
  }
  if (Number.isFinite(length) && written !== total) throw new StudioError('BBB_DOWNLOAD_FAILED', 'The download stopped early.', { retryable: true });
  await rename(part, dest);
  return true;
}

/** Runs `worker` over `items` with at most `limit` at once; the first failure stops the rest. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, worker: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  let failure: unknown;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await worker(items[index]!, index);
      } catch (error) {
        // Kept and rethrown once the running lanes stop: no new work starts after a failure.
        if (!failed) failure = error;
        failed = true;
      }
    }
  });
  await Promise.all(lanes);
  if (failed) throw failure;
  return results;
}

/**
 * Runs the tasks side by side. The first failure aborts the others' signal and is thrown once they
 * have all stopped (no download goes on writing after the import failed); the caller's cancellation
 * reaches every task.
 */
export async function allOrStop(signal: AbortSignal | undefined, tasks: readonly ((signal: AbortSignal) => Promise<void>)[]): Promise<void> {
  const stop = new AbortController();
  const shared = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  let failure: { error: unknown } | null = null;
  await Promise.all(
    tasks.map(async (task) => {
      try {
        await task(shared);
      } catch (error) {
        // Kept: the first failure is the cause; the others only report that they were stopped.
        failure ??= { error };
        stop.abort();
      }
    }),
  );
  if (failure) throw (failure as { error: unknown }).error;
}
