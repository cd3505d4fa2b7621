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

export async function startUploadRelay(target: number, holdAfterBytes: number): Promise<UploadRelay> {
  const sockets = new Set<net.Socket>();
  let onHeld: (() => void) | null = null;
  let heldOnce = false;
  const state = { hold: false };
  const tcp = net.createServer((client) => {
    const upstream = net.connect(target, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let carried = 0;
    client.on('data', (chunk: Buffer) => {
      carried += chunk.length;
      upstream.write(chunk);
      if (state.hold && carried > holdAfterBytes) {
        client.pause(); // the upload stalls here: the sender's buffers fill, its progress stops
        heldOnce = true;
        onHeld?.();
      }
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const port = (tcp.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get hold() {
      return state.hold;
    },
    set hold(value: boolean) {
      state.hold = value;
      heldOnce = false;
    },
    held: () =>
      new Promise<void>((resolve) => {
        if (heldOnce) resolve();
        else onHeld = resolve;
      }),
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
