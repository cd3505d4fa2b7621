// Runs in Electron's main process. The thin desktop shell: lifecycle, protocols, permissions,
// secrets through safeStorage, the IPC binding. All the work is in the plain Node services.
import { app, dialog, session, powerSaveBlocker } from 'electron';
import path from 'node:path';
import { createStudio, type Studio } from '../studio';
import { createLogger } from '../log';
import { bindStudioToIpc } from './ipcBinding';
import { startOrQuit } from './startup';
import { handleAppProtocol, handleMediaProtocol, registerSchemesBeforeReady } from './protocols';
import { createSafeStorageCipher } from './safeStorageCipher';
import { electronDesktop } from './electronDesktop';
import { isTrustedFrame } from './trustedSender';
import { installDisplayMediaPicker } from './displayMediaPicker';
import { createMainWindow, rendererDir } from './windows';

declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;

registerSchemesBeforeReady();

if (!app.requestSingleInstanceLock()) app.quit();

let studio: Studio | null = null;

async function start(): Promise<void> {
  const devServer = typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' && !app.isPackaged ? MAIN_WINDOW_VITE_DEV_SERVER_URL : null;
  const log = createLogger();
  studio = await createStudio({
    libraryDir: process.env.CAPSULE_LIBRARY ?? app.getPath('userData'),
    binding: 'electron',
    cipher: await createSafeStorageCipher(),
    resourcesPath: app.isPackaged ? process.resourcesPath : null,
    desktop: electronDesktop,
    interactive: true,
    log,
  });

  const ses = session.defaultSession;
  // Electron grants every permission by default: allow camera, microphone and screen for our pages only.
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    const ours = isTrustedFrame(contents.mainFrame, devServer);
    const media = permission === 'media' && (details as Electron.MediaAccessPermissionRequest).mediaTypes?.every((type) => type === 'audio' || type === 'video');
    callback(ours && (media || permission === 'display-capture' || permission === 'fullscreen'));
  });
  ses.setPermissionCheckHandler((contents, permission) => permission === 'media' && contents !== null && isTrustedFrame(contents.mainFrame, devServer));
  handleAppProtocol(ses, rendererDir(app.getAppPath(), MAIN_WINDOW_VITE_NAME));
  handleMediaProtocol(ses, studio.context.media);
  bindStudioToIpc(studio, devServer);

  // A sleeping display stops recordings (Opencast Studio #631): keep it awake while the app runs a take.
  let blocker: number | null = null;
  studio.context.events.subscribe((name, payload) => {
    if ((name as string) !== 'recording.status') return;
    const recording = (payload as { state?: string }).state === 'recording';
    if (recording && blocker === null) blocker = powerSaveBlocker.start('prevent-display-sleep');
    if (!recording && blocker !== null) {
      powerSaveBlocker.stop(blocker);
      blocker = null;
    }
  });

  const window = createMainWindow({ entry: devServer ?? 'app://studio/index.html', preload: path.join(__dirname, 'preload.cjs') });
  // Screen grains (issue #15): getDisplayMedia answered with a native choice of screen or window.
  installDisplayMediaPicker(ses, devServer, () => (window.isDestroyed() ? null : window), log);
  window.webContents.on('render-process-gone', () => studio?.context.renderers.notifyGone());
}

const startupShell = { showErrorBox: (title: string, content: string) => dialog.showErrorBox(title, content), exit: (code: number) => app.exit(code), log: createLogger() };
const closeHalfStarted = async () => {
  const opened = studio;
  studio = null;
  await opened?.close();
};

app.whenReady().then(
  () => startOrQuit(start, startupShell, closeHalfStarted),
  // whenReady itself failing (no display, a broken install): the same dialog, then quit.
  (error: unknown) => startOrQuit(() => Promise.reject(error), startupShell, closeHalfStarted),
);

app.on('window-all-closed', () => {
  app.quit();
});

app.on('will-quit', (event) => {
  if (!studio) return;
  event.preventDefault();
  const closing = studio;
  studio = null;
  void closing.close().finally(() => app.exit(0));
});
