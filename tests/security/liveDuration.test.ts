// Runs in Node (security tests). `capsule live push --duration N` ends on time in every state, here
// against a server that accepts TCP and never answers (FFmpeg's -t counts media time, which never
// starts), and the stream key, read from a file, appears on no command line (`ps`) of the CLI or FFmpeg.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../support/tempDir';
import { deadlineMarginSec } from '../../src/main/live/liveSession';

const STREAM_KEY = 'live-key-5e8f0b1c7d2a';
const DURATION_SEC = 4;

/** The command lines of `pid` and all its descendants (Linux /proc). */
function commandLinesOfTree(pid: number): string[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Ended while we looked.
    }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of parents) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  return [...tree].flatMap((member) => {
    try {
      return [readFileSync(`/proc/${member}/cmdline`, 'utf8').split('\0').join(' ')];
    } catch {
      return [];
    }
  });
}

const sockets = new Set<net.Socket>();
const silent = net.createServer((socket) => {
  // Accept, read, never answer: the RTMP handshake waits forever.
  sockets.add(socket);
  socket.on('error', () => undefined);
  socket.resume();
});
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  silent.close();
});

describe.skipIf(process.platform !== 'linux')('capsule live push --duration', () => {
  it('ends on time against a server that accepts TCP and never answers, with the key on no command line', async () => {
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const dir = tempDir('capsule-live-duration-');
    const keyFile = path.join(dir, 'key.txt');
    writeFileSync(keyFile, `${STREAM_KEY}\n`, { mode: 0o600 });
    const connected = new Promise<void>((resolve) => silent.once('connection', () => resolve()));

    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin/capsule.mjs'), 'live', 'push', '--input', 'testsrc', '--url', `rtmp://127.0.0.1:${port}/live`, '--key-file', keyFile, '--duration', String(DURATION_SEC), '--library', path.join(dir, 'lib')],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

    await connected;
    const connectedAt = Date.now();
    // While it waits on the silent server: neither the CLI nor FFmpeg shows the key in the process list.
    const lines = commandLinesOfTree(child.pid!);
    expect(lines.some((line) => line.includes('ffmpeg'))).toBe(true);
    for (const line of lines) expect(line).not.toContain(STREAM_KEY);

    const { code, signal } = await exited;
    const afterConnectSec = (Date.now() - connectedAt) / 1000;
    // Ended by itself (not killed by the test): the duration, the deadline's margin, then at most the 8 s stop grace.
    expect(signal).toBeNull();
    expect(code).not.toBeNull();
    expect(afterConnectSec).toBeLessThan(DURATION_SEC + deadlineMarginSec(DURATION_SEC) + 8 + 5);
    expect(output).not.toContain(STREAM_KEY);
  });
});
