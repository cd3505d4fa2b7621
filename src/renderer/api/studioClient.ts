// Runs in the renderer. The one door to the main side: the StudioApi, over Electron IPC (through
// the preload's `window.studio`) or over the loopback WebSocket bridge in a plain browser.
import type { StudioApi } from '../../shared/api/studioApi';
import { connectLoopback } from './loopbackClient';

export interface ClientPlatform {
  kind: 'electron' | 'loopback';
  /** URL for an opaque media reference such as `slide/<id>`. */
  mediaUrl(ref: string): string;
  /** The path of a dropped or picked file, where the binding has one (Electron); null in a browser. */
  pathForFile(file: File): string | null;
}

export type StudioClient = StudioApi & { platform: ClientPlatform };

/** What the preload exposes as `window.studio` (see src/preload/preload.ts). */
export interface PreloadStudio extends StudioApi {
  pathForFile(file: File): string;
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
    const client = Object.create(preload) as StudioClient;
    client.platform = {
      kind: 'electron',
      mediaUrl: (ref) => `media://library/${ref}`,
      pathForFile: (file) => preload.pathForFile(file) || null,
    };
    return client;
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
