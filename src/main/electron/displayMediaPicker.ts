// Runs in Electron's main process. Screen grains (issue #15): answers the renderer's getDisplayMedia
// (Electron has no picker of its own) with a native dialog listing the screens and windows
// desktopCapturer finds; the operating system asks its own permission (macOS screen recording) on
// first use. On macOS 15+ the system's picker is used instead (`useSystemPicker`). Only the studio's
// own top frame may capture; a cancelled choice refuses the capture (SCREEN_CAPTURE_DENIED in the renderer).
// https://www.electronjs.org/docs/latest/api/session#sessetdisplaymediarequesthandlerhandler-opts
import { app, desktopCapturer, dialog, type BrowserWindow, type DesktopCapturerSource, type Session } from 'electron';
import { displayMediaTexts } from './displayMediaTexts';
import { isTrustedFrame } from './trustedSender';
import type { Logger } from '../log';

/** A message box holds a handful of buttons: the screens first, then the first windows. */
const MAX_SOURCES = 8;

export function sourceChoices(sources: readonly Pick<DesktopCapturerSource, 'id' | 'name'>[]): { id: string; name: string }[] {
  const screens = sources.filter((source) => source.id.startsWith('screen:'));
  const windows = sources.filter((source) => !source.id.startsWith('screen:') && source.name.trim() !== '');
  return [...screens, ...windows].slice(0, MAX_SOURCES).map((source) => ({ id: source.id, name: source.name }));
}

export function installDisplayMediaPicker(ses: Session, devServer: string | null, parentWindow: () => BrowserWindow | null, log: Logger): void {
  ses.setDisplayMediaRequestHandler(
    (request, callback) => {
      if (!request.videoRequested || !isTrustedFrame(request.frame, devServer)) {
        callback(null);
        return;
      }
      desktopCapturer
        .getSources({ types: ['screen', 'window'], thumbnailSize: { width: 0, height: 0 } })
        .then(async (sources) => {
          const choices = sourceChoices(sources);
          if (choices.length === 0) return callback(null);
          const parent = parentWindow();
          const texts = displayMediaTexts(app.getLocale());
          const options = {
            type: 'question' as const,
            title: 'Capsule Studio',
            message: texts.message,
            buttons: [...choices.map((choice) => choice.name), texts.cancel],
            cancelId: choices.length,
            defaultId: 0,
          };
          const { response } = parent ? await dialog.showMessageBox(parent, options) : await dialog.showMessageBox(options);
          const chosen = sources.find((source) => source.id === choices[response]?.id);
          callback(chosen ? { video: chosen } : null);
        })
        .catch((error: Error) => {
          // No source list (the system refused screen recording): the capture is refused, the reason logged.
          log.warn('screen capture sources unavailable', { message: error.message });
          callback(null);
        });
    },
    { useSystemPicker: true },
  );
}
