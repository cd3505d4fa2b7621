// Runs in Node (tests). The pure checks in front of the loopback bridge: request guards (Host, target,
// percent-escapes), the wire format's frame reader, and the bounded validators of the contract.
import { describe, expect, it } from 'vitest';
import { decodePathSafely, isAllowedHost, parseRequestTarget } from '../../src/main/bridge/requestGuards';
import { decodeWire, encodeWire, readCallFrame, salvageFrameId } from '../../src/shared/api/wire';
import { studioMethods } from '../../src/shared/api/studioApi';
import { v } from '../../src/shared/validate';

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
