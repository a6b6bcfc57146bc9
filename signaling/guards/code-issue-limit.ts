// Code generation per client address (a fixed-window counter from the Backend): `CODES_PER_MINUTE`.
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { SignalingError, retryMessage } from "../errors.js";
import { ErrorCode } from "../protocol.js";
import type { Backend } from "../store/store.js";
import { MINUTE_SECONDS } from "./join-guard.js";

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
