// Runs everywhere (shared, pure). The loopback bridge's wire format. Messages are JSON; a message
// carrying binary (Uint8Array) travels as ONE binary frame: [u32 header length][JSON header][blobs…],
// with each Uint8Array replaced by {"$bin": n} in the header — no base64 blow-up.
import type { StudioErrorInfo } from '../errors';

export type WireMessage =
  | { t: 'call'; id: number; method: string; args: unknown[] }
  | { t: 'result'; id: number; ok: true; value: unknown }
  /** id is null when the frame it answers was unreadable (no id could be found in it). */
  | { t: 'result'; id: number | null; ok: false; error: StudioErrorInfo }
  | { t: 'event'; name: string; payload: unknown };

interface Header {
  m: unknown;
  /** Byte length of each blob, in order. */
  b: number[];
}

function extractBlobs(value: unknown, blobs: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) {
    blobs.push(value);
    return { $bin: blobs.length - 1 };
  }
  if (Array.isArray(value)) return value.map((item) => extractBlobs(item, blobs));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = extractBlobs(item, blobs);
    return out;
  }
  return value;
}

function restoreBlobs(value: unknown, blobs: Uint8Array[]): unknown {
  if (Array.isArray(value)) return value.map((item) => restoreBlobs(item, blobs));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && keys[0] === '$bin' && typeof record.$bin === 'number') {
      const blob = blobs[record.$bin];
      if (!blob) throw new Error('bridge frame refers to a missing blob');
      return blob;
    }
    const out: Record<string, unknown> = {};
    // defineProperty, not assignment: a key named __proto__ stays plain data instead of a prototype.
    for (const [key, item] of Object.entries(record)) Object.defineProperty(out, key, { value: restoreBlobs(item, blobs), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}

export function encodeWire(message: WireMessage): string | Uint8Array {
  const blobs: Uint8Array[] = [];
  const stripped = extractBlobs(message, blobs);
  if (blobs.length === 0) return JSON.stringify(message);
  const header = new TextEncoder().encode(JSON.stringify({ m: stripped, b: blobs.map((blob) => blob.byteLength) } satisfies Header));
  const total = 4 + header.byteLength + blobs.reduce((sum, blob) => sum + blob.byteLength, 0);
  const frame = new Uint8Array(total);
  new DataView(frame.buffer).setUint32(0, header.byteLength);
  frame.set(header, 4);
  let offset = 4 + header.byteLength;
  for (const blob of blobs) {
    frame.set(blob, offset);
    offset += blob.byteLength;
  }
  return frame;
}

export function decodeWire(data: string | Uint8Array): WireMessage {
  if (typeof data === 'string') return JSON.parse(data) as WireMessage;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const headerLength = view.getUint32(0);
  if (headerLength + 4 > data.byteLength) throw new Error('bridge frame is truncated');
  const header = JSON.parse(new TextDecoder().decode(data.subarray(4, 4 + headerLength))) as Header;
  if (typeof header !== 'object' || header === null || !Array.isArray(header.b) || header.b.some((length) => !Number.isSafeInteger(length) || length < 0)) {
    throw new Error('bridge frame header is malformed');
  }
  const blobs: Uint8Array[] = [];
  let offset = 4 + headerLength;
  for (const length of header.b) {
    if (offset + length > data.byteLength) throw new Error('bridge frame is truncated');
    blobs.push(data.subarray(offset, offset + length));
    offset += length;
  }
  return restoreBlobs(header.m, blobs) as WireMessage;
}

export type CallFrame = Extract<WireMessage, { t: 'call' }>;

/**
 * Checks a decoded frame from a client: a call has a safe integer id, a method name and an argument
 * list. Anything else is answered with an error carrying the id when one can be read, so that no
 * caller waits forever.
 */
export function readCallFrame(message: unknown): { ok: true; call: CallFrame } | { ok: false; id: number | null; reason: string } {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { ok: false, id: null, reason: 'a frame must be an object' };
  const frame = message as Record<string, unknown>;
  const id = Number.isSafeInteger(frame.id) ? (frame.id as number) : null;
  if (frame.t !== 'call') return { ok: false, id, reason: 'clients may only send calls' };
  if (id === null) return { ok: false, id, reason: 'a call needs an integer id' };
  if (typeof frame.method !== 'string') return { ok: false, id, reason: 'a call needs a method name' };
  if (!Array.isArray(frame.args)) return { ok: false, id, reason: 'a call needs an argument list' };
  return { ok: true, call: { t: 'call', id, method: frame.method, args: frame.args } };
}

/** The id of a frame that failed to decode, read leniently from its JSON (text or binary header), or null. */
export function salvageFrameId(data: string | Uint8Array): number | null {
  try {
    let text: string;
    if (typeof data === 'string') text = data;
    else {
      if (data.byteLength < 4) return null;
      const headerLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
      text = new TextDecoder().decode(data.subarray(4, Math.min(data.byteLength, 4 + headerLength)));
    }
    const match = /"id"\s*:\s*(\d{1,15})\b/.exec(text.slice(0, 4096));
    return match ? Number(match[1]) : null;
  } catch {
    // Nothing readable: the error frame goes out without an id.
    return null;
  }
}
