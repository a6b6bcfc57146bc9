// The per-connection event budget, judged as each packet comes off the transport, before Socket.IO decodes it.
// Over budget costs next to nothing: one refusal answered per window, the rest dropped undecoded, a socket that
// keeps flooding is no longer read for a while (TCP pushes the cost back to the sender), then cut off.
import { reply, splitArgs } from "./ack.js";
import { SignalingError, retryMessage, toWireError } from "./errors.js";
import { ErrorCode, SIGNAL_EVENTS, type SignalEvent } from "./protocol.js";
import { TokenBucket } from "./rate-limit.js";
import type { SignalingSocket } from "./types.js";

/** admit: within budget. refuse: over budget, answered once per window. drop: over budget, not even decoded. */
export type Verdict = "admit" | "refuse" | "drop";

export interface FloodGuardOptions {
  ratePerSecond: number;
  burst: number;
  /** One refusal is answered per window; the others in it are dropped. */
  windowMs?: number;
  /** Dropped packets in one window past which the sender is flooding, not just eager: a strike. */
  strikeAfter?: number;
  /** Strikes close together (each within `strikeMemoryMs` of the last) before the connection is closed. */
  strikesToClose?: number;
  strikeMemoryMs?: number;
  now?: () => number;
  /** A strike: stop reading from the sender for a while. */
  onStrike: () => void;
  /** Sustained abuse: close the connection. */
  onAbuse: () => void;
  /** Each dropped packet (a plain counter for the metrics). */
  onDrop?: () => void;
}

export class FloodGuard {
  readonly bucket: TokenBucket;
  readonly #opts: Required<FloodGuardOptions>;
  #windowEnds = Number.NEGATIVE_INFINITY;
  #dropped = 0;
  #strikes = 0;
  #lastStrike = Number.NEGATIVE_INFINITY;

  constructor(opts: FloodGuardOptions) {
    this.#opts = {
      windowMs: 1_000,
      strikeAfter: opts.burst,
      strikesToClose: 5,
      strikeMemoryMs: 10_000,
      now: () => performance.now(),
      onDrop: () => {},
      ...opts,
    };
    this.bucket = new TokenBucket(opts.ratePerSecond, opts.burst, this.#opts.now);
  }

  /** The verdict on one incoming packet. Synchronous and allocation-free: it runs for every frame. */
  judge(): Verdict {
    if (this.bucket.take()) return "admit";
    const t = this.#opts.now();
    if (t >= this.#windowEnds) {
      this.#windowEnds = t + this.#opts.windowMs;
      this.#dropped = 0;
      return "refuse";
    }
    this.#opts.onDrop();
    if (++this.#dropped === this.#opts.strikeAfter) this.#strike(t);
    return "drop";
  }

  #strike(t: number): void {
    this.#strikes = t - this.#lastStrike <= this.#opts.strikeMemoryMs ? this.#strikes + 1 : 1;
    this.#lastStrike = t;
    if (this.#strikes >= this.#opts.strikesToClose) this.#opts.onAbuse();
    else this.#opts.onStrike();
  }
}

/** Marks an event's argument list as judged "refuse" by the decoder (json-only-parser.ts). */
export const OVER_BUDGET: unique symbol = Symbol("over budget");

const SIGNALS: ReadonlySet<string> = new Set(SIGNAL_EVENTS);

/**
 * Socket middleware (runs before any handler): answers an event the decoder marked over budget with the
 * refusal of its kind, and does not pass it on. A `ping` gets no answer (pong has no error shape), nor does an
 * event the protocol does not have.
 */
export function refuseOverBudget(socket: SignalingSocket, guard: FloodGuard, onRefused: (event: string) => void) {
  return (event: unknown[], next: (err?: Error) => void): void => {
    if ((event as { [OVER_BUDGET]?: true })[OVER_BUDGET] !== true) {
      next();
      return;
    }
    const [name, ...args] = event;
    onRefused(String(name));
    const { ack } = splitArgs(args);
    const error = toWireError(
      new SignalingError(
        ErrorCode.RATE_LIMITED,
        retryMessage("too many messages on this connection", guard.bucket.msUntilNext()),
      ),
    );
    if (typeof name === "string" && SIGNALS.has(name))
      reply(socket, ack, "signal_error", { ok: false, event: name as SignalEvent, error });
    else if (name === "join_room") reply(socket, ack, "join_room_error", { ok: false, error });
    else if (name === "leave_room") ack?.({ ok: false, error });
  };
}
