// A minimal typed event emitter for the page modules (the DOM's EventTarget loses payload types).

type Listener<A extends unknown[]> = (...args: A) => void;
type AnyListener = (...args: unknown[]) => void;

export class Emitter<Events extends { [K in keyof Events]: unknown[] }> {
  #listeners = new Map<keyof Events, Set<AnyListener>>();

  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const set = this.#listeners.get(event) ?? new Set<AnyListener>();
    this.#listeners.set(event, set);
    // The map is keyed by event, so each set only ever holds listeners of that event's signature.
    const stored = listener as unknown as AnyListener;
    set.add(stored);
    return () => set.delete(stored);
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const listener of this.#listeners.get(event) ?? []) {
      // One page module's bug must not silence the others listening to the same event.
      try {
        listener(...args);
      } catch (err) {
        console.error(`codecam: listener for "${String(event)}" threw`, err);
      }
    }
  }
}
