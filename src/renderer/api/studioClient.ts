// Runs in the renderer. The one door to the main side: the StudioApi, over Electron IPC (through
// the preload's `window.studio`) or over the loopback WebSocket bridge in a plain browser.
import { studioMethods, type StudioApi } from '../../shared/api/studioApi';
import { fromErrorInfo, type Result } from '../../shared/errors';
import { connectLoopback } from './loopbackClient';

export interface ClientPlatform {
  kind: 'electron' | 'loopback';
  /** URL for an opaque media reference such as `slide/<id>`. */
  mediaUrl(ref: string): string;
}

export type StudioClient = StudioApi & { platform: ClientPlatform };

/** What the preload exposes as `window.studio` (see src/preload/preload.ts): each method resolves to a Result. */
export interface PreloadStudio {
  [method: string]: unknown;
  on: StudioApi['on'];
}

declare global {
  interface Window {
    studio?: PreloadStudio;
    __STUDIO_BRIDGE__?: { url: string; token: string };
  }
}

let current: Promise<StudioClient> | null = null;

export function connectStudio(): Promise<StudioClient> {
  current ??= connect();
  return current;
}

async function connect(): Promise<StudioClient> {
  const preload = window.studio;
  if (preload) {
    const client: Record<string, unknown> = {};
    for (const method of Object.keys(studioMethods)) {
      client[method] = async (...args: unknown[]) => {
        const result = (await (preload[method] as (...a: unknown[]) => Promise<Result<unknown>>)(...args));
        if (!result.ok) throw fromErrorInfo(result.error);
        return result.value;
      };
    }
    client.on = preload.on;
    client.platform = {
      kind: 'electron',
      mediaUrl: (ref) => `media://library/${ref}`,
    } satisfies ClientPlatform;
    return client as unknown as StudioClient;
  }
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  const injected = window.__STUDIO_BRIDGE__;
  const token = injected?.token ?? fromHash ?? sessionStorage.getItem('studio-token');
  if (!token) throw new Error('No bridge token: open the address printed by `npm run dev:web`.');
  // Keep the token for reloads of this tab, and take it out of the address bar.
  sessionStorage.setItem('studio-token', token);
  if (fromHash) history.replaceState(null, '', window.location.pathname + window.location.search);
  const origin = window.location.origin;
  const wsUrl = injected?.url ?? `${origin.replace(/^http/, 'ws')}/bridge`;
  return connectLoopback(wsUrl, token, origin);
}
