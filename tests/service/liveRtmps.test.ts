// Runs in Node (tests). rtmps through the stream-key relay: a TLS front (self-signed certificate made by
// openssl for this test) before a real nginx-rtmp. With the CA trusted the stream arrives under its real
// name; without it the health turns red with the certificate problem, and nothing is published.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIVE_ENCODING } from '../../src/shared/domain/live';
import { createLogger } from '../../src/main/log';
import { LiveSession } from '../../src/main/live/liveSession';
import { NginxRtmp } from '../support/nginxRtmp';
import { tempDir } from '../support/tempDir';

let nginx: NginxRtmp;
let front: tls.Server;
let frontPort: number;
let cert: string;
const work = tempDir('capsule-rtmps-');

beforeAll(async () => {
  nginx = await NginxRtmp.start({ record: true });
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost', '-keyout', path.join(work, 'key.pem'), '-out', path.join(work, 'cert.pem'),
  ], { stdio: 'ignore' });
  cert = readFileSync(path.join(work, 'cert.pem'), 'utf8');
  front = tls.createServer({ key: readFileSync(path.join(work, 'key.pem')), cert }, (socket) => {
    const back = net.connect({ host: '127.0.0.1', port: nginx.port });
    socket.pipe(back).pipe(socket);
    const close = () => {
      socket.destroy();
      back.destroy();
    };
    socket.on('error', close);
    back.on('error', close);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontPort = (front.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve()));
  await nginx?.dispose();
});

function push(sessionId: string, key: string, tlsCa: string | undefined) {
  return LiveSession.start({
    sessionId,
    input: { kind: 'testsrc' },
    rtmpUrls: [`rtmps://localhost:${frontPort}/live/${key}`],
    encoding: { ...DEFAULT_LIVE_ENCODING, videoKbps: 600 },
    recordPath: null,
    durationSec: null,
    workDir: work,
    log: createLogger(() => undefined),
    healthIntervalMs: 200,
    tlsCa,
  });
}

async function waitForState(session: LiveSession, state: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (session.health().state !== state) {
    if (Date.now() > deadline) throw new Error(`expected ${state}, health is ${JSON.stringify(session.health())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('rtmps through the key relay', () => {
  it('publishes under the real stream name when the server’s CA is trusted', async () => {
    const session = await push('tls-ok', 'tls-secret-key', cert);
    try {
      await waitForState(session, 'live', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(session.health().reconnects).toBe(0);
    } finally {
      await session.stop();
    }
    expect(nginx.recordings().map((file) => path.basename(file))).toEqual([expect.stringMatching(/^tls-secret-key-\d+\.flv$/)]);
  });

  it('turns red with the certificate problem when the CA is unknown', async () => {
    const session = await push('tls-bad', 'untrusted-key', undefined);
    try {
      await waitForState(session, 'reconnecting', 10_000);
      expect(session.health().message).toMatch(/certificate/i);
    } finally {
      await session.stop();
    }
    expect(nginx.recordings().some((file) => path.basename(file).startsWith('untrusted-key'))).toBe(false);
  });
});
