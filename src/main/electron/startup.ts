// Runs in Electron's main process. Starting the desktop app so that a failure (a migration, a
// service, the library held by another process) never leaves a process without a window: the
// user is told why in a native dialog, what was opened is closed, and the app quits with status 1.
import { toErrorInfo } from '../../shared/errors';
import type { Logger } from '../log';

export interface StartupShell {
  showErrorBox(title: string, content: string): void;
  exit(code: number): void;
  log: Logger;
}

/** Runs `start`; on failure shows the studio error (never a stack), runs `cleanUp`, and exits. */
export async function startOrQuit(start: () => Promise<void>, shell: StartupShell, cleanUp: () => Promise<void>): Promise<boolean> {
  try {
    await start();
    return true;
  } catch (error) {
    const info = toErrorInfo(error);
    shell.log.error('Capsule Studio could not start', { code: info.code, message: (error as Error)?.message, stack: (error as Error)?.stack });
    shell.showErrorBox('Capsule Studio cannot start', `${info.message}\n\n(${info.code})`);
    try {
      await cleanUp();
    } catch (closeError) {
      shell.log.error('closing after a failed start failed too', { message: (closeError as Error)?.message, stack: (closeError as Error)?.stack });
    }
    shell.exit(1);
    return false;
  }
}
