// The camera's clock against the viewer's, from NTP-style exchanges over the data channel: the viewer sends a
// ping at t0 (its clock), the camera stamps its arrival t1 and its reply t2 (its clock), the viewer stamps the
// reply's arrival t3. The exchange with the shortest round trip is the one least bent by queueing, so that is
// the one kept: its offset is off by at most half its round trip, whatever the two directions' delays were.

export interface ClockSample {
  /** Viewer clock, ms: the ping left. */
  t0: number;
  /** Camera clock, ms: the ping arrived, and the reply left. */
  t1: number;
  t2: number;
  /** Viewer clock, ms: the reply arrived. */
  t3: number;
}

export interface ClockOffset {
  /** Camera clock minus viewer clock, ms: a camera time minus this is the same moment on the viewer's clock. */
  offsetMs: number;
  /** The exchange's round trip without the camera's turnaround; the offset is within ±rttMs/2. */
  rttMs: number;
  /** Viewer clock, ms: when the exchange ended (t3). */
  at: number;
}

/** The offset one exchange gives, or undefined for an exchange that cannot be right (negative or unknown times). */
export function offsetOf(s: ClockSample): ClockOffset | undefined {
  const { t0, t1, t2, t3 } = s;
  if (![t0, t1, t2, t3].every(Number.isFinite)) return undefined;
  const turnaround = t2 - t1;
  const rttMs = t3 - t0 - turnaround;
  if (t3 < t0 || turnaround < 0 || rttMs < 0) return undefined;
  return { offsetMs: (t1 - t0 + (t2 - t3)) / 2, rttMs, at: t3 };
}

export interface OffsetEstimatorOptions {
  /** Exchanges older than this (viewer clock) are forgotten: clocks drift, and paths change. */
  windowMs?: number;
  /** At most this many exchanges are kept (the newest). */
  maxSamples?: number;
}

/** Keeps recent exchanges and answers with the one that had the shortest round trip. */
export class OffsetEstimator {
  readonly #windowMs: number;
  readonly #maxSamples: number;
  #offsets: ClockOffset[] = [];

  constructor(opts: OffsetEstimatorOptions = {}) {
    this.#windowMs = opts.windowMs ?? 60_000;
    this.#maxSamples = opts.maxSamples ?? 64;
  }

  /** Adds one exchange; returns false (and keeps nothing) for one that cannot be right. */
  add(sample: ClockSample): boolean {
    const offset = offsetOf(sample);
    if (!offset) return false;
    this.#offsets.push(offset);
    if (this.#offsets.length > this.#maxSamples) this.#offsets.shift();
    return true;
  }

  /** The best offset among the exchanges that ended within the window before `now` (viewer clock). */
  best(now: number): ClockOffset | undefined {
    let best: ClockOffset | undefined;
    for (const o of this.#offsets) {
      if (now - o.at > this.#windowMs || o.at > now) continue;
      if (!best || o.rttMs < best.rttMs) best = o;
    }
    return best;
  }

  clear(): void {
    this.#offsets = [];
  }
}
