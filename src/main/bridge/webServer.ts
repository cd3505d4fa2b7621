// Runs in Node (main side). The browser binding: one loopback HTTP server that serves the built
// renderer, the media of the library and the WebSocket bridge, all behind a random per-run token.
// `npm run dev:web` and the end-to-end tests start the real services through it.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { contentSecurityPolicy } from '../../shared/logic/httpRange';
import { isStudioError } from '../../shared/errors';
import { createStudio, type Studio, type StudioOptions } from '../studio';
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

export async function startWebStudio(options: WebStudioOptions): Promise<WebStudio> {
  const studio = options.studio ?? (await createStudio({ libraryDir: options.libraryDir, binding: 'loopback', ...options.studioOptions }));
  const token = randomBytes(24).toString('hex');
  const staticDir = path.resolve(options.staticDir ?? defaultStaticDir());
  let origin = '';
  const bridge = createWsBridge(studio, { token, allowedOrigins: () => [origin, origin.replace('127.0.0.1', 'localhost')] });

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const security = {
      'Content-Security-Policy': contentSecurityPolicy({ connectExtra: origin.replace(/^http/, 'ws') }),
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, security).end();
      return;
    }
    if (url.pathname.startsWith('/media/')) {
      if (!tokensEqual(url.searchParams.get('token'), token)) {
        response.writeHead(403, security).end();
        return;
      }
      try {
        serveFile(request, response, studio.context.media.resolve(decodeURIComponent(url.pathname.slice('/media/'.length))), security);
      } catch (error) {
        response.writeHead(isStudioError(error) && error.code === 'NOT_FOUND' ? 404 : 500, security).end();
      }
      return;
    }
    // Static files of the renderer: refuse anything that resolves outside the build folder.
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
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
  });
  server.on('upgrade', (request, socket, head) => bridge.handleUpgrade(request, socket, head));

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    studio,
    async close() {
      await bridge.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      if (!options.studio) await studio.close();
    },
  };
}
