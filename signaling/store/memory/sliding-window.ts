// SlidingWindow in memory (the failed-join limit of one process; also the Redis window's fallback while Redis is away).
import type { SlidingWindow, SlidingWindowOptions } from "../store.js";

/**
 * SlidingWindow in memory: per key, the times of the slots held within the window, oldest first. A key whose
 * slots have all expired is forgotten, by take() or by the sweep, so idle addresses cost nothing.
 */
export class MemorySlidingWindow implements SlidingWindow {
  readonly #held = new Map<string, Array<{ id: string; at: number }>>();
  readonly #sweeper: NodeJS.Timeout;
  #next = 0;

  constructor(
    private readonly opts: SlidingWindowOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(1_000, opts.windowMs)).unref();
  }

  async take(key: string): Promise<{ ok: true; id: string } | { ok: false; retryAfterMs: number }> {
    const t = this.now();
    const slots = this.#live(key, t);
    if (slots.length >= this.opts.points)
      return { ok: false, retryAfterMs: Math.max(1, slots[0]!.at + this.opts.windowMs - t) };
    const id = String(++this.#next);
    slots.push({ id, at: t });
    this.#held.set(key, slots);
    return { ok: true, id };
  }

  async giveBack(key: string, id: string): Promise<void> {
    const slots = this.#held.get(key);
    if (!slots) return;
    const i = slots.findIndex((s) => s.id === id);
    if (i !== -1) slots.splice(i, 1);
    if (slots.length === 0) this.#held.delete(key);
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#held.clear();
  }

  #live(key: string, t: number): Array<{ id: string; at: number }> {
    const slots = this.#held.get(key) ?? [];
    let expired = 0;
    while (expired < slots.length && slots[expired]!.at <= t - this.opts.windowMs) expired++;
    if (expired > 0) slots.splice(0, expired);
    return slots;
  }

  #sweep(): void {
    const t = this.now();
    for (const key of this.#held.keys()) if (this.#live(key, t).length === 0) this.#held.delete(key);
  }
}
