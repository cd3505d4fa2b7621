// Runs in Electron's main process. The IPC binding of the StudioApi, generated from the contract:
// one `ipcMain.handle` per method, every call's sender frame checked before anything runs.
import { ipcMain, webContents as allWebContents } from 'electron';
import { CHANNEL_PREFIX, EVENT_CHANNEL, studioMethods } from '../../shared/api/studioApi';
import type { Studio } from '../studio';
import { dispatchCall } from '../bridge/dispatch';
import { isTrustedFrame } from './trustedSender';
import { hideMainPaths } from '../files/rendererView';

export function bindStudioToIpc(studio: Studio, devServerUrl: string | null): () => void {
  const { log } = studio.context;
  const channels: string[] = [];
  for (const method of Object.keys(studioMethods)) {
    const channel = `${CHANNEL_PREFIX}${method}`;
    channels.push(channel);
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      if (!isTrustedFrame(event.senderFrame, devServerUrl)) {
        log.warn('IPC call refused from an untrusted frame', { method, url: event.senderFrame?.url });
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use the studio.' } };
      }
      return dispatchCall(studio.calls, method, args, log);
    });
  }
  const unsubscribe = studio.context.events.subscribe((name, payload) => {
    payload = hideMainPaths(payload);
    for (const contents of allWebContents.getAllWebContents()) {
      if (!contents.isDestroyed() && isTrustedFrame(contents.mainFrame, devServerUrl)) contents.send(EVENT_CHANNEL, name, payload);
    }
  });
  return () => {
    unsubscribe();
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
