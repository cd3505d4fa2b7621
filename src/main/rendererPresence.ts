// Runs in Node (main side). Lets services react when a renderer goes away (a closed tab, a crashed
// renderer process): for example a take being recorded is marked interrupted at once.
export class RendererPresence {
  private readonly listeners = new Set<() => void>();

  onGone(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notifyGone(): void {
    for (const listener of this.listeners) listener();
  }
}
