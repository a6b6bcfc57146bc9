// Keeping a phone's camera from being flooded: a token-bucket rate limit per laptop, and a queue that keeps
// only the newest value per property with at most one change in flight, so a dragged slider becomes a few
// applyConstraints calls with the latest value instead of sixty a second.

/** A few commands per second, with a short burst allowed (a click on Auto right after a drag). */
export const COMMANDS_PER_SECOND = 5;
export const COMMAND_BURST = 8;

/** Token bucket: `take()` is true while the sender is within `perSecond` on average and `burst` at once. */
export class RateLimiter {
  #tokens: number;
  #last: number;

  constructor(
    readonly perSecond = COMMANDS_PER_SECOND,
    readonly burst = COMMAND_BURST,
    readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = burst;
    this.#last = now();
  }

  take(): boolean {
    const t = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#last) / 1000) * this.perSecond);
    this.#last = t;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/**
 * Runs items one at a time. While one runs, a newer item under the same key replaces the waiting one (which is
 * handed to `onReplaced`, so its sender can still be answered); different keys wait in arrival order. `run` must
 * handle its own failures: a rejection is caught so the queue keeps going.
 */
export class LatestQueue<T> {
  readonly #pending = new Map<string, T>();
  readonly #run: (item: T) => Promise<void>;
  readonly #onReplaced: (old: T, by: T) => void;
  #running: Promise<void> | undefined;

  constructor(run: (item: T) => Promise<void>, onReplaced: (old: T, by: T) => void = () => {}) {
    this.#run = run;
    this.#onReplaced = onReplaced;
  }

  /** True while an item runs or waits. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /** How many items wait (not counting the one running). */
  get waiting(): number {
    return this.#pending.size;
  }

  push(key: string, item: T): void {
    const old = this.#pending.get(key);
    this.#pending.set(key, item);
    if (old !== undefined) this.#onReplaced(old, item);
    this.#running ??= this.#drain();
  }

  /** Drops what waits (a camera switch makes old values meaningless) and returns it, so its senders can be answered. */
  clear(): T[] {
    const dropped = [...this.#pending.values()];
    this.#pending.clear();
    return dropped;
  }

  /** Resolves once nothing runs or waits. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #drain(): Promise<void> {
    // Let the pushes of the same task land first, so a burst collapses before the first call.
    await Promise.resolve();
    try {
      for (let next = this.#take(); next !== undefined; next = this.#take()) {
        try {
          await this.#run(next);
        } catch (err) {
          console.warn("codecam: console change failed", err);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }

  #take(): T | undefined {
    const first = this.#pending.entries().next();
    if (first.done) return undefined;
    const [key, item] = first.value;
    this.#pending.delete(key);
    return item;
  }
}
