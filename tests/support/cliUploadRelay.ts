// Runs in Node (tests). Drives a real `capsule` CLI process against the fake Pod and catches it mid-upload:
// a loopback TCP relay in front of the server that can stop reading once a connection has carried a given
// number of bytes, so the process is stopped while its file is still leaving.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from './tempDir';

const capsuleBin = path.join(repoRoot, 'bin/capsule.mjs');

/** A TCP relay to the fake Pod that can hold a connection once it has carried `holdAfterBytes` from the client. */
export interface UploadRelay {
  url: string;
  hold: boolean;
  /** Resolves when a connection is held mid-upload. */
  held(): Promise<void>;
  close(): Promise<void>;
}

export interface UploadRelayOptions {
  /**
   * Count bytes only from the request that contains this text (its request line, e.g.
   * `POST /rest/videos/ HTTP`), so that earlier requests on the same connection do not use up the
   * allowance. By default every byte of the connection counts.
   */
  countFrom?: string;
}

export async function startUploadRelay(target: number, holdAfterBytes: number, options: UploadRelayOptions = {}): Promise<UploadRelay> {
  const sockets = new Set<net.Socket>();
  const state = { hold: false, heldOnce: false, onHeld: null as (() => void) | null };
  const tcp = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    /** Bytes counted so far; null until the request named by `countFrom` starts. */
    let carried: number | null = options.countFrom === undefined ? 0 : null;
    let holding = false;
    client.on('data', (chunk: Buffer) => {
      if (holding) return; // bytes past the hold never reach Pod
      let offset = 0;
      if (carried === null) {
        const start = chunk.indexOf(options.countFrom!);
        if (start >= 0) [carried, offset] = [0, start];
      }
      if (carried !== null && state.hold && chunk.length - offset > holdAfterBytes - carried) {
        // The upload stalls here with exactly `holdAfterBytes` sent: the sender's buffers fill, its progress stops.
        upstream.write(chunk.subarray(0, offset + holdAfterBytes - carried));
        holding = true;
        client.pause();
        state.heldOnce = true;
        state.onHeld?.();
        return;
      }
      upstream.write(chunk);
      if (carried !== null) carried += chunk.length - offset;
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const socket of [client, upstream]) {
      socket.on('close', end);
      socket.on('error', end);
    }
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(tcp.address() as net.AddressInfo).port}`,
    get hold() {
      return state.hold;
    },
    set hold(value: boolean) {
      state.hold = value;
      state.heldOnce = false;
    },
    held: () => new Promise<void>((resolve) => (state.heldOnce ? resolve() : (state.onHeld = resolve))),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stderr matches `pattern` (rejects if the process exits first). */
  stderrMatches(pattern: RegExp): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[]): CliRun {
  const child = spawn(process.execPath, [capsuleBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const stderrMatches = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(err)) return false;
        child.stderr.off('data', check);
        resolve();
        return true;
      };
      if (check()) return;
      child.stderr.on('data', check);
      void exit.then(() => {
        if (!check()) reject(new Error(`the CLI exited before its stderr matched ${String(pattern)}:\n${err}`));
      });
    });
  return { child, stdout: () => out, stderr: () => err, stderrMatches, exit };
}
