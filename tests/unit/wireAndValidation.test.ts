// Runs in Node (tests). The pure checks in front of the loopback bridge: request guards (Host, target,
// percent-escapes), the wire format's frame reader, and the bounded validators of the contract.
import { describe, expect, it } from 'vitest';
import { decodePathSafely, isAllowedHost, parseRequestTarget } from '../../src/main/bridge/requestGuards';
import { decodeWire, encodeWire, readCallFrame, salvageFrameId } from '../../src/shared/api/wire';
import { studioMethods } from '../../src/shared/api/studioApi';
import { v } from '../../src/shared/validate';
import { StudioError, isStudioErrorCode, onUnexpectedError, toErrorInfo } from '../../src/shared/errors';

describe('request guards', () => {
  it('accepts only the two loopback names on our port (DNS rebinding)', () => {
    expect(isAllowedHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isAllowedHost('LOCALHOST:4000', 4000)).toBe(true);
    expect(isAllowedHost('127.0.0.1', 4000)).toBe(false);
    expect(isAllowedHost('127.0.0.1:4001', 4000)).toBe(false);
    expect(isAllowedHost('attacker.example:4000', 4000)).toBe(false);
    expect(isAllowedHost(undefined, 4000)).toBe(false);
  });

  it('never throws on a malformed escape or target', () => {
    expect(decodePathSafely('/%E0%A4%A')).toBeNull();
    expect(decodePathSafely('/a%00b')).toBeNull();
    expect(decodePathSafely('/caf%C3%A9')).toBe('/café');
    expect(parseRequestTarget('http://[::1')).toBeNull();
    expect(parseRequestTarget('//evil.example/x')).toBeNull();
    expect(parseRequestTarget('/media/x?token=1')?.searchParams.get('token')).toBe('1');
  });
});

describe('wire frames', () => {
  it('reads only well-formed calls, keeping the id of a broken one', () => {
    expect(readCallFrame(null)).toEqual({ ok: false, id: null, reason: expect.any(String) });
    expect(readCallFrame({ t: 'call', id: 4, method: 'x' })).toMatchObject({ ok: false, id: 4 });
    expect(readCallFrame({ t: 'call', id: 1.5, method: 'x', args: [] })).toMatchObject({ ok: false, id: null });
    expect(readCallFrame({ t: 'call', id: 2, method: 'x', args: [1] })).toEqual({ ok: true, call: { t: 'call', id: 2, method: 'x', args: [1] } });
  });

  it('finds the id of a frame that does not decode', () => {
    expect(salvageFrameId('{"t":"call","id":42,"method":"li')).toBe(42);
    expect(salvageFrameId('garbage')).toBeNull();
    const frame = encodeWire({ t: 'call', id: 9, method: 'appendChunk', args: [new Uint8Array([1, 2, 3])] }) as Uint8Array;
    expect(() => decodeWire(frame.subarray(0, frame.byteLength - 2))).toThrow(/truncated/);
    expect(salvageFrameId(frame.subarray(0, frame.byteLength - 2))).toBe(9);
  });

  it('keeps a __proto__ key as data when restoring binary frames', () => {
    const frame = new TextEncoder().encode('{"m":{"t":"call","id":1,"method":"x","args":[{"__proto__":{"polluted":true}}]},"b":[]}');
    const bytes = new Uint8Array(4 + frame.byteLength);
    new DataView(bytes.buffer).setUint32(0, frame.byteLength);
    bytes.set(frame, 4);
    const decoded = decodeWire(bytes) as { args: Record<string, unknown>[] };
    expect(Object.getPrototypeOf(decoded.args[0])).toBe(Object.prototype);
    expect((decoded.args[0] as { polluted?: boolean }).polluted).toBeUndefined();
    expect(() => decodeWire(Uint8Array.from([0, 0, 0, 8, ...new TextEncoder().encode('{"b":"x"}')]))).toThrow();
  });
});

describe('bounded validators', () => {
  it('caps settings: key count, key names, value size', () => {
    const validate = studioMethods.updateSettings.validateArgs;
    expect(() => validate([{ language: 'fr' }])).not.toThrow();
    expect(() => validate([{ big: 'x'.repeat(70_000) }])).toThrow(/at most/);
    expect(() => validate([Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`k${index}`, 1]))])).toThrow(/at most 32 keys/);
    expect(() => validate([{ 'no spaces': 1 }])).toThrow();
  });

  it('json() refuses what cannot be serialised', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => v.json()(cyclic, 'x')).toThrow(/plain data/);
  });
});

describe('toErrorInfo', () => {
  it('keeps studio errors, wraps everything else into stable codes without paths', () => {
    expect(toErrorInfo(new StudioError('NOT_FOUND', 'No capsule x.'))).toEqual({ code: 'NOT_FOUND', message: 'No capsule x.' });
    const cases: [unknown, string][] = [
      [Object.assign(new Error("ENOENT: open '/home/a/b'"), { code: 'ENOENT' }), 'FILE_NOT_FOUND'],
      [Object.assign(new Error("EACCES: open '/root/x'"), { code: 'EACCES' }), 'FILE_ACCESS_DENIED'],
      [Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }), 'DISK_FULL'],
      [Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'DISK_FULL'],
      [Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }), 'NETWORK_ERROR'],
      [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'CANCELLED'],
      [new TypeError("Cannot read properties of null (reading 't')"), 'INTERNAL'],
      ['a string', 'INTERNAL'],
      [{ code: 'EVIL', message: 'not ours' }, 'INTERNAL'],
    ];
    for (const [error, code] of cases) {
      const info = toErrorInfo(error);
      expect(info.code).toBe(code);
      expect(info.message).not.toMatch(/\/home|\/root|10\.0\.0\.1|null|EVIL/);
    }
  });

  it('passes error data that already crossed a boundary when its code is ours', () => {
    expect(toErrorInfo({ code: 'PDF_EMPTY', message: 'No pages.' })).toEqual({ code: 'PDF_EMPTY', message: 'No pages.' });
    expect(isStudioErrorCode('BBB_NOT_FOUND')).toBe(true);
    expect(isStudioErrorCode('ENOENT')).toBe(false);
  });

  it('reports every wrapped error (the main side logs it with its stack)', () => {
    const seen: unknown[] = [];
    const off = onUnexpectedError((error) => seen.push(error));
    const raw = new RangeError('boom');
    toErrorInfo(raw);
    toErrorInfo(new StudioError('CANCELLED', 'x'));
    off();
    toErrorInfo(new Error('after unsubscribe'));
    expect(seen).toEqual([raw]);
  });
});
