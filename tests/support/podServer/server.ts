// Runs in Node (test tooling). A contract-faithful fake Esup-Pod (4.1 by default, 3.8 by knob), written
// from https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/rest_router.py: node:http on 127.0.0.1, random port, DRF's auth and
// permission texts, trailing-slash redirects, 12-per-page lists, hyperlinked relations, multipart
// uploads streamed to disk, simulated encoding, and switches that inject every failure the client must survive.
//
// ADDING ROUTES (e.g. live: buildings, broadcasters, events — https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/live/rest_views.py): write a module in its own
// file, for example tests/support/podServer/live.ts:
//
//   import type { PodRouteModule } from './server';
//   export const liveRoutes: PodRouteModule = {
//     name: 'live',
//     prefixes: () => ['buildings', 'broadcasters', 'events'],      // listed by GET /rest/
//     routes: [
//       { method: 'GET', path: /^\/rest\/buildings\/$/, handle: (call) => call.paginate(items, serialize) },
//       { method: 'PATCH', path: /^\/rest\/broadcasters\/([-\w]+)\/$/, handle: async (call) => { … call.param(1) … } },
//     ],
//   };
//
// and start the server with it: `await startPodServer({ modules: [liveRoutes] })` (or `server.use(liveRoutes)`).
// Routes under /rest/ are authenticated and staff-checked before `handle` runs (`call.user` is set);
// use `call.json/detail/fieldErrors/paginate/notFound/serverErrorHtml` so faults apply, `call.input()`
// to read a body, `resolveHyperlink` for relations and `call.state` for shared data (users, types…).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { HttpAnswered, RouteCall, type ReceivedRequest } from './call';
import { PodState, type PodKnobs, type PodUser } from './state';
import { referenceRoutes } from './routes/reference';
import { videoRoutes } from './routes/videos';
import { completionRoutes } from './routes/completion';
import { podfileRoutes } from './routes/podfile';
import { playlistRoutes } from './routes/playlists';

export interface PodRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  path: RegExp;
  /** Outside /rest/ and without authentication (e.g. /info_pod.json). */
  public?: boolean;
  /** Only when this returns true is the route registered (e.g. podfile routes need USE_PODFILE). */
  enabled?: (state: PodState) => boolean;
  handle(call: RouteCall): void | Promise<void>;
}

export interface PodRouteModule {
  name: string;
  /** Router prefixes this module adds to `GET /rest/` (evaluated per request: knobs may switch them). */
  prefixes?: (state: PodState) => string[];
  routes: PodRoute[];
}

export type PodFaultKind =
  | 'unauthorized' // 401 {"detail":"Invalid token."}
  | 'forbidden' // 403 DRF JSON
  | 'forbiddenHtml' // 403 nginx IP rule, HTML
  | 'fieldErrors' // 400 with `fieldErrors`
  | 'tooLarge' // 413 nginx HTML
  | 'serverErrorHtml' // 500 HTML
  | 'resetMidUpload' // socket destroyed after `afterBytes` body bytes (default: half the body)
  | 'cutAfterCreate' // the request is fully handled (video created), then the socket is destroyed
  | 'hang'; // never answers

export interface PodFault {
  kind: PodFaultKind;
  method?: string;
  /** Exact pathname, or a pattern. */
  path: string | RegExp;
  /** How many matching requests it hits (default 1). */
  times?: number;
  fieldErrors?: Record<string, string[]>;
  afterBytes?: number;
}

export interface PodServerOptions {
  knobs?: Partial<PodKnobs>;
  modules?: PodRouteModule[];
  /** Host name the server binds (always loopback). */
  host?: string;
}

export interface PodServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  state: PodState;
  requests: ReceivedRequest[];
  uploadDir: string;
  use(module: PodRouteModule): void;
  inject(fault: PodFault): void;
  /** Faults not consumed yet. */
  pendingFaults(): PodFault[];
  requestsTo(method: string, pathname: string | RegExp): ReceivedRequest[];
  /**
   * Test knob: Pod's web worker restarts (runserver, uwsgi reload). Requests in flight are cut, and every
   * encoding running in a thread dies: those videos stay "in progress" at their step for ever (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video_encode_transcript/encode.py).
   * Returns the ids of the videos whose encoding died.
   */
  restart(): number[];
  close(): Promise<void>;
}

const AUTH_HEADERS = { 'WWW-Authenticate': 'Basic realm="api"' };

function authenticate(call: RouteCall): PodUser | 'answered' {
  const header = call.req.headers.authorization;
  const state = call.state;
  const reject = (detail: string) => {
    call.record.auth = 'rejected';
    call.detail(401, detail, AUTH_HEADERS);
    return 'answered' as const;
  };
  if (!header) return reject('Authentication credentials were not provided.');
  const parts = header.trim().split(/\s+/);
  const scheme = (parts[0] ?? '').toLowerCase();
  if (scheme === 'basic') {
    const decoded = Buffer.from(parts[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = state.users.find((candidate) => candidate.username === decoded.slice(0, colon));
    if (colon < 0 || !user || !user.isActive || user.password === null || user.password !== decoded.slice(colon + 1)) return reject('Invalid username/password.');
    call.record.auth = `basic:${user.username}`;
    return user;
  }
  if (scheme === 'token') {
    if (parts.length === 1) return reject('Invalid token header. No credentials provided.');
    if (parts.length > 2) return reject('Invalid token header. Token string should not contain spaces.');
    const userId = state.tokens.get(parts[1] ?? '');
    const user = userId === undefined ? undefined : state.userById(userId);
    if (!user) return reject('Invalid token.');
    if (!user.isActive) return reject('User inactive or deleted.');
    call.record.auth = `token:${user.username}`;
    return user;
  }
  // Other schemes (Bearer…) are ignored by both authentication classes: no credentials.
  return reject('Authentication credentials were not provided.');
}

export async function startPodServer(options: PodServerOptions = {}): Promise<PodServer> {
  const state = new PodState(options.knobs);
  const modules: PodRouteModule[] = [referenceRoutes, videoRoutes, completionRoutes, podfileRoutes, playlistRoutes, ...(options.modules ?? [])];
  const faults: (PodFault & { left: number })[] = [];
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'fake-pod-'));

  state.listPrefixes = () => rootPrefixes(modules, state);
  const routesFor = () => modules.flatMap((module) => module.routes.filter((route) => route.enabled?.(state) ?? true));

  const takeFault = (method: string, pathname: string): PodFault | null => {
    const index = faults.findIndex((fault) => (!fault.method || fault.method === method) && (typeof fault.path === 'string' ? fault.path === pathname : fault.path.test(pathname)));
    if (index < 0) return null;
    const fault = faults[index]!;
    fault.left -= 1;
    if (fault.left <= 0) faults.splice(index, 1);
    return fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    const method = (req.method ?? 'GET').toUpperCase();
    const record: ReceivedRequest = {
      method,
      path: url.pathname,
      query: url.search,
      contentType: req.headers['content-type'] ?? null,
      acceptLanguage: (req.headers['accept-language']) ?? null,
      auth: 'none',
    };
    requests.push(record);
    const fault = takeFault(method, url.pathname);
    const contentLength = Number(req.headers['content-length'] ?? NaN);
    const call = new RouteCall({
      req,
      res,
      url,
      state,
      uploadDir,
      record,
      cutResponse: fault?.kind === 'cutAfterCreate',
      resetAfterBytes: fault?.kind === 'resetMidUpload' ? (fault.afterBytes ?? Math.max(1, Math.floor((Number.isFinite(contentLength) ? contentLength : 2) / 2))) : null,
    });

    if (fault?.kind === 'hang') {
      req.resume(); // swallow the body; never answer
      return;
    }
    if (fault?.kind === 'tooLarge' || (state.knobs.maxUploadBytes !== null && Number.isFinite(contentLength) && contentLength > state.knobs.maxUploadBytes)) {
      // nginx answers from the Content-Length, then keeps reading the body for a while (lingering close) so the client sees the answer.
      res.writeHead(413, { 'Content-Type': 'text/html' });
      res.end('<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx</center></body></html>');
      req.resume();
      return;
    }
    if (fault?.kind === 'forbiddenHtml') {
      req.resume();
      res.writeHead(403, { 'Content-Type': 'text/html' });
      res.end('<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>');
      return;
    }

    const routes = routesFor();
    let pathname = url.pathname;
    if (pathname.startsWith('/rest') && !pathname.endsWith('/') && !pathname.endsWith('.json')) {
      const slashed = `${pathname}/`;
      if (routes.some((route) => route.path.test(slashed)) || pathname === '/rest') {
        req.resume();
        res.writeHead(301, { Location: `${slashed}${url.search}`, 'Content-Type': 'text/html; charset=utf-8' });
        res.end('');
        return;
      }
    }
    if (pathname.startsWith('/rest/') && pathname.endsWith('.json') && pathname !== '/info_pod.json') pathname = `${pathname.slice(0, -'.json'.length)}/`;
    const candidates = routes.filter((route) => route.path.test(pathname));
    if (candidates.length === 0) {
      req.resume();
      call.notRouted();
      return;
    }
    const route = candidates.find((candidate) => candidate.method === method);
    if (!route?.public) {
      const user = authenticate(call);
      if (user === 'answered') {
        req.resume();
        return;
      }
      call.user = user;
      if (!user.isStaff || fault?.kind === 'forbidden') {
        req.resume();
        call.detail(403, 'You do not have permission to perform this action.');
        return;
      }
    }
    if (fault?.kind === 'unauthorized') {
      req.resume();
      call.detail(401, 'Invalid token.', AUTH_HEADERS);
      return;
    }
    if (!route) {
      req.resume();
      if (method === 'OPTIONS') {
        call.json(200, { name: 'Api Root', description: '', renders: ['application/json', 'text/html'], parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] });
        return;
      }
      call.detail(405, `Method "${method}" not allowed.`);
      return;
    }
    if (fault?.kind === 'serverErrorHtml') {
      req.resume();
      call.serverErrorHtml();
      return;
    }
    if (fault?.kind === 'fieldErrors') {
      req.resume();
      call.fieldErrors(fault.fieldErrors ?? { non_field_errors: ['Invalid data.'] });
      return;
    }
    call.match = route.path.exec(pathname);
    await route.handle(call);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof HttpAnswered) return; // the route already answered (400/415…)
      if (req.socket.destroyed) return; // an injected reset: nothing left to answer
      // A bug in the fake itself: answer like Django would (HTML 500), and say why on stderr.
      process.stderr.write(`fake Pod error: ${(error as Error).stack ?? String(error)}\n`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/html' });
        res.end('<h1>Server Error (500)</h1>');
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    requests,
    uploadDir,
    use(module) {
      modules.push(module);
    },
    inject(fault) {
      faults.push({ ...fault, left: fault.times ?? 1 });
    },
    pendingFaults() {
      return faults.map(({ left: _left, ...fault }) => fault);
    },
    requestsTo(method, pathname) {
      return requests.filter((request) => request.method === method && (typeof pathname === 'string' ? request.path === pathname : pathname.test(request.path)));
    },
    restart() {
      for (const socket of sockets) socket.destroy();
      return state.killEncoders().map((video) => video.id);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(uploadDir, { recursive: true, force: true });
    },
  };
}

/** Every prefix listed by `GET /rest/`, from all modules. */
export function rootPrefixes(modules: PodRouteModule[], state: PodState): string[] {
  return modules.flatMap((module) => module.prefixes?.(state) ?? []);
}
