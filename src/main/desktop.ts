// Runs in Node (main side). What only a desktop shell can do (native dialogs, the system browser,
// the file manager). The Electron layer supplies these; in a browser binding the renderer uses
// <input type="file"> and plain links instead, so the default says they are not available here.
import { StudioError } from '../shared/errors';

export type FileKind = 'pdf' | 'video' | 'audio' | 'json' | 'bundle' | 'any';

export interface DesktopHooks {
  readonly available: boolean;
  pickFile(kind: FileKind): Promise<string | null>;
  pickSaveFile(defaultName: string): Promise<string | null>;
  openExternal(url: string): Promise<void>;
  showItemInFolder(file: string): Promise<void>;
}

function unavailable(): never {
  throw new StudioError('DESKTOP_ONLY', 'This needs the desktop app; in the browser use the page’s own controls.');
}

export const noDesktop: DesktopHooks = {
  available: false,
  pickFile: async () => unavailable(),
  pickSaveFile: async () => unavailable(),
  openExternal: async () => unavailable(),
  showItemInFolder: async () => unavailable(),
};

/** Only web addresses may leave the app, and only as parsed, normalised URLs. */
export function safeExternalUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StudioError('BAD_ARGS', 'This is not a web address.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new StudioError('BAD_ARGS', 'Only web addresses (http, https) can be opened.');
  return parsed.toString();
}
