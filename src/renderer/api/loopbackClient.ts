// Runs in the renderer. The browser side of the loopback bridge: the StudioApi generated from the
// contract's method list, calls multiplexed over one WebSocket, binary arguments sent as binary.
import { studioMethods, type StudioEventName, type StudioEvents } from '../../shared/api/studioApi';
import { decodeWire, encodeWire, type WireMessage } from '../../shared/api/wire';
import { StudioError, fromErrorInfo } from '../../shared/errors';
import type { StudioClient } from './studioClient';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export async function connectLoopback(wsUrl: string, token: string, httpOrigin: string): Promise<StudioClient> {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let socket: WebSocket;
  let opening: Promise<void>;

  const open = (): Promise<void> =>
    new Promise((resolve, reject) => {
      socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
      socket.binaryType = 'arraybuffer';
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new StudioError('BRIDGE_DISCONNECTED', 'Cannot reach the studio service.'));
      socket.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
        const message: WireMessage = decodeWire(typeof event.data === 'string' ? event.data : new Uint8Array(event.data));
        if (message.t === 'result') {
          // id null: the service could not read which call this answers (a frame this client never sends).
          if (message.id === null) return;
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (!waiter) return;
          if (message.ok) waiter.resolve(message.value);
          else waiter.reject(fromErrorInfo(message.error));
        } else if (message.t === 'event') {
          for (const listener of listeners.get(message.name) ?? []) listener(message.payload);
        }
      };
      socket.onclose = () => {
        for (const waiter of pending.values()) waiter.reject(new StudioError('BRIDGE_DISCONNECTED', 'The connection to the studio service was lost.'));
        pending.clear();
        for (const listener of listeners.get('bridge.closed') ?? []) listener(null);
      };
    });

  opening = open();
  await opening;

  const call = async (method: string, args: unknown[]): Promise<unknown> => {
    if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) {
      opening = open();
    }
    await opening;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(encodeWire({ t: 'call', id, method, args }));
    });
  };

  const client = {} as Record<string, unknown>;
  for (const method of Object.keys(studioMethods)) {
    client[method] = (...args: unknown[]) => call(method, args);
  }
  client.on = <E extends StudioEventName>(event: E, listener: (payload: StudioEvents[E]) => void) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (payload: unknown) => void);
    listeners.set(event, set);
    return () => set.delete(listener as (payload: unknown) => void);
  };
  client.platform = {
    kind: 'loopback',
    mediaUrl: (ref: string) => `${httpOrigin}/media/${ref}?token=${encodeURIComponent(token)}`,
  };
  return client as unknown as StudioClient;
}
