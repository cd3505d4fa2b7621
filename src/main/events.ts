// Runs in Node (main side). The typed event bus that both StudioApi bindings forward to renderers.
import type { StudioEventName, StudioEvents } from '../shared/api/studioApi';

export type AnyStudioEventListener = <E extends StudioEventName>(name: E, payload: StudioEvents[E]) => void;

/** Told when a listener throws; the other listeners still run. */
export type ListenerFailure = (name: StudioEventName, error: unknown) => void;

function reportToStderr(name: StudioEventName, error: unknown): void {
  process.stderr.write(`event listener for ${name} failed: ${(error as Error)?.stack ?? String(error)}\n`);
}

export class StudioEventBus {
  private readonly listeners = new Set<AnyStudioEventListener>();

  constructor(private readonly onListenerFailure: ListenerFailure = reportToStderr) {}

  emit<E extends StudioEventName>(name: E, payload: StudioEvents[E]): void {
    // A snapshot: a listener that unsubscribes (or subscribes another) during emit changes nothing here.
    for (const listener of [...this.listeners]) {
      try {
        listener(name, payload);
      } catch (error) {
        // One broken listener (a closed window, a bug in one panel) must not silence the others,
        // nor throw into the service that emitted.
        this.onListenerFailure(name, error);
      }
    }
  }

  subscribe(listener: AnyStudioEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
