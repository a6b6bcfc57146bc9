// Warn lines for refusals an attacker can repeat at will (rate limits, connection caps, floods): the first one
// per address and message in a window is written at once, the rest are counted and written as one line with the
// count when the window is over. A flood of refusals costs a few lines a minute, not a line each.
import type { Logger } from "./log.js";

interface Entry {
  windowEnds: number;
  suppressed: number;
  fields: Record<string, unknown>;
}

export class LimitedLog {
  readonly #entries = new Map<string, Entry>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(
    private readonly log: Logger,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#sweeper = setInterval(() => this.flush(), Math.max(1_000, Math.floor(windowMs / 4))).unref();
  }

  /** One refusal for `key` (a rate-limit key): logged now if it is the first of its window, else counted. */
  note(key: string, msg: string, fields: Record<string, unknown>): void {
    const id = `${msg}\0${key}`;
    const t = this.now();
    const entry = this.#entries.get(id);
    if (entry && t < entry.windowEnds) {
      entry.suppressed++;
      return;
    }
    if (entry) this.#report(id, entry);
    this.log.warn({ ...fields, count: 1 }, msg);
    this.#entries.set(id, { windowEnds: t + this.windowMs, suppressed: 0, fields });
  }

  /** Writes the counts of windows that are over and forgets them. */
  flush(force = false): void {
    const t = this.now();
    for (const [id, entry] of this.#entries) {
      if (force || t >= entry.windowEnds) {
        this.#report(id, entry);
        this.#entries.delete(id);
      }
    }
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.flush(true);
  }

  #report(id: string, entry: Entry): void {
    if (entry.suppressed === 0) return;
    const msg = id.slice(0, id.indexOf("\0"));
    this.log.warn(
      { ...entry.fields, count: entry.suppressed, windowSeconds: Math.round(this.windowMs / 1000) },
      `${msg} (repeats)`,
    );
  }
}
