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
      // webContents.send structured-clones its arguments, like invoke.
      const cloned = structuredClone(args);
      for (const listener of rendererListeners.get(channel) ?? []) listener({ sender: 'never exposed' }, ...cloned);
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
      // As Electron does: arguments and the result are structured-cloned (class instances lose their
      // prototype, functions cannot cross: DataCloneError), and a thrown error reaches the renderer as
      // a new Error carrying only its message, behind Electron's prefix.
      const clonedArgs = structuredClone(args);
      let result: unknown;
      try {
        result = await handler({ senderFrame: ipc.mainFrame() }, ...clonedArgs);
      } catch (error) {
        throw new Error(`Error invoking remote method '${channel}': ${String(error)}`);
      }
      return structuredClone(result);
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
const logLines: string[] = [];

beforeAll(async () => {
  const { createStudio } = await import('../../src/main/studio');
  const { createLogger } = await import('../../src/main/log');
  const { bindStudioToIpc } = await import('../../src/main/electron/ipcBinding');
  studio = await createStudio({ libraryDir: tempDir(), binding: 'electron', log: createLogger((line) => logLines.push(line)) });
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

  it('refuses a path named by the renderer over IPC too, and exposes no path helper', async () => {
    await expect(client.createCapsuleFromPdf({ source: { path: '/etc/hostname' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((ipc.state.exposed.studio as Record<string, unknown>).pathForFile).toBeUndefined();
  });

  it('keeps binary arguments binary across the structured clone', async () => {
    const bytes = new TextEncoder().encode('not a pdf');
    await expect(client.createCapsuleFromPdf({ source: { bytes, name: 'x.pdf' } })).rejects.toMatchObject({ code: 'PDF_NOT_PDF' });
  });
});

describe('errors crossing the contract are studio errors', () => {
  it('wraps a Node error (ENOENT) into a stable code and message, logged with its stack, without path or errno', async () => {
    const original = studio.calls.listCapsules;
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open '/home/prof/secret/cours.pdf'"), { code: 'ENOENT', errno: -2, syscall: 'open', path: '/home/prof/secret/cours.pdf' });
    studio.calls.listCapsules = async () => {
      throw enoent;
    };
    try {
      const error = await client.listCapsules().catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'FILE_NOT_FOUND', message: 'A file the studio needs is missing.' });
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toMatch(/secret|errno|-2|ENOENT/);
      const logged = logLines.join('\n');
      expect(logged).toContain('/home/prof/secret/cours.pdf');
      expect(logged).toMatch(/electronBinding\.test\.ts/); // the stack, for us
    } finally {
      studio.calls.listCapsules = original;
    }
  });

  it('stores a wrapped error in the jobs table, never the raw one', async () => {
    studio.context.jobs.register({
      kind: 'test_enoent',
      async run() {
        throw Object.assign(new Error("EACCES: permission denied, open '/srv/private/x'"), { code: 'EACCES', path: '/srv/private/x' });
      },
    });
    studio.context.jobs.start();
    const job = studio.context.jobs.enqueue('test_enoent', {}, { title: 'x' });
    const finished = await studio.context.jobs.wait(job.id);
    expect(finished.state).toBe('failed');
    expect(finished.error).toEqual({ code: 'FILE_ACCESS_DENIED', message: 'The studio is not allowed to read or write a file it needs.' });
    const row = studio.database.prepare('SELECT error_json FROM jobs WHERE id = ?').get(job.id) as { error_json: string };
    expect(row.error_json).not.toContain('/srv/private');
    expect((await client.listJobs({})).find((listed) => listed.id === job.id)?.error?.code).toBe('FILE_ACCESS_DENIED');
  });

  it('answers with plain data that survives the structured clone unchanged', async () => {
    const { dispatchCall } = await import('../../src/main/bridge/dispatch');
    const { createLogger } = await import('../../src/main/log');
    const result = await dispatchCall(studio.calls, 'getCapsule', ['missing'], createLogger(() => undefined));
    expect(result).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(structuredClone(result)).toEqual(result);
  });

  it('one failing event listener does not stop the others', async () => {
    const seen: string[] = [];
    const offBroken = studio.context.events.subscribe(() => {
      throw new Error('a broken panel');
    });
    const offGood = client.on('library.changed', () => seen.push('good'));
    try {
      expect(() => studio.context.events.emit('library.changed', { capsuleId: null })).not.toThrow();
      expect(seen).toEqual(['good']);
      expect(logLines.join('\n')).toContain('a broken panel');
    } finally {
      offBroken();
      offGood();
    }
  });

  it('a failure during start shows a dialog with the studio error, closes what was opened and exits 1', async () => {
    const { startOrQuit } = await import('../../src/main/electron/startup');
    const { StudioError } = await import('../../src/shared/errors');
    const shown: string[] = [];
    const exits: number[] = [];
    let closed = false;
    const lines: string[] = [];
    const { createLogger } = await import('../../src/main/log');
    const started = await startOrQuit(
      async () => {
        throw new StudioError('LIBRARY_TOO_NEW', 'This library was made by a newer Capsule Studio.');
      },
      { showErrorBox: (title, content) => shown.push(`${title}: ${content}`), exit: (code) => exits.push(code), log: createLogger((line) => lines.push(line)) },
      async () => {
        closed = true;
      },
    );
    expect(started).toBe(false);
    expect(shown).toEqual(['Capsule Studio cannot start: This library was made by a newer Capsule Studio.\n\n(LIBRARY_TOO_NEW)']);
    expect(closed).toBe(true);
    expect(exits).toEqual([1]);
    // A migration's raw SQLite error: the dialog says something stable, the log keeps the cause.
    shown.length = 0;
    await startOrQuit(
      async () => {
        throw Object.assign(new Error('SQLITE_CORRUPT: database disk image is malformed'), { code: 'SQLITE_CORRUPT' });
      },
      { showErrorBox: (title, content) => shown.push(content), exit: (code) => exits.push(code), log: createLogger((line) => lines.push(line)) },
      async () => {
        throw new Error('close failed as well');
      },
    );
    expect(shown[0]).toContain('LIBRARY_ERROR');
    expect(shown[0]).not.toContain('malformed');
    expect(lines.join('\n')).toContain('database disk image is malformed');
    expect(exits).toEqual([1, 1]);
  });
});
