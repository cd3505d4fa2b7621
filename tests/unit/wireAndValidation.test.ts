// Runs in Node (tests). The bridge's wire format, HTTP ranges, validators, ETA and CLI parsing.
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../src/shared/api/wire';
import { parseRange } from '../../src/shared/logic/httpRange';
import { v } from '../../src/shared/validate';
import { studioMethods } from '../../src/shared/api/studioApi';
import { backoffSeconds, estimateEta } from '../../src/main/jobs/eta';
import { parseArgs } from '../../src/main/cli/parseArgs';
import { ProgressParser, maskSecrets } from '../../src/main/ffmpeg/progress';
import { redact } from '../../src/main/log';

describe('wire format', () => {
  it('keeps plain messages as JSON text', () => {
    const encoded = encodeWire({ t: 'call', id: 1, method: 'listCapsules', args: [] });
    expect(typeof encoded).toBe('string');
    expect(decodeWire(encoded)).toEqual({ t: 'call', id: 1, method: 'listCapsules', args: [] });
  });

  it('sends binary as one binary frame, without base64 growth', () => {
    const chunk = new Uint8Array(100_000).map((_, i) => i % 251);
    const other = new Uint8Array([1, 2, 3]);
    const encoded = encodeWire({ t: 'call', id: 7, method: 'appendChunk', args: ['take', 3, chunk, { nested: other }] });
    expect(encoded).toBeInstanceOf(Uint8Array);
    expect((encoded as Uint8Array).byteLength).toBeLessThan(chunk.byteLength + 300);
    const decoded = decodeWire(encoded);
    expect(decoded.t).toBe('call');
    const args = (decoded as { args: unknown[] }).args;
    expect(args[0]).toBe('take');
    expect(Buffer.from(args[2] as Uint8Array).equals(Buffer.from(chunk))).toBe(true);
    expect([...((args[3] as { nested: Uint8Array }).nested)]).toEqual([1, 2, 3]);
  });

  it('refuses a truncated frame', () => {
    const encoded = encodeWire({ t: 'call', id: 1, method: 'm', args: [new Uint8Array(50)] }) as Uint8Array;
    expect(() => decodeWire(encoded.subarray(0, encoded.byteLength - 10))).toThrow(/truncated/);
  });
});

describe('HTTP ranges', () => {
  it.each([
    [undefined, 100, { kind: 'full' }],
    ['bytes=0-9', 100, { kind: 'partial', start: 0, end: 9 }],
    ['bytes=90-', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=-10', 100, { kind: 'partial', start: 90, end: 99 }],
    ['bytes=50-500', 100, { kind: 'partial', start: 50, end: 99 }],
    ['bytes=100-', 100, { kind: 'unsatisfiable' }],
    ['bytes=0-1,5-6', 100, { kind: 'full' }],
  ])('%s of %i bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('contract validation', () => {
  it('rejects wrong argument types with BAD_ARGS and a readable message', () => {
    expect(() => studioMethods.renameCapsule.validateArgs(['abc', 42])).toThrow(/argument 2 must be a string/);
    expect(() => studioMethods.getCapsule.validateArgs(['../../etc/passwd'])).toThrow(/identifier/);
    expect(() => studioMethods.listCapsules.validateArgs(['extra'])).toThrow(/at most 0 arguments/);
  });

  it('accepts and normalises valid arguments', () => {
    const [request] = studioMethods.createCapsuleFromPdf.validateArgs([{ source: { path: '/x.pdf' }, title: 'T', unknown: 'dropped' }]);
    expect(request).toEqual({ source: { path: '/x.pdf' }, title: 'T' });
  });

  it('validates nested shapes', () => {
    const validator = v.object({ list: v.array(v.number({ min: 0 }), { max: 2 }), mode: v.oneOf('a', 'b') });
    expect(validator({ list: [1, 2], mode: 'a' }, 'x')).toEqual({ list: [1, 2], mode: 'a' });
    expect(() => validator({ list: [1, -1], mode: 'a' }, 'x')).toThrow(/x.list\[1\] must be at least 0/);
    expect(() => validator({ list: [1], mode: 'c' }, 'x')).toThrow(/one of a, b/);
  });
});

describe('ETA and backoff', () => {
  it('extrapolates from the pace of the current run', () => {
    expect(estimateEta({ startedAt: 0, startFraction: 0 }, 0.25, 10_000)).toBeCloseTo(30);
    expect(estimateEta({ startedAt: 0, startFraction: 0.5 }, 0.75, 10_000)).toBeCloseTo(10);
    expect(estimateEta({ startedAt: 0, startFraction: 0 }, 0.001, 10_000)).toBeNull();
  });
  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffSeconds(attempt))).toEqual([2, 4, 8, 16]);
    expect(backoffSeconds(30)).toBe(300);
  });
});

describe('CLI arguments', () => {
  it('separates positionals, value flags and boolean flags', () => {
    expect(parseArgs(['deck.pdf', '--title', 'Cours 1', '--json', '--library=/tmp/lib'], ['title'])).toEqual({
      positionals: ['deck.pdf'],
      flags: { title: 'Cours 1', json: true, library: '/tmp/lib' },
    });
    expect(() => parseArgs(['--title'], ['title'])).toThrow(/needs a value/);
  });
});

describe('FFmpeg progress and secrets', () => {
  it('parses progress blocks', () => {
    const blocks: { outTimeSec: number; speed: number | null; ended: boolean }[] = [];
    const parser = new ProgressParser((block) => blocks.push(block));
    parser.push('frame=10\nfps=25.0\nout_time_us=400000\nspeed=2.5x\nprogress=continue\nframe=20\nout_time_us=8');
    parser.push('00000\nspeed=3x\nprogress=end\n');
    expect(blocks).toHaveLength(2);
    expect(blocks[0]).toMatchObject({ outTimeSec: 0.4, speed: 2.5, ended: false });
    expect(blocks[1]).toMatchObject({ outTimeSec: 0.8, speed: 3, ended: true });
  });
  it('never shows stream keys or tokens', () => {
    expect(maskSecrets(['rtmp://live.example.org/live/SECRETKEY', 'https://x/api?token=abc&x=1']).join(' ')).not.toMatch(/SECRETKEY|abc/);
    expect(JSON.stringify(redact({ podToken: 'zzz', nested: { secret: 'yyy' }, url: 'Token abcdef' }))).not.toMatch(/zzz|yyy|abcdef/);
  });
});
