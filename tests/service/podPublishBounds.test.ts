// Runs in Node (tests). Every Pod answer, and a provisioning file downloaded from its address, is bounded in
// size and in time, and the error names the limit that was hit: a loopback HTTP server sends a JSON answer
// far larger than Pod's, or trickles one byte at a time so no idle timeout ever fires; a file upload is not
// held to the time bound.
import { createServer, type Server } from 'node:http';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PodClient } from '../../src/main/pod/podClient';
import { multipartLayout, newBoundary } from '../../src/main/pod/multipartBody';
import { readPodInfo } from '../../src/main/pod/connectionTest';
import { downloadProvisioning } from '../../src/main/pod/provisioningDownload';
import { main } from '../../src/main/cli/main';
import { tempDir } from '../support/tempDir';

let server: Server;
let base: string;
const timers = new Set<NodeJS.Timeout>();

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/info_pod.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      // A "JSON" answer of 3 MiB: a Pod answer is a few kilobytes.
      res.end(JSON.stringify({ VERSION: '4.1.0', padding: 'x'.repeat(3 * 1024 * 1024) }));
      return;
    }
    if (req.url === '/provisioning.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ format: 'capsule-studio/pod-provisioning', version: 1, servers: [{ name: 'Pod Université', url: 'https://pod.univ.example', defaults: { licence: 'by-nc-sa' } }] }));
      return;
    }
    if (req.url === '/rest/slow/' || req.url === '/slow-provisioning.json') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"results": [');
      const timer = setInterval(() => res.write(' '), 50); // always moving: the idle timeout never fires
      timers.add(timer);
      req.on('close', () => clearInterval(timer));
      return;
    }
    if (req.url === '/rest/upload/') {
      // Reads the body slowly, then answers: longer than the whole-answer bound, which uploads are exempt from.
      let received = 0;
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
        req.pause();
        setTimeout(() => req.resume(), 40);
      });
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: 1, slug: '0001-x', received }));
      });
      return;
    }
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end('{"detail": "Not found."}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('bounded Pod answers', () => {
  it('an answer larger than the size limit is dropped, and the error says which limit', async () => {
    const client = new PodClient({ baseUrl: base, token: 'a'.repeat(40), limits: { maxBytes: 1024 * 1024 } });
    await expect(readPodInfo(client)).rejects.toMatchObject({ code: 'POD_ANSWER_TOO_LARGE', message: expect.stringMatching(/sent more than 1 MiB while reading \/info_pod\.json/), details: { limitBytes: 1024 * 1024 } });
  });

  it('an answer that never ends is stopped at the time limit, and the error says which limit', async () => {
    const client = new PodClient({ baseUrl: base, token: 'a'.repeat(40), limits: { maxMs: 400 }, timeouts: { idleMs: 5_000, responseMs: 5_000 } });
    const started = Date.now();
    await expect(client.get('/rest/slow/', 'listing videos')).rejects.toMatchObject({ code: 'POD_ANSWER_TOO_SLOW', message: expect.stringMatching(/took more than 400 ms to answer while listing videos; the request was stopped/), details: { limitMs: 400 } });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('a provisioning file from its address: imported by the CLI; too large or too slow, stopped and the limit named', async () => {
    const library = path.join(tempDir('pod-bounds-lib-'), 'library');
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['pod', 'profile', 'import', `${base}/provisioning.json`, '--library', library], { out: (text) => out.push(text), err: (text) => err.push(text) });
    expect(err.join('\n')).toBe('');
    expect(code).toBe(0);
    expect(out).toEqual(['Imported profile "Pod Université" (https://pod.univ.example, no token yet).']);
    await expect(downloadProvisioning(`${base}/info_pod.json`, { maxBytes: 64 * 1024 })).rejects.toMatchObject({ code: 'POD_ANSWER_TOO_LARGE', message: expect.stringMatching(/more than 64 KiB for the provisioning file/) });
    await expect(downloadProvisioning(`${base}/slow-provisioning.json`, { maxMs: 300 })).rejects.toMatchObject({ code: 'POD_ANSWER_TOO_SLOW', message: expect.stringMatching(/took more than 300 ms to send the provisioning file/) });
    await expect(downloadProvisioning('http://pod.example.edu/provisioning.json')).rejects.toMatchObject({ code: 'POD_PROVISIONING_INVALID', message: expect.stringMatching(/https only/) });
  });

  it('a file upload is not cut by the whole-answer time limit', async () => {
    const dir = tempDir('pod-bounds-');
    const file = path.join(dir, 'video.mp4');
    writeFileSync(file, Buffer.alloc(512 * 1024, 1));
    const client = new PodClient({ baseUrl: base, token: 'a'.repeat(40), limits: { maxMs: 100 } });
    const layout = multipartLayout(newBoundary(), [['title', 'T']], [{ field: 'video', filename: 'video.mp4', contentType: 'video/mp4', path: file, size: 512 * 1024 }]);
    const answer = await client.request<{ received: number }>('POST', '/rest/upload/', { multipart: layout, what: 'uploading the video', accept: [201] });
    expect(answer.body.received).toBe(layout.length);
  });
});
