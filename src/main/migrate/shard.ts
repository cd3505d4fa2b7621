// Runs in Node (main side). Which share of the recordings one copy of `capsule migrate` takes: a stable
// hash of the record ID modulo the number of copies, so N copies split the work without talking to each other.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 0-based, like Kubernetes' JOB_COMPLETION_INDEX. */
  index: number;
  count: number;
}

export const WHOLE: Shard = { index: 0, count: 1 };

/** The largest number of copies accepted (a bound that keeps a typo from making a million empty shards). */
export const MAX_SHARDS = 10_000;

/**
 * The shard a record belongs to: the first 64 bits of SHA-256(recordID), modulo `count`. The same record
 * always lands on the same shard, whatever machine, Node version or order of listing.
 */
export function shardOf(recordId: string, count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be a positive integer, got ${count}`);
  const digest = createHash('sha256').update(recordId, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(count));
}

export function inShard(recordId: string, shard: Shard): boolean {
  return shard.count === 1 || shardOf(recordId, shard.count) === shard.index;
}

/**
 * `--shard I/N`: I from 0 to N-1 (Kubernetes' JOB_COMPLETION_INDEX, a Slurm array `--array=0-(N-1)`).
 * Returns the shard, or the sentence that says what is wrong with the text.
 */
export function parseShard(raw: string | undefined): Shard | string {
  if (raw === undefined) return WHOLE;
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(raw);
  if (!match) return `--shard expects I/N (for example 0/3: the first of three copies), got "${raw}".`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) return `--shard: N must be between 1 and ${MAX_SHARDS}, got ${count}.`;
  if (index >= count) return `--shard: I counts from 0, so it must be below N (${index}/${count} has no such copy; the copies of ${count} are 0/${count} to ${count - 1}/${count}).`;
  return { index, count };
}
