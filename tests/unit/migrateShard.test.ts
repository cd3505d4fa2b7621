// Runs in Node (tests). The shard choice of `capsule migrate --shard I/N`: stable (the same record, the same
// shard, pinned to SHA-256 values computed independently), complete (every record in exactly one shard)
// and balanced (N copies get about the same share), and the `I/N` syntax with its mistakes.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inShard, parseShard, shardOf } from '../../src/main/migrate/shard';

/** Record IDs shaped like BigBlueButton's: a 40-hex meeting hash, a dash, a millisecond timestamp. */
function recordIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${createHash('sha1').update(`meeting-${i % 97}`).digest('hex')}-${1_700_000_000_000 + i * 61_000}`);
}

describe('shardOf', () => {
  it('is SHA-256 of the record ID, its first 64 bits modulo N (values pinned, so a change of hash is caught)', () => {
    // sha256("abc") starts with ba7816bf8f01cfea (FIPS 180-2's example); 0xba7816bf8f01cfea mod 3 = 0, mod 7 = 2, mod 1000 = 74 (computed with Python).
    expect(createHash('sha256').update('abc').digest('hex').slice(0, 16)).toBe('ba7816bf8f01cfea');
    expect(shardOf('abc', 3)).toBe(0);
    expect(shardOf('abc', 7)).toBe(2);
    expect(shardOf('abc', 1000)).toBe(74);
    expect(shardOf('anything', 1)).toBe(0);
  });

  it('is stable: the same record gives the same shard on every call, whatever the order of the list', () => {
    const ids = recordIds(500);
    const first = ids.map((id) => shardOf(id, 5));
    const reversed = [...ids].reverse().map((id) => shardOf(id, 5)).reverse();
    expect(reversed).toEqual(first);
  });

  it('puts every record in exactly one of the N shards', () => {
    const ids = recordIds(300);
    for (const count of [1, 2, 3, 8]) {
      for (const id of ids) {
        const owners = Array.from({ length: count }, (_, index) => index).filter((index) => inShard(id, { index, count }));
        expect(owners).toHaveLength(1);
      }
    }
  });

  it('balances: 20 000 record IDs over 3, 8 and 50 copies stay within 5 % of an even share', () => {
    const ids = recordIds(20_000);
    for (const count of [3, 8, 50]) {
      const sizes = new Array<number>(count).fill(0);
      for (const id of ids) sizes[shardOf(id, count)]! += 1;
      const even = ids.length / count;
      for (const size of sizes) expect(Math.abs(size - even) / even).toBeLessThan(0.05 + 3 / Math.sqrt(even));
    }
  });

  it('refuses a shard count that is not a positive integer', () => {
    expect(() => shardOf('x', 0)).toThrow(RangeError);
    expect(() => shardOf('x', 1.5)).toThrow(RangeError);
  });
});

describe('parseShard', () => {
  it('reads I/N with I from 0 (Kubernetes JOB_COMPLETION_INDEX), and no flag means the whole list', () => {
    expect(parseShard('0/3')).toEqual({ index: 0, count: 3 });
    expect(parseShard(' 2 / 3 ')).toEqual({ index: 2, count: 3 });
    expect(parseShard(undefined)).toEqual({ index: 0, count: 1 });
  });

  it('says what is wrong with a bad value', () => {
    expect(parseShard('3/3')).toMatch(/I counts from 0, so it must be below N/);
    expect(parseShard('1/0')).toMatch(/N must be between 1 and/);
    expect(parseShard('1-3')).toMatch(/--shard expects I\/N/);
    expect(parseShard('-1/3')).toMatch(/--shard expects I\/N/);
    expect(parseShard('0/99999')).toMatch(/N must be between 1 and 10000/);
  });
});
