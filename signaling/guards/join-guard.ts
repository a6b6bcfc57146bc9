// Rate limits: failed joins and code generation per client IP (shared counters from the Backend), and a
// token bucket per socket for every event it sends.
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { SignalingError, retryMessage } from "../errors.js";
import { ErrorCode } from "../protocol.js";
import type { Backend, SlidingWindow } from "../store/store.js";

const MINUTE_SECONDS = 60;

/**
 * Brute-force guard of docs/PROTOCOL.md "Codes and rooms": after `limit` failed joins within any 60 s from one address,
 * every join from it is refused, a right code included, so the limiter does not tell a guesser which code is live.
 * Counted per address, across all of its sockets, over a sliding window: a fixed minute would let a guesser
 * spend two minutes' worth across its boundary.
 *
 * Every join reserves a failure up front and gives it back unless it failed in a way that counts. Reserving is
 * one atomic step in the store, so a burst of concurrent guesses cannot all slip past a check made before
 * any of them was counted.
 */
export class JoinGuard {
  readonly #window: SlidingWindow;

  constructor(
    backend: Backend,
    failuresPerMinute: number,
    private readonly onLimited: () => void = () => {},
  ) {
    this.#window = backend.createSlidingWindow({
      keyPrefix: "join-fail",
      points: failuresPerMinute,
      windowMs: MINUTE_SECONDS * 1000,
    });
  }

  /** Throws RATE_LIMITED when the address has used up its failures; else returns the reservation to release. */
  async reserve(key: string): Promise<string> {
    let taken;
    try {
      taken = await this.#window.take(key);
    } catch {
      throw new SignalingError(ErrorCode.UNAVAILABLE, "the rate-limit store is unavailable; retry later");
    }
    if (taken.ok) return taken.id;
    this.onLimited();
    throw new SignalingError(
      ErrorCode.RATE_LIMITED,
      retryMessage("too many failed joins from this address", taken.retryAfterMs),
      taken.retryAfterMs,
    );
  }

  /** The join did not fail in a counted way: give its reservation back. */
  async release(key: string, reservation: string): Promise<void> {
    await this.#window.giveBack(key, reservation);
  }
}

/** Code generation per address: `CODES_PER_MINUTE`, then HTTP 429 with Retry-After. */
export class CodeIssueLimit {
  readonly #limiter: RateLimiterAbstract;

  constructor(
    backend: Backend,
    perMinute: number,
    private readonly onLimited: () => void = () => {},
  ) {
    this.#limiter = backend.createLimiter({
      keyPrefix: "code-issue",
      points: perMinute,
      durationSeconds: MINUTE_SECONDS,
    });
  }

  async take(key: string): Promise<void> {
    try {
      await this.#limiter.consume(key, 1);
    } catch (rejection) {
      throw limitError(rejection, "too many codes requested from this address", this.onLimited);
    }
  }
}

/** rate-limiter-flexible rejects with a RateLimiterRes when over the limit, and with an Error when its store fails. */
function limitError(rejection: unknown, what: string, onLimited: () => void): Error {
  if (rejection instanceof Error) {
    return new SignalingError(ErrorCode.UNAVAILABLE, "the rate-limit store is unavailable; retry later");
  }
  onLimited();
  const ms = (rejection as RateLimiterRes).msBeforeNext;
  return new SignalingError(ErrorCode.RATE_LIMITED, retryMessage(what, ms), ms);
}

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
