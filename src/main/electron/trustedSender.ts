// Runs in Electron's main process. Which frames may call the StudioApi: our own app origin, main frame only.
import type { WebFrameMain } from 'electron';

export const APP_ORIGIN = 'app://studio';

export function isTrustedFrame(frame: WebFrameMain | null | undefined, devServerUrl: string | null): boolean {
  if (!frame || frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    // A frame without a parseable URL is not ours.
    return false;
  }
  if (url.protocol === 'app:' && url.host === 'studio') return true;
  return devServerUrl !== null && url.origin === new URL(devServerUrl).origin;
}
