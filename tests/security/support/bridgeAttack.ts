// Runs in Node (tests). What an attacker's script uses against the loopback server: the server in its
// own process, raw TCP requests (any bytes, any Host), and an authenticated WebSocket that records
// every answer by id.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import WebSocket from 'ws';
import { repoRoot, tempDir } from '../../support/tempDir';

export interface ServerProcess {
  origin: string;
  port: number;
  token: string;
  child: ChildProcess;
  /** Last lines the server wrote to stderr (its log), for failure messages. */
  stderrTail(): string;
  stop(): Promise<void>;
}

export async function startServerProcess(): Promise<ServerProcess> {
  const staticDir = tempDir('capsule-static-');
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Capsule Studio</title>');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'tests/security/support/bridgeServerProcess.ts'), tempDir('capsule-lib-'), staticDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  const ready = await new Promise<{ origin: string; token: string }>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const line = out.split('\n').find((candidate) => candidate.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { origin: string; token: string });
    });
    child.once('exit', (code) => reject(new Error(`server process exited (${code}) before listening:\n${stderr}`)));
  });
  return {
    ...ready,
    port: Number(new URL(ready.origin).port),
    child,
    stderrTail: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface RawAnswer {
  /** HTTP status, 0 when the server closed without a status line (connection refused or dropped). */
  status: number;
  text: string;
}

/** Sends these bytes on a fresh TCP connection and reads until the server closes it (or `timeoutMs`). */
export function rawRequest(port: number, bytes: Buffer | string, timeoutMs = 5000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      resolve({ status: match ? Number(match[1]) : 0, text: received });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      // One answer is all we want; the server may keep the connection alive.
      if (/\r\n\r\n/.test(received) && /^HTTP\/1\.1 (1\d\d|204|304|4\d\d|5\d\d)/.test(received)) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
  });
}

export function httpGet(port: number, target: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const lines = [`GET ${target} HTTP/1.1`, `Host: ${headers.Host ?? `127.0.0.1:${port}`}`, 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) if (name !== 'Host') lines.push(`${name}: ${value}`);
  return rawRequest(port, `${lines.join('\r\n')}\r\n\r\n`);
}

export interface Answer {
  id: number | null;
  ok: boolean;
  code?: string;
  value?: unknown;
}

/** An authenticated bridge socket that records the answers it gets. */
export interface BridgeSocket {
  ws: WebSocket;
  answers: Answer[];
  send(frame: string | Buffer): void;
  /** Resolves when `count` answers have arrived (or rejects after `timeoutMs`). */
  waitForAnswers(count: number, timeoutMs?: number): Promise<void>;
  call(method: string, args: unknown[]): Promise<Answer>;
  closed: Promise<{ code: number }>;
}

let nextCallId = 1_000_000;

export async function openBridge(server: Pick<ServerProcess, 'origin' | 'token'>): Promise<BridgeSocket> {
  const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/bridge?token=${server.token}`, { origin: server.origin, maxPayload: 64 * 1024 * 1024 });
  const answers: Answer[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  ws.on('message', (data, isBinary) => {
    if (isBinary) return; // binary answers carry media bytes; none of the calls used here returns any
    const message = JSON.parse(data.toString()) as { t: string; id: number | null; ok: boolean; value?: unknown; error?: { code: string } };
    if (message.t !== 'result') return;
    answers.push({ id: message.id, ok: message.ok, code: message.error?.code, value: message.value });
    for (const waiter of waiters) waiter();
  });
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_request, response) => reject(new Error(`bridge refused: ${response.statusCode}`)));
  });
  const waitFor = (predicate: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      if (predicate()) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  return {
    ws,
    answers,
    closed,
    send: (frame) => ws.send(frame, { binary: typeof frame !== 'string' }),
    waitForAnswers: (count, timeoutMs = 30_000) => waitFor(() => answers.length >= count, timeoutMs, `${count} answers (got ${answers.length})`),
    async call(method, args) {
      const id = nextCallId++;
      ws.send(JSON.stringify({ t: 'call', id, method, args }));
      await waitFor(() => answers.some((answer) => answer.id === id), 30_000, `the answer to ${method}`);
      return answers.find((answer) => answer.id === id)!;
    },
  };
}

export function isAlive(server: ServerProcess): boolean {
  return server.child.exitCode === null && server.child.signalCode === null;
}
