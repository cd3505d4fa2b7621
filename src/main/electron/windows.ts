// Runs in Electron's main process. App windows with the security settings of Electron's checklist.
import { BrowserWindow, screen, type WebContents } from 'electron';
import path from 'node:path';
import { APP_ORIGIN } from './trustedSender';

export interface WindowUrls {
  /** The dev server in development, else app://studio/. */
  entry: string;
  preload: string;
}

export function secureWebPreferences(preload: string): Electron.WebPreferences {
  return { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, spellcheck: false };
}

/** The second prompter window goes to another display when there is one (the studio's prompter screen). */
function prompterBounds(owner: WebContents): Electron.Rectangle {
  const ownerWindow = BrowserWindow.fromWebContents(owner);
  const ownerDisplay = ownerWindow ? screen.getDisplayMatching(ownerWindow.getBounds()) : screen.getPrimaryDisplay();
  const other = screen.getAllDisplays().find((display) => display.id !== ownerDisplay.id);
  if (other) return other.workArea;
  return { x: ownerDisplay.workArea.x + 40, y: ownerDisplay.workArea.y + 40, width: 1000, height: 600 };
}

/**
 * Navigation stays inside the app. New windows are refused, except the recording view's second
 * prompter (our own page with `?prompter=1`), which gets the same locked-down preferences.
 */
export function lockNavigation(contents: WebContents, entry: string, preload?: string): void {
  const allowedOrigin = new URL(entry).origin === 'null' ? APP_ORIGIN : new URL(entry).origin;
  const guard = (event: Electron.Event, target: string) => {
    try {
      const origin = new URL(target).protocol === 'app:' ? APP_ORIGIN : new URL(target).origin;
      if (origin === allowedOrigin || origin === APP_ORIGIN) return;
    } catch {
      // Unparseable URL: refused below like any foreign one.
    }
    event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler(({ url }) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      // Unparseable: refused.
      return { action: 'deny' };
    }
    const ours = target.protocol === 'app:' ? target.host === 'studio' : target.origin === allowedOrigin;
    if (!ours || !target.searchParams.has('prompter') || !preload) return { action: 'deny' };
    return {
      action: 'allow',
      overrideBrowserWindowOptions: { ...prompterBounds(contents), title: 'Capsule Studio — Prompter', webPreferences: secureWebPreferences(preload) },
    };
  });
  contents.on('did-create-window', (child) => lockNavigation(child.webContents, entry, preload));
}

export function createMainWindow(urls: WindowUrls): BrowserWindow {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 1024,
    minHeight: 640,
    title: 'Capsule Studio',
    show: false,
    webPreferences: secureWebPreferences(urls.preload),
  });
  lockNavigation(window.webContents, urls.entry, urls.preload);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(urls.entry);
  return window;
}

export function rendererDir(appPath: string, name: string): string {
  return path.join(appPath, '.vite', 'renderer', name);
}
