// Runs in Node (unit tests). The small decisions behind "one library, one owner" and the crash sweep:
// when an owner counts as gone, which names the sweep may delete, which FFmpeg arguments are scratch
// outputs to record.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ownerIsAlive, type LibraryOwner } from '../../src/main/library/libraryLock';
import { isProcessAlive, processStartTime } from '../../src/main/library/processAlive';
import { isScratchName } from '../../src/main/library/scratchRegistry';
import { partOutputs } from '../../src/main/ffmpeg/childGuard';

const timing = { heartbeatMs: 10_000, staleAfterMs: 60_000 };
const now = Date.parse('2026-12-06T03:00:00Z');

function owner(patch: Partial<LibraryOwner>): LibraryOwner {
  return { token: 't', pid: process.pid, host: os.hostname(), pidStart: processStartTime(process.pid), purpose: 'test', startedAt: '2026-12-06T02:00:00Z', heartbeatAt: new Date(now - 1000).toISOString(), ...patch };
}

describe('library owner liveness', () => {
  it('a live process on this host owns the library; a dead or reused pid does not', () => {
    expect(ownerIsAlive(owner({}), now, timing)).toBe(true);
    expect(ownerIsAlive(owner({ pid: 2 ** 22 + 12345 }), now, timing)).toBe(false);
    if (process.platform === 'linux') expect(ownerIsAlive(owner({ pidStart: '1' }), now, timing)).toBe(false);
  });

  it('on another host only the heartbeat counts', () => {
    expect(ownerIsAlive(owner({ host: 'elsewhere.example', pid: 1 }), now, timing)).toBe(true);
    expect(ownerIsAlive(owner({ host: 'elsewhere.example', heartbeatAt: new Date(now - 61_000).toISOString() }), now, timing)).toBe(false);
  });

  it('knows this process and not a pid that does not exist', () => {
    expect(isProcessAlive(process.pid, processStartTime(process.pid))).toBe(true);
    expect(isProcessAlive(2 ** 22 + 12345)).toBe(false);
  });
});

describe('crash sweep names', () => {
  it('deletes only scratch names', () => {
    expect(isScratchName('.demo.mp4.4b18d399.part')).toBe(true);
    expect(isScratchName('86340467.video.mp4.b08857f9.part')).toBe(true);
    expect(isScratchName('export-1a2b3c4d')).toBe(true);
    expect(isScratchName('demo.mp4')).toBe(false);
    expect(isScratchName('export-../../home')).toBe(false);
    expect(isScratchName('capsules')).toBe(false);
  });

  it('records absolute .part outputs of an FFmpeg command, nothing else', () => {
    expect(partOutputs(['-i', '/in/take.webm', '-c', 'copy', '-f', 'mp4', '/out/.demo.mp4.12345678.part'])).toEqual(['/out/.demo.mp4.12345678.part']);
    expect(partOutputs(['-i', 'relative.part', '-f', 'null', '-'])).toEqual([]);
  });
});
