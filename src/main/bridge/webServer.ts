// Runs in Node (main side). The browser binding: one loopback HTTP server that serves the built
// renderer, the media of the library and the WebSocket bridge, all behind a random per-run token.
// `npm run dev:web` and the end-to-end tests start the real services through it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { contentSecurityPolicy } from '../../shared/logic/httpRange';
import { isStudioError } from '../../shared/errors';
import { createStudio, type Studio, type StudioOptions } from '../studio';
import { decodePathSafely, isAllowedHost, parseRequestTarget } from './requestGuards';
import { serveFile } from './serveFile';
import { createWsBridge, tokensEqual } from './wsBridge';

export interface WebStudioOptions {
  libraryDir: string;
  port?: number;
  /** The built renderer (vite build output). */
  staticDir?: string;
  studio?: Studio;
  studioOptions?: Partial<StudioOptions>;
}

export interface WebStudio {
  /** Open this in a browser: it carries the token in the fragment, which never reaches a server log. */
  url: string;
  origin: string;
  token: string;
  studio: Studio;
  close(): Promise<void>;
}

export function defaultStaticDir(): string {
  return path.resolve(import.meta.dirname ?? '.', '../../../dist-web');
}

/** Open TCP connections at once: a browser keeps at most 6 per host; tabs, media and the bridge fit well below. */
export const MAX_OPEN_SOCKETS = 64;
/** Of those, connections that have not become an authenticated bridge socket (page, media, pending upgrades). */
export const MAX_UNAUTHENTICATED_SOCKETS = 32;

export async function startWebStudio(options: WebStudioOptions): Promise<WebStudio> {
  const studio = options.studio ?? (await createStudio({ libraryDir: options.libraryDir, binding: 'loopback', ...options.studioOptions }));
  const { log } = studio.context;
  const token = randomBytes(24).toString('hex');
  const staticDir = path.resolve(options.staticDir ?? defaultStaticDir());
  let origin = '';
  let port = 0;
  const sockets = new Set<Socket>();
  const authenticated = new WeakSet<Duplex>();
  const bridge = createWsBridge(studio, {
    token,
    allowedOrigins: () => [origin, origin.replace('127.0.0.1', 'localhost')],
    allowedHost: (host) => isAllowedHost(host, port),
    onAuthenticated: (socket) => authenticated.add(socket),
  });

  const securityHeaders = () => ({
    'Content-Security-Policy': contentSecurityPolicy({ connectExtra: origin.replace(/^http/, 'ws') }),
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  });

  const answer = (request: http.IncomingMessage, response: http.ServerResponse) => {
    const security = securityHeaders();
    // DNS rebinding: a foreign name pointing at 127.0.0.1 gets nothing, not even index.html.
    if (!isAllowedHost(request.headers.host, port)) {
      response.writeHead(421, security).end();
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, security).end();
      return;
    }
    const url = parseRequestTarget(request.url);
    const pathname = url ? decodePathSafely(url.pathname) : null;
    if (!url || pathname === null) {
      response.writeHead(400, security).end();
      return;
    }
    if (pathname.startsWith('/media/')) {
      if (!tokensEqual(url.searchParams.get('token'), token)) {
        response.writeHead(403, security).end();
        return;
      }
      let file: string;
      try {
        file = studio.context.media.resolve(pathname.slice('/media/'.length));
      } catch (error) {
        // Whatever the reason, an unknown reference says nothing about the files behind it.
        if (!isStudioError(error)) log.error('media lookup failed', { message: (error as Error).message, stack: (error as Error).stack });
        response.writeHead(404, security).end();
        return;
      }
      serveFile(request, response, file, security);
      return;
    }
    // Static files of the renderer: refuse anything that resolves outside the build folder.
    const relative = pathname.replace(/^\/+/, '') || 'index.html';
    let file = path.resolve(staticDir, relative);
    if (!file.startsWith(staticDir + path.sep)) {
      response.writeHead(403, security).end();
      return;
    }
    if (!existsSync(file)) file = path.join(staticDir, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(503, { ...security, 'Content-Type': 'text/plain; charset=utf-8' }).end('The renderer is not built: run `npm run build:web`.');
      return;
    }
    serveFile(request, response, file, security);
  };

  // Slow or idle clients cannot hold sockets: headers within 10 s, checked every 2 s.
  const server = http.createServer({ headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 2_000, keepAliveTimeout: 5_000 }, (request, response) => {
    try {
      answer(request, response);
    } catch (error) {
      // Nothing a client sends may stop the server: an unexpected failure is logged and answered 500.
      log.error('loopback request failed', { message: (error as Error).message, stack: (error as Error).stack });
      if (!response.headersSent) response.writeHead(500, securityHeaders());
      response.end();
    }
  });
  server.maxConnections = MAX_OPEN_SOCKETS;
  // Sockets that are not bridge clients, oldest first. When they are too many, the oldest one with no
  // request in progress goes: a flood of idle sockets cannot lock the user's own tab out.
  const busy = new WeakSet<Socket>();
  server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const socket = request.socket;
    busy.add(socket);
    response.once('close', () => busy.delete(socket));
  });
  server.on('connection', (socket: Socket) => {
    const unauthenticated = [...sockets].filter((open) => !authenticated.has(open));
    if (unauthenticated.length >= MAX_UNAUTHENTICATED_SOCKETS) {
      const idle = unauthenticated.find((open) => !busy.has(open));
      if (idle) idle.destroy();
      else {
        socket.destroy();
        return;
      }
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request, socket, head) => {
    try {
      bridge.handleUpgrade(request, socket, head);
    } catch (error) {
      log.error('bridge upgrade failed', { message: (error as Error).message, stack: (error as Error).stack });
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    studio,
    async close() {
      await bridge.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (!options.studio) await studio.close();
    },
  };
}
