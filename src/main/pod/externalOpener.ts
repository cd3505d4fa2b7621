// Runs in Node (main side). The hook through which the Electron shell opens a Pod page in the system
// browser (shell.openExternal). Plain Node (CLI, loopback bridge) has none: the renderer then shows a link.
import type { StudioContext } from '../context';

export type ExternalUrlOpener = (url: string) => Promise<void>;

const openers = new WeakMap<StudioContext, ExternalUrlOpener>();

/** Called once by the Electron shell after createStudio: `setExternalUrlOpener(studio.context, (url) => shell.openExternal(url))`. */
export function setExternalUrlOpener(ctx: StudioContext, opener: ExternalUrlOpener): void {
  openers.set(ctx, opener);
}

export function externalUrlOpener(ctx: StudioContext): ExternalUrlOpener | null {
  return openers.get(ctx) ?? null;
}
