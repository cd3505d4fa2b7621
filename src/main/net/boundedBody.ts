// Runs in Node (main side). Every answer from a remote server is read with a size cap and a deadline:
// the body is streamed and counted, never buffered beyond the cap, and the error says which limit was
// hit. Requests go through got (the studio's one HTTP client); the reader also takes any Node stream.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import got from 'got';
import { StudioError, type StudioErrorCode } from '../../shared/errors';

export interface BodyLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** What is read, in plain words, for messages ("the getRecordings answer"). */
  what: string;
  /** Code when the body is larger than maxBytes (say so in EN and FR where the code is translated). */
  tooLargeCode: StudioErrorCode;
  /** Code when the deadline passes before the body is complete. */
  timeoutCode: StudioErrorCode;
}

export type BodySource = AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | null | undefined;

export function tooLargeError(limits: BodyLimits, declared: number | null): StudioError {
  const limitText = formatBytes(limits.maxBytes);
  const message =
    declared !== null
      ? `The server announced ${limits.what} of ${formatBytes(declared)}, more than the ${limitText} the studio accepts; nothing was read.`
      : `The server sent more than ${limitText} for ${limits.what}: the studio stopped reading (size limit).`;
  return new StudioError(limits.tooLargeCode, message, { limit: 'size', maxBytes: limits.maxBytes, ...(declared !== null ? { declaredBytes: declared } : {}) });
}

export function timeoutError(limits: BodyLimits, timeoutMs: number): StudioError {
  return new StudioError(limits.timeoutCode, `The server did not send ${limits.what} within ${Math.round(timeoutMs / 1000)} s: the studio gave up (time limit).`, {
    limit: 'time',
    timeoutMs,
    retryable: true,
  });
}

export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20) return `${Math.round((bytes / 2 ** 20) * 10) / 10} MiB`;
  if (bytes >= 2 ** 10) return `${Math.round(bytes / 2 ** 10)} KiB`;
  return `${bytes} bytes`;
}

/**
 * Reads a body up to `limits.maxBytes`. `declaredLength` (Content-Length) above the cap is refused
 * before reading. `deadline` is the signal whose abort means "time is up" (it must also be the one
 * the request was made with, so the socket stops too); `cancel`, if aborted, is rethrown as is.
 */
export async function readBoundedBody(
  body: BodySource,
  limits: BodyLimits,
  options: { declaredLength?: string | number | null; deadline?: AbortSignal; timeoutMs?: number } = {},
): Promise<Buffer> {
  const declared = options.declaredLength === null || options.declaredLength === undefined || options.declaredLength === '' ? NaN : Number(options.declaredLength);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    await cancelBody(body);
    throw tooLargeError(limits, declared);
  }
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      total += next.value.byteLength;
      if (total > limits.maxBytes) throw tooLargeError(limits, null);
      // A copy: a view would keep the transport's whole (larger, pooled) buffer alive with it.
      chunks.push(Buffer.from(next.value));
    }
  } catch (error) {
    // Stop the transfer: the rest of an endless body must not keep arriving.
    await iterator.return?.().catch(() => undefined);
    if (error instanceof StudioError) throw error;
    if (options.deadline?.aborted) throw timeoutError(limits, options.timeoutMs ?? 0);
    throw error;
  }
  return Buffer.concat(chunks, total);
}

async function cancelBody(body: BodySource): Promise<void> {
  if (!body) return;
  try {
    if (typeof (body as ReadableStream<Uint8Array>).cancel === 'function') await (body as ReadableStream<Uint8Array>).cancel();
    // A Node stream (got): an iterator never started would not close it, destroying does.
    else if (typeof (body as Readable).destroy === 'function') (body as Readable).destroy();
    else await (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]().return?.();
  } catch {
    // Already closed: nothing more to stop.
  }
}

/** An answer's status line and headers, as got gives them (header names in lower case). */
export interface RemoteAnswerHead {
  status: number;
  ok: boolean;
  headers: IncomingHttpHeaders;
}

export interface RemoteRequest {
  /** The caller's cancellation, kept apart from the deadline. */
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Redirects are followed unless false (a one-time link whose answer sets a cookie must not be followed). */
  followRedirect?: boolean;
  /** Ask for compressed answers and inflate them (default); false for byte ranges of stored files. */
  decompress?: boolean;
}

/**
 * Opens a GET with got (the studio's one HTTP client, chosen by bench/httpClient.bench.ts) and waits for
 * the answer's head; the body is left in the returned stream, paused, for the caller to read or destroy.
 * `signal` aborts the whole exchange (connection, headers, body): pass the caller's cancellation and the
 * deadline together. Network failures are thrown as got's errors (`code` such as ECONNREFUSED).
 */
export async function openRemote(url: string | URL, request: RemoteRequest & { signal: AbortSignal }): Promise<{ head: RemoteAnswerHead; body: Readable }> {
  const stream = got.stream(url, {
    headers: request.headers,
    followRedirect: request.followRedirect ?? true,
    throwHttpErrors: false,
    retry: { limit: 0 },
    decompress: request.decompress ?? true,
    signal: request.signal,
  });
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    stream.once('error', onError);
    stream.once('response', (response: { statusCode: number; headers: IncomingHttpHeaders }) => {
      stream.off('error', onError);
      // Until the caller reads it, a late failure of the body must not be an unhandled error.
      stream.on('error', () => undefined);
      stream.pause();
      const status = response.statusCode;
      resolve({ head: { status, ok: status >= 200 && status < 300, headers: response.headers }, body: stream });
    });
  });
}

/**
 * A GET with both limits over the whole exchange (connection, headers, body): resolves with the answer's
 * head and its body as bytes, whatever the status (the caller decides what a 404 means).
 */
export async function getBounded(url: string | URL, request: RemoteRequest, limits: BodyLimits & { timeoutMs: number }): Promise<RemoteAnswerHead & { body: Buffer }> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
  let opened: { head: RemoteAnswerHead; body: Readable };
  try {
    opened = await openRemote(url, { ...request, signal });
  } catch (error) {
    if (!request.signal?.aborted && deadline.aborted) throw timeoutError(limits, limits.timeoutMs);
    throw error;
  }
  try {
    const body = await readBoundedBody(opened.body, limits, { declaredLength: opened.head.headers['content-length'], deadline, timeoutMs: limits.timeoutMs });
    return { ...opened.head, body };
  } catch (error) {
    // A refused answer is closed, connection included, before the caller hears of it: what the
    // server kept sending meanwhile is released with it rather than after.
    opened.body.destroy();
    // `finished` rejects with ERR_STREAM_PREMATURE_CLOSE after destroy(): that is the end asked for,
    // awaited only so the socket is gone; the caller hears `error`, the reason the answer was refused.
    await finished(opened.body).catch((closed: unknown) => closed);
    throw error;
  }
}
