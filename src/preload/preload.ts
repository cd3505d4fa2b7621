// Runs in Electron's sandboxed preload. Exposes exactly the StudioApi (generated from the contract);
// never ipcRenderer itself, never the IPC event object, never a file's path (files go by grant).
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, studioMethods } from '../shared/api/studioApi';

// Each method resolves to a Result object, not a thrown error: errors crossing contextBridge lose
// their `code`, so the renderer's client (src/renderer/api/studioClient.ts) unwraps the Result.
const api: Record<string, unknown> = {};
for (const method of Object.keys(studioMethods)) {
  api[method] = (...args: unknown[]) => ipcRenderer.invoke(`${CHANNEL_PREFIX}${method}`, ...args);
}

const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => {
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

api.on = (name: string, listener: (payload: unknown) => void) => {
  const set = listeners.get(name) ?? new Set();
  set.add(listener);
  listeners.set(name, set);
  return () => set.delete(listener);
};

contextBridge.exposeInMainWorld('studio', api);
