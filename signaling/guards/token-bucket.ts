// The per-socket event budget's bucket: local to the socket's process, synchronous and allocation-free.
/** The clock of per-connection budgets: monotonic, so a wall-clock step cannot refill or drain them. */
export const monotonicNow = (): number => performance.now();

/**
 * Per-socket event budget: `ratePerSecond` sustained with bursts of up to `burst`. Local to the socket's process,
 * synchronous and allocation-free, because it sits on the path of every forwarded signal.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = monotonicNow,
  ) {
    this.#tokens = burst;
    this.#last = this.now();
  }

  /** Takes one token; false when the bucket is empty. */
  take(): boolean {
    const t = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((t - this.#last) * this.ratePerSecond) / 1000);
    this.#last = t;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /** How long until the next token, for the refusal's message. */
  msUntilNext(): number {
    return Math.ceil(((1 - this.#tokens) * 1000) / this.ratePerSecond);
  }
}
