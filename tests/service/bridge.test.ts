// Runs in Node (tests). The loopback binding: real HTTP + WebSocket server, the renderer's own
// client module, token and origin checks, binary arguments, events, media with ranges.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebStudio, type WebStudio } from '../../src/main/bridge/webServer';
import { connectLoopback } from '../../src/renderer/api/loopbackClient';
import { newStagingDir } from '../../src/main/library/capsuleFiles';
import { createLogger } from '../../src/main/log';
import type { StudioClient } from '../../src/renderer/api/studioClient';
import { tempDir } from '../support/tempDir';

let web: WebStudio;
let client: StudioClient;

/** The renderer's client expects a browser WebSocket; ws offers the same API, plus the Origin a browser sends. */
function browserLikeWebSocket(origin: string) {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  };
}

beforeAll(async () => {
  const staticDir = tempDir();
  writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Capsule Studio</title>');
  web = await startWebStudio({ libraryDir: tempDir(), staticDir, studioOptions: { log: createLogger(() => undefined) } });
  (globalThis as { WebSocket?: unknown }).WebSocket = browserLikeWebSocket(web.origin);
  client = await connectLoopback(`${web.origin.replace('http', 'ws')}/bridge`, web.token, web.origin);
});

afterAll(async () => {
  await web?.close();
});

function rawConnect(url: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => undefined);
  });
}

describe('loopback bridge', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(web.origin).hostname).toBe('127.0.0.1');
    expect(web.url).toContain(`#token=${web.token}`);
  });

  it('refuses a wrong token and a foreign origin', async () => {
    const ws = `${web.origin.replace('http', 'ws')}/bridge`;
    expect(await rawConnect(`${ws}?token=${web.token}`, web.origin)).toBe('open');
    expect(await rawConnect(`${ws}?token=wrong`, web.origin)).toBe(403);
    expect(await rawConnect(`${ws}?token=${web.token}`, 'http://evil.example')).toBe(403);
    expect(await rawConnect(`${ws}?token=${web.token}`)).toBe(403);
  });

  it('calls services and returns their data', async () => {
    expect(await client.listCapsules()).toEqual([]);
    const info = await client.getAppInfo();
    expect(info.binding).toBe('loopback');
  });

  it('turns service failures and bad arguments into coded errors, without stacks', async () => {
    await expect(client.getCapsule('nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const badArgs = await (client.renameCapsule as (...a: unknown[]) => Promise<unknown>)('id', 12).catch((error: unknown) => error);
    expect(badArgs).toMatchObject({ code: 'BAD_ARGS' });
    expect(String((badArgs as Error).message)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('carries binary arguments (a non-PDF upload gets its specific error)', async () => {
    const bytes = new TextEncoder().encode('hello, this is not a PDF at all');
    await expect(client.createCapsuleFromPdf({ source: { bytes, name: 'notes.pdf' } })).rejects.toMatchObject({ code: 'PDF_NOT_PDF' });
  });

  it('forwards events to the renderer', async () => {
    let off = (): void => undefined;
    const received = new Promise<unknown>((resolve) => {
      off = client.on('library.changed', (payload) => {
        if ((payload as { capsuleId: unknown }).capsuleId === 'from-main') resolve(payload);
      });
    });
    await client.updateSettings({ x: 1 });
    web.studio.context.events.emit('library.changed', { capsuleId: 'from-main' });
    // Waits for the event itself (the test's timeout catches an event that never comes).
    expect(await received).toEqual({ capsuleId: 'from-main' });
    off();
  });

  it('serves library media by reference only, with the token, and honours ranges', async () => {
    const { library } = web.studio.context;
    const staging = newStagingDir(library.libraryDir, 'media-test');
    mkdirSync(path.join(staging, 'slides'));
    writeFileSync(path.join(staging, 'slides', 'a.png'), Buffer.from('0123456789'));
    writeFileSync(path.join(staging, 'slides', 'a.thumb.png'), Buffer.from('thumb'));
    const capsule = library.create({
      title: 'Media',
      stagingDir: staging,
      slides: [{ imageFile: path.join(staging, 'slides', 'a.png'), thumbFile: path.join(staging, 'slides', 'a.thumb.png'), width: 1, height: 1, pageNumber: 1, pageLabel: null, prompt: '' }],
    });
    const ref = capsule.grains[0]!.slides[0]!.image;
    const url = client.platform.mediaUrl(ref);
    const full = await fetch(url);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('image/png');
    expect(await full.text()).toBe('0123456789');
    const partial = await fetch(url, { headers: { Range: 'bytes=2-4' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await partial.text()).toBe('234');
    expect((await fetch(url.replace(/token=[^&]+/, 'token=bad'))).status).toBe(403);
    expect((await fetch(`${web.origin}/media/..%2F..%2Fetc%2Fpasswd?token=${web.token}`)).status).toBe(404);
  });

  it('serves the renderer with a strict CSP and refuses path traversal', async () => {
    const page = await fetch(`${web.origin}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    // fetch() would normalise the dots away; a raw request sends them as an attacker would.
    const status = await new Promise<number>((resolve, reject) => {
      http.get(`${web.origin}/..%2f..%2f..%2fetc%2fpasswd`, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(403);
  });
});
