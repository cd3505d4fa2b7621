// Runs in Node (main side). The typed event bus that both StudioApi bindings forward to renderers.
import type { StudioEventName, StudioEvents } from '../shared/api/studioApi';

export type AnyStudioEventListener = <E extends StudioEventName>(name: E, payload: StudioEvents[E]) => void;

export class StudioEventBus {
  private readonly listeners = new Set<AnyStudioEventListener>();

  emit<E extends StudioEventName>(name: E, payload: StudioEvents[E]): void {
    for (const listener of this.listeners) listener(name, payload);
  }

  subscribe(listener: AnyStudioEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
