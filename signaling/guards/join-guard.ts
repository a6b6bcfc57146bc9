// Failed joins per client address over a sliding window (shared counters from the Backend): the brute-force guard.
import { SignalingError, retryMessage } from "../errors.js";
import { ErrorCode } from "../protocol.js";
import type { Backend, SlidingWindow } from "../store/store.js";

export const MINUTE_SECONDS = 60;

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
