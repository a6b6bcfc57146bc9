// The per-connection event budget, judged as each packet comes off the transport, before Socket.IO decodes it.
// Over budget costs next to nothing: one refusal answered per window (rooms/over-budget.ts), the rest dropped undecoded, a socket that
// keeps flooding is no longer read for a while (TCP pushes the cost back to the sender), then cut off.
import { monotonicNow, TokenBucket } from "./token-bucket.js";

/** admit: within budget. refuse: over budget, answered once per window. drop: over budget, not even decoded. */
export type Verdict = "admit" | "refuse" | "drop";

/** The budget's numbers, the same for every connection. */
export interface FloodLimits {
  ratePerSecond: number;
  burst: number;
  /** One refusal is answered per window; the others in it are dropped. */
  windowMs: number;
  /** Dropped packets in one window past which the sender is flooding, not just eager: a strike. */
  strikeAfter: number;
  /** Strikes close together (each within `strikeMemoryMs` of the last) before the connection is closed. */
  strikesToClose: number;
  strikeMemoryMs: number;
}

export function floodLimits(
  limits: Pick<FloodLimits, "ratePerSecond" | "burst"> & Partial<FloodLimits>,
): Readonly<FloodLimits> {
  return { windowMs: 1_000, strikeAfter: limits.burst, strikesToClose: 5, strikeMemoryMs: 10_000, ...limits };
}

/** What one connection's guard reports: methods of one object, not closures, since every connection has one. */
export interface FloodEvents {
  /** A strike: stop reading from the sender for a while. */
  onStrike(): void;
  /** Sustained abuse: close the connection. */
  onAbuse(): void;
  /** Each dropped packet (a plain counter for the metrics). */
  onDrop(): void;
}

export class FloodGuard {
  readonly bucket: TokenBucket;
  #windowEnds = Number.NEGATIVE_INFINITY;
  #dropped = 0;
  #strikes = 0;
  #lastStrike = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly limits: Readonly<FloodLimits>,
    private readonly events: FloodEvents,
    private readonly now: () => number = monotonicNow,
  ) {
    this.bucket = new TokenBucket(limits.ratePerSecond, limits.burst, now);
  }

  /** The verdict on one incoming packet. Synchronous and allocation-free: it runs for every frame. */
  judge(): Verdict {
    if (this.bucket.take()) return "admit";
    const t = this.now();
    if (t >= this.#windowEnds) {
      this.#windowEnds = t + this.limits.windowMs;
      this.#dropped = 0;
      return "refuse";
    }
    this.events.onDrop();
    if (++this.#dropped === this.limits.strikeAfter) this.#strike(t);
    return "drop";
  }

  /** How long until the budget admits a packet again, for the refusal's message. */
  msUntilNext(): number {
    return this.bucket.msUntilNext();
  }

  #strike(t: number): void {
    this.#strikes = t - this.#lastStrike <= this.limits.strikeMemoryMs ? this.#strikes + 1 : 1;
    this.#lastStrike = t;
    if (this.#strikes >= this.limits.strikesToClose) this.events.onAbuse();
    else this.events.onStrike();
  }
}
