// Runs in the renderer. The one StudioClient of this page (Electron preload or loopback bridge),
// set once by main.tsx after connecting; stores and features reach the services through it.
import { StudioError } from '../shared/errors';
import type { StudioClient } from './api/studioClient';

let client: StudioClient | null = null;

export function setStudio(next: StudioClient | null): void {
  client = next;
}

export function studio(): StudioClient {
  if (!client) throw new StudioError('BRIDGE_DISCONNECTED', 'The studio is not connected.');
  return client;
}

export function hasStudio(): boolean {
  return client !== null;
}
