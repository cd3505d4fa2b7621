// Runs in Electron's main process. Native dialogs, the system browser and the file manager. What the
// dialogs return becomes a grant on the main side (src/main/files): the renderer never sees the path.
import { BrowserWindow, dialog, shell } from 'electron';
import type { DesktopHooks, FileKind } from '../desktop';

const FILTERS: Record<FileKind, Electron.FileFilter[]> = {
  pdf: [{ name: 'PDF', extensions: ['pdf'] }],
  video: [{ name: 'Video', extensions: ['mp4', 'webm', 'mkv', 'mov', 'm4v'] }],
  audio: [{ name: 'Audio', extensions: ['mp3', 'wav', 'ogg', 'm4a', 'flac', 'opus'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  bundle: [{ name: 'Capsule bundle, Polymny export', extensions: ['capsule', 'zip'] }],
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
    const window = BrowserWindow.getFocusedWindow();
    // The dialog asks before returning an existing file (macOS and Windows always; Linux with this
    // property): a save grant for an existing file is the user's explicit consent to replace it.
    const options: Electron.SaveDialogOptions = { defaultPath: defaultName, properties: ['showOverwriteConfirmation', 'createDirectory'] };
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled ? null : (result.filePath || null);
  },
  async openExternal(url) {
    // `url` was parsed and limited to http(s) by safeExternalUrl before it reaches here.
    await shell.openExternal(url);
  },
  async showItemInFolder(file) {
    shell.showItemInFolder(file);
  },
};
