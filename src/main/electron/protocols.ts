// Runs in Electron's main process. `app://studio/` serves the built renderer with our CSP, and
// `media://library/<kind>/<id>` serves library media by opaque reference, with Range support.
// Nothing is ever loaded from file://.
import { net, protocol, type Session } from 'electron';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy, contentTypeFor, parseRange } from '../../shared/logic/httpRange';
import type { MediaRefs } from '../library/mediaRefs';
import { decodePathSafely } from '../bridge/requestGuards';

export function registerSchemesBeforeReady(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    { scheme: 'media', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

export function handleAppProtocol(session: Session, rendererDir: string): void {
  const root = path.resolve(rendererDir);
  session.protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'studio') return new Response('Not found', { status: 404 });
    const decoded = decodePathSafely(url.pathname);
    if (decoded === null) return new Response('Bad request', { status: 400 });
    const relative = decoded.replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(root, relative);
    if (!file.startsWith(root + path.sep)) return new Response('Forbidden', { status: 403 });
    const upstream = await net.fetch(pathToFileURL(file).toString());
    if (!upstream.ok) return new Response('Not found', { status: 404 });
    return new Response(upstream.body, {
      status: 200,
      headers: { 'Content-Type': contentTypeFor(file), 'Content-Security-Policy': contentSecurityPolicy({ mediaScheme: 'media:' }), 'X-Content-Type-Options': 'nosniff' },
    });
  });
}

export function handleMediaProtocol(session: Session, media: MediaRefs): void {
  session.protocol.handle('media', async (request) => {
    const url = new URL(request.url);
    let file: string;
    try {
      if (url.host !== 'library') throw new Error('unknown host');
      const ref = decodePathSafely(url.pathname.replace(/^\/+/, ''));
      if (ref === null) throw new Error('malformed reference');
      file = media.resolve(ref);
    } catch {
      // An unknown reference is a 404, whatever the reason: the renderer learns nothing about paths.
      return new Response('Not found', { status: 404 });
    }
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      // The file vanished after the lookup (deleted meanwhile).
      return new Response('Not found', { status: 404 });
    }
    const headers = { 'Content-Type': contentTypeFor(file), 'Accept-Ranges': 'bytes' };
    const range = parseRange(request.headers.get('range'), size);
    if (range.kind === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
    if (range.kind === 'partial') {
      const body = Readable.toWeb(createReadStream(file, { start: range.start, end: range.end })) as ReadableStream;
      return new Response(body, {
        status: 206,
        headers: { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) },
      });
    }
    return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream, { status: 200, headers: { ...headers, 'Content-Length': String(size) } });
  });
}
