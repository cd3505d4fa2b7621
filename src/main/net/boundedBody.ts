// Runs in Node (main side). Every answer from a remote server is read with a size cap and a deadline:
// the body is streamed and counted, never buffered beyond the cap, and the error says which limit was
// hit. Used by the BBB client; reusable for Pod JSON and provisioning answers (fetch or got streams).
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
    else await (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]().return?.();
  } catch {
    // Already closed: nothing more to stop.
  }
}

/**
 * fetch() with both limits over the whole exchange (connection, headers, body): resolves with the
 * response and its body as bytes. `signal` is the caller's cancellation, kept apart from the deadline.
 */
export async function fetchBounded(
  url: string | URL,
  init: RequestInit & { signal?: AbortSignal },
  limits: BodyLimits & { timeoutMs: number },
  fetchImpl: typeof fetch = fetch,
): Promise<{ response: Response; body: Buffer }> {
  const deadline = AbortSignal.timeout(limits.timeoutMs);
  const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, signal });
  } catch (error) {
    if (!init.signal?.aborted && deadline.aborted) throw timeoutError(limits, limits.timeoutMs);
    throw error;
  }
  const body = await readBoundedBody(response.body, limits, { declaredLength: response.headers.get('content-length'), deadline, timeoutMs: limits.timeoutMs });
  return { response, body };
}
