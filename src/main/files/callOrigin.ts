// Runs in Node (main side). Who is calling a StudioApi method: a renderer (through the IPC or loopback
// binding) or main-side code (the CLI, services, tests calling `studio.calls` directly). Paths are
// accepted from the latter only, so the check follows the call itself, not the kind of studio.
import { AsyncLocalStorage } from 'node:async_hooks';

const rendererCalls = new AsyncLocalStorage<true>();

/** Runs a call that arrived through a renderer binding. */
export function runAsRendererCall<T>(call: () => Promise<T>): Promise<T> {
  return rendererCalls.run(true, call);
}

/** True inside a call that came from a renderer. */
export function isRendererCall(): boolean {
  return rendererCalls.getStore() === true;
}
