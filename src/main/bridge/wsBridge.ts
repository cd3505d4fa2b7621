// Runs in Node (main side). The loopback binding of the StudioApi: a WebSocket endpoint on
// 127.0.0.1 that accepts only clients presenting this run's random token from our own origin.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { decodeWire, encodeWire, readCallFrame, salvageFrameId, type WireMessage } from '../../shared/api/wire';
import type { Studio } from '../studio';
import { dispatchCall } from './dispatch';
import { hideMainPaths } from '../files/rendererView';

export function tokensEqual(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface WsBridge {
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  clientCount(): number;
  close(): Promise<void>;
}

export interface WsBridgeOptions {
  token: string;
  allowedOrigins: () => string[];
  /** The Host header check of the HTTP server (DNS rebinding); every Host passes when absent. */
  allowedHost?: (host: string | undefined) => boolean;
  /** Told which TCP socket became an authenticated bridge client (the server's socket caps count the others). */
  onAuthenticated?: (socket: Duplex) => void;
}

/**
 * Largest frame a client may send. The biggest legitimate frames are recorded chunks (500 ms of
 * MediaRecorder output: about 0.4 MB at 1080p and 6 Mbit/s, under 4 MB even at 4K and 50 Mbit/s),
 * live program chunks of the same length, and the 4 MiB parts of an upload. 16 MiB leaves a
 * margin of 4 over all of them, and bounds what one frame can make the process hold: ws buffers a
 * whole message before we see it (a 300 MiB frame once took 600 MB of memory before refusal).
 */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** Authenticated bridge clients at once: a tab and its prompter window each hold one. */
export const MAX_BRIDGE_CLIENTS = 8;

function refuse(socket: Duplex, status: string): void {
  socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

export function createWsBridge(studio: Studio, options: WsBridgeOptions): WsBridge {
  const { log, events } = studio.context;
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const clients = new Set<WebSocket>();

  const send = (socket: WebSocket, message: WireMessage) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(encodeWire(message));
  };

  const unsubscribe = events.subscribe((name, payload) => {
    const visible = hideMainPaths(payload);
    for (const socket of clients) send(socket, { t: 'event', name, payload: visible });
  });

  const onMessage = (socket: WebSocket, data: RawData, isBinary: boolean) => {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const raw = isBinary ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.toString('utf8');
    let decoded: unknown;
    try {
      decoded = decodeWire(raw);
    } catch (error) {
      // A malformed frame is a client bug: answer it (with its id when one can be read) and go on.
      log.warn('bridge: malformed frame', { message: (error as Error).message });
      send(socket, { t: 'result', id: salvageFrameId(raw), ok: false, error: { code: 'BAD_FRAME', message: 'The studio could not read this request.' } });
      return;
    }
    const frame = readCallFrame(decoded);
    if (!frame.ok) {
      log.warn('bridge: invalid frame', { reason: frame.reason });
      send(socket, { t: 'result', id: frame.id, ok: false, error: { code: 'BAD_FRAME', message: `The studio could not read this request: ${frame.reason}.` } });
      return;
    }
    const { call } = frame;
    void dispatchCall(studio.calls, call.method, call.args, log).then((result) => {
      try {
        send(socket, result.ok ? { t: 'result', id: call.id, ok: true, value: result.value } : { t: 'result', id: call.id, ok: false, error: result.error });
      } catch (error) {
        // A result that cannot be encoded is our bug: the caller still gets an answer.
        log.error('bridge: result could not be sent', { method: call.method, message: (error as Error).message, stack: (error as Error).stack });
        send(socket, { t: 'result', id: call.id, ok: false, error: { code: 'INTERNAL', message: 'The studio could not send its answer.' } });
      }
    });
  };

  server.on('connection', (socket: WebSocket) => {
    clients.add(socket);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      try {
        onMessage(socket, data, isBinary);
      } catch (error) {
        log.error('bridge: frame handling failed', { message: (error as Error).message, stack: (error as Error).stack });
      }
    });
    socket.on('close', () => {
      clients.delete(socket);
      studio.context.renderers.notifyGone();
    });
    // Protocol errors (oversized frame: 1009, bad opcode) close this socket only.
    socket.on('error', (error) => log.warn('bridge: socket error', { message: error.message }));
  });

  return {
    handleUpgrade(request, socket, head) {
      let url: URL | null = null;
      try {
        url = new URL(request.url ?? '/', 'http://127.0.0.1');
      } catch {
        // Unparseable target: refused below.
      }
      const origin = request.headers.origin ?? '';
      const hostOk = options.allowedHost ? options.allowedHost(request.headers.host) : true;
      if (!url || !hostOk || url.pathname !== '/bridge' || !tokensEqual(url.searchParams.get('token'), options.token) || !options.allowedOrigins().includes(origin)) {
        // Another page in the user's browser must not drive the studio: wrong token, origin or host, no socket.
        refuse(socket, '403 Forbidden');
        return;
      }
      if (clients.size >= MAX_BRIDGE_CLIENTS) {
        log.warn('bridge: too many clients, connection refused', { clients: clients.size });
        refuse(socket, '503 Service Unavailable');
        return;
      }
      options.onAuthenticated?.(socket);
      server.handleUpgrade(request, socket, head, (ws) => server.emit('connection', ws, request));
    },
    clientCount: () => clients.size,
    async close() {
      unsubscribe();
      for (const socket of clients) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
