// Runs in Node (main side). The loopback binding of the StudioApi: a WebSocket endpoint on
// 127.0.0.1 that accepts only clients presenting this run's random token from our own origin.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import { decodeWire, encodeWire, type WireMessage } from '../../shared/api/wire';
import type { Studio } from '../studio';
import { dispatchCall } from './dispatch';

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

/** Largest frame a client may send: a recorded chunk or an uploaded PDF. */
const MAX_FRAME_BYTES = 600 * 1024 * 1024;

export function createWsBridge(studio: Studio, options: { token: string; allowedOrigins: () => string[] }): WsBridge {
  const { log, events } = studio.context;
  const server = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const clients = new Set<WebSocket>();

  const send = (socket: WebSocket, message: WireMessage) => {
    if (socket.readyState !== socket.OPEN) return;
    socket.send(encodeWire(message));
  };

  const unsubscribe = events.subscribe((name, payload) => {
    for (const socket of clients) send(socket, { t: 'event', name, payload });
  });

  server.on('connection', (socket: WebSocket) => {
    clients.add(socket);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      let message: WireMessage;
      try {
        const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
        message = decodeWire(isBinary ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.toString('utf8'));
      } catch (error) {
        // A malformed frame is a client bug: tell it and drop the frame.
        log.warn('bridge: malformed frame', { message: (error as Error).message });
        return;
      }
      if (message.t !== 'call') return;
      void dispatchCall(studio.calls, message.method, message.args, log).then((result) =>
        send(socket, result.ok ? { t: 'result', id: message.id, ok: true, value: result.value } : { t: 'result', id: message.id, ok: false, error: result.error }),
      );
    });
    socket.on('close', () => {
      clients.delete(socket);
      studio.context.renderers.notifyGone();
    });
    socket.on('error', (error) => log.warn('bridge: socket error', { message: error.message }));
  });

  return {
    handleUpgrade(request, socket, head) {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const origin = request.headers.origin ?? '';
      if (url.pathname !== '/bridge' || !tokensEqual(url.searchParams.get('token'), options.token) || !options.allowedOrigins().includes(origin)) {
        // Another page in the user's browser must not drive the studio: wrong token or origin, no socket.
        socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        socket.destroy();
        return;
      }
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
