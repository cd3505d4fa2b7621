// Runs in Node (tests). The Electron binding without the Electron binary: `electron` is replaced by
// a minimal in-process IPC (ipcMain.handle ↔ ipcRenderer.invoke, contextBridge capturing what the
// preload exposes), so the real ipcBinding, the real preload and the renderer's real client run
// against the real services — including the sender-frame check.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src/renderer/api/studioClient';
import type { Studio } from '../../src/main/studio';
import { tempDir } from '../support/tempDir';

const ipc = vi.hoisted(() => {
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const rendererListeners = new Map<string, ((event: unknown, ...args: unknown[]) => void)[]>();
  const state = { senderUrl: 'app://studio/index.html', exposed: {} as Record<string, unknown> };
  const mainFrame = () => ({ url: state.senderUrl, parent: null });
  const contents = {
    isDestroyed: () => false,
    get mainFrame() {
      return mainFrame();
    },
    send: (channel: string, ...args: unknown[]) => {
      for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: 'never exposed' }, ...args);
    },
  };
  return { handlers, rendererListeners, state, contents, mainFrame };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => ipc.handlers.set(channel, handler),
    removeHandler: (channel: string) => ipc.handlers.delete(channel),
  },
  webContents: { getAllWebContents: () => [ipc.contents] },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      const handler = ipc.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Electron structured-clones arguments and results; JSON-like data survives as is here.
      return handler({ senderFrame: ipc.mainFrame() }, ...args);
    },
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => {
      ipc.rendererListeners.set(channel, [...(ipc.rendererListeners.get(channel) ?? []), listener]);
    },
  },
  contextBridge: {
    exposeInMainWorld: (key: string, api: Record<string, unknown>) => {
      ipc.state.exposed[key] = api;
    },
  },
  webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
}));

let studio: Studio;
let client: StudioClient;
let unbind: () => void;

beforeAll(async () => {
  const { createStudio } = await import('../../src/main/studio');
  const { createLogger } = await import('../../src/main/log');
  const { bindStudioToIpc } = await import('../../src/main/electron/ipcBinding');
  studio = await createStudio({ libraryDir: tempDir(), binding: 'electron', log: createLogger(() => undefined) });
  unbind = bindStudioToIpc(studio, null);
  await import('../../src/preload/preload');
  (globalThis as { window?: unknown }).window = { studio: ipc.state.exposed.studio, location: { hash: '' } };
  const { connectStudio } = await import('../../src/renderer/api/studioClient');
  client = await connectStudio();
});

afterAll(async () => {
  unbind?.();
  await studio?.close();
  delete (globalThis as { window?: unknown }).window;
});

describe('Electron binding (generated from the contract)', () => {
  it('registers one prefixed channel per contract method', async () => {
    const { studioMethods } = await import('../../src/shared/api/studioApi');
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(studioMethods).map((name) => `studio:${name}`).sort());
  });

  it('calls the real services through preload and client', async () => {
    expect(client.platform.kind).toBe('electron');
    expect(await client.listCapsules()).toEqual([]);
    expect((await client.getAppInfo()).binding).toBe('electron');
    expect(client.platform.mediaUrl('slide/abc')).toBe('media://library/slide/abc');
  });

  it('keeps error codes across the bridge (no thrown error crosses contextBridge)', async () => {
    await expect(client.getCapsule('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect((client.renameCapsule as (...a: unknown[]) => Promise<unknown>)('x', 42)).rejects.toMatchObject({ code: 'BAD_ARGS' });
  });

  it('forwards events without the IPC event object', async () => {
    const seen: unknown[] = [];
    const off = client.on('library.changed', (payload) => seen.push(payload));
    studio.context.events.emit('library.changed', { capsuleId: null });
    off();
    expect(seen).toEqual([{ capsuleId: null }]);
  });

  it('refuses calls from a frame that is not ours', async () => {
    ipc.state.senderUrl = 'https://evil.example/';
    try {
      await expect(client.listCapsules()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    } finally {
      ipc.state.senderUrl = 'app://studio/index.html';
    }
  });
});
