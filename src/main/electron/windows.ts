// Runs in Electron's main process. App windows with the security settings of Electron's checklist.
import { BrowserWindow, type WebContents } from 'electron';
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

/** Navigation stays inside the app; new windows are refused; https links open in the system browser only from main. */
export function lockNavigation(contents: WebContents, entry: string): void {
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
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
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
  lockNavigation(window.webContents, urls.entry);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(urls.entry);
  return window;
}

/** The studio operator's second prompter window, on another display when there is one. */
export function createPrompterWindow(urls: WindowUrls, bounds?: Electron.Rectangle): BrowserWindow {
  const window = new BrowserWindow({
    ...(bounds ?? { width: 1024, height: 640 }),
    title: 'Capsule Studio — Prompter',
    webPreferences: secureWebPreferences(urls.preload),
  });
  lockNavigation(window.webContents, urls.entry);
  void window.loadURL(`${urls.entry}#view=prompter`);
  return window;
}

export function rendererDir(appPath: string, name: string): string {
  return path.join(appPath, '.vite', 'renderer', name);
}
