// Who may create codes on a public server (off by default): one of the operator's access keys, or a JWT
// (HS256) that the operator's own app minted for its user. Joining needs none of this: a live code is the invitation.
import { createHash, timingSafeEqual } from "node:crypto";
import { errors as joseErrors, jwtVerify } from "jose";
import type { RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import type { Config } from "../config/config.js";
import { SignalingError, retryMessage } from "../errors.js";
import { ErrorCode } from "../protocol.js";
import type { Backend } from "../store/store.js";

export type AccessVerdict = { ok: true; via: "key" | "jwt" } | { ok: false; reason: string };

type AccessConfig = Pick<Config, "accessKeys" | "accessJwtSecret">;

/** Longer than any key or JWT we would accept: not worth hashing. */
const MAX_TOKEN_CHARS = 4_096;
/** Clocks of the app that mints tokens and of this server may differ this much. */
const CLOCK_TOLERANCE_SECONDS = 30;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Checks a presented key or token. Pure: no counting, no HTTP. */
export class AccessCheck {
  readonly #keyDigests: Buffer[];
  readonly #jwtKey: Uint8Array | undefined;

  constructor(config: AccessConfig) {
    this.#keyDigests = config.accessKeys.map(digest);
    this.#jwtKey = config.accessJwtSecret === undefined ? undefined : new TextEncoder().encode(config.accessJwtSecret);
  }

  /** False when no key and no JWT secret is configured: code creation is open (a LAN needs no gate). */
  get enabled(): boolean {
    return this.#keyDigests.length > 0 || this.#jwtKey !== undefined;
  }

  async verify(token: string): Promise<AccessVerdict> {
    if (token.length === 0 || token.length > MAX_TOKEN_CHARS)
      return { ok: false, reason: "the access key is not valid" };
    if (this.#matchesKey(token)) return { ok: true, via: "key" };
    if (this.#jwtKey === undefined || !JWT_SHAPE.test(token))
      return { ok: false, reason: "the access key is not valid" };
    try {
      await jwtVerify(token, this.#jwtKey, {
        algorithms: ["HS256"],
        requiredClaims: ["exp"],
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
      });
      return { ok: true, via: "jwt" };
    } catch (err) {
      // jose checks the signature before the claims, so "expired" is only said of a token this server signed.
      if (err instanceof joseErrors.JWTExpired) return { ok: false, reason: "the access token has expired" };
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === "exp") {
        return { ok: false, reason: "the access token has no expiry (exp)" };
      }
      return { ok: false, reason: "the access key is not valid" };
    }
  }

  /**
   * Compares digests so the time taken does not depend on where the strings differ or how long the key is,
   * and compares with every key so it does not tell which one came close.
   */
  #matchesKey(token: string): boolean {
    const presented = digest(token);
    let match = false;
    for (const key of this.#keyDigests) match = timingSafeEqual(presented, key) || match;
    return match;
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** "Bearer <token>" → the token; anything else → undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  return m?.[1];
}

/**
 * The gate of POST /api/code/generate. Wrong keys are counted per address like failed joins: after
 * `failuresPerMinute` of them every attempt from that address is refused until the window passes, the right
 * key included, so a guesser learns nothing from the answers. A request without any key is not counted: it is
 * what a page sends before its user has typed one.
 */
export class CodeAccess {
  readonly #check: AccessCheck;
  readonly #limiter: RateLimiterAbstract;

  constructor(
    config: AccessConfig & Pick<Config, "accessFailuresPerMinute">,
    backend: Backend,
    private readonly onLimited: () => void = () => {},
  ) {
    this.#check = new AccessCheck(config);
    this.#limiter = backend.createLimiter({
      keyPrefix: "access-fail",
      points: config.accessFailuresPerMinute,
      durationSeconds: 60,
    });
  }

  get enabled(): boolean {
    return this.#check.enabled;
  }

  /** Resolves when the request may create a code; throws UNAUTHORIZED, RATE_LIMITED or UNAVAILABLE. */
  async authorize(authorization: string | undefined, addressKey: string): Promise<void> {
    if (!this.#check.enabled) return;
    const token = bearerToken(authorization);
    if (token === undefined) {
      throw new SignalingError(
        ErrorCode.UNAUTHORIZED,
        "this server needs an access key to create codes (Authorization: Bearer <key>)",
      );
    }
    // Reserved before the check, in one atomic step, so a burst of guesses cannot all pass a check made before any was counted.
    try {
      await this.#limiter.consume(addressKey, 1);
    } catch (rejection) {
      if (rejection instanceof Error)
        throw new SignalingError(ErrorCode.UNAVAILABLE, "the rate-limit store is unavailable; retry later");
      this.onLimited();
      const ms = (rejection as RateLimiterRes).msBeforeNext;
      throw new SignalingError(
        ErrorCode.RATE_LIMITED,
        retryMessage("too many wrong access keys from this address", ms),
        ms,
      );
    }
    const verdict = await this.#check.verify(token);
    if (!verdict.ok) throw new SignalingError(ErrorCode.UNAUTHORIZED, verdict.reason);
    await this.#limiter.reward(addressKey, 1);
  }
}
