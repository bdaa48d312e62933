/** A listener set: `on` answers the function that removes the listener again. */
export class Listeners<T extends unknown[]> {
  private readonly listeners = new Set<(...args: T) => void>();

  on(listener: (...args: T) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(...args: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(...args);
      } catch (error) {
        // One listener's failure must not keep the others from hearing the event.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  clear(): void {
    this.listeners.clear();
  }
}
