// Runs in Electron's main process. Native dialogs, the system browser and the file manager.
import { BrowserWindow, dialog, shell } from 'electron';
import type { DesktopHooks, FileKind } from '../desktop';

const FILTERS: Record<FileKind, Electron.FileFilter[]> = {
  pdf: [{ name: 'PDF', extensions: ['pdf'] }],
  video: [{ name: 'Video', extensions: ['mp4', 'webm', 'mkv', 'mov', 'm4v'] }],
  audio: [{ name: 'Audio', extensions: ['mp3', 'wav', 'ogg', 'm4a', 'flac', 'opus'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  any: [],
};

export const electronDesktop: DesktopHooks = {
  available: true,
  async pickFile(kind) {
    const window = BrowserWindow.getFocusedWindow();
    const options: Electron.OpenDialogOptions = { properties: ['openFile'], filters: FILTERS[kind] };
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  },
  async pickSaveFile(defaultName) {
    const result = await dialog.showSaveDialog({ defaultPath: defaultName });
    return result.canceled ? null : (result.filePath ?? null);
  },
  async openExternal(url) {
    // `url` was parsed and limited to http(s) by safeExternalUrl before it reaches here.
    await shell.openExternal(url);
  },
  async showItemInFolder(file) {
    shell.showItemInFolder(file);
  },
};
