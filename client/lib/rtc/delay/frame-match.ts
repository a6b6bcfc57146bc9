// The delay a person sees, for a real phone: the camera tells the viewer when it captured each frame it sent (its
// clock) under the frame's RTP timestamp; the viewer knows when it presented each frame (its clock) under the
// same RTP timestamp (requestVideoFrameCallback's rtpTimestamp). Matching the two by RTP timestamp, and moving
// the camera's time onto the viewer's clock with the estimated offset (clock-offset.ts), gives each frame's delay.
// Where any part is missing (a browser without the APIs, no exchange yet, no frame matched lately) the answer is
// undefined and the overlay shows "—": never a guess.
import type { ClockOffset } from "./clock-offset.js";

/** What the camera reports for a frame it sent. */
export interface CaptureRef {
  rtpTimestamp: number;
  /** Camera clock, ms. */
  captureMs: number;
}

/** A frame the viewer presented. */
export interface Presentation {
  rtpTimestamp: number;
  /** Viewer clock, ms (requestVideoFrameCallback's expectedDisplayTime, on performance.timeOrigin). */
  presentedMs: number;
}

/** How many capture reports the viewer keeps: 10 s of a 30 fps camera. */
export const MAX_REFS = 300;

/** The camera's reports by RTP timestamp, newest kept when full. */
export class CaptureLog {
  readonly #refs = new Map<number, number>();
  readonly #max: number;

  constructor(max = MAX_REFS) {
    this.#max = max;
  }

  /** Keeps a report; ignores one that is not a whole 32-bit RTP timestamp with a finite time. */
  add(ref: CaptureRef): void {
    const { rtpTimestamp: rtp, captureMs } = ref;
    if (!Number.isInteger(rtp) || rtp < 0 || rtp > 0xffffffff || !Number.isFinite(captureMs)) return;
    this.#refs.delete(rtp);
    this.#refs.set(rtp, captureMs);
    while (this.#refs.size > this.#max) this.#refs.delete(this.#refs.keys().next().value!);
  }

  captureOf(rtpTimestamp: number): number | undefined {
    return this.#refs.get(rtpTimestamp);
  }

  get size(): number {
    return this.#refs.size;
  }
}

/** Each matched frame's delay, ms: presented (viewer clock) − captured (moved onto the viewer's clock). */
export function frameDelays(presentations: readonly Presentation[], log: CaptureLog, offset: ClockOffset): number[] {
  const out: number[] = [];
  for (const p of presentations) {
    const captured = log.captureOf(p.rtpTimestamp);
    if (captured === undefined || !Number.isFinite(p.presentedMs)) continue;
    out.push(p.presentedMs - (captured - offset.offsetMs));
  }
  return out;
}

export interface DelayEstimate {
  /** Median delay of the frames matched in the window, ms. */
  ms: number;
  frames: number;
  /** The clock offset's own uncertainty (half its round trip), ms. */
  uncertaintyMs: number;
}

export interface DelayInput {
  presentations: readonly Presentation[];
  log: CaptureLog;
  offset: ClockOffset | undefined;
  /** Viewer clock, ms. */
  now: number;
  /** Only frames presented this recently count. */
  windowMs?: number;
  /** Fewer matched frames than this in the window: no figure. */
  minFrames?: number;
}

/** The current delay, or undefined when the inputs cannot give one (the overlay shows "—"). */
export function estimateDelay(input: DelayInput): DelayEstimate | undefined {
  const { offset, now } = input;
  if (!offset) return undefined;
  const windowMs = input.windowMs ?? 2_000;
  const recent = input.presentations.filter((p) => p.presentedMs <= now && now - p.presentedMs <= windowMs);
  const delays = frameDelays(recent, input.log, offset);
  if (delays.length < (input.minFrames ?? 3)) return undefined;
  const sorted = delays.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const ms = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { ms, frames: sorted.length, uncertaintyMs: offset.rttMs / 2 };
}

/** The overlay's text: whole milliseconds, or "—" when there is no estimate. */
export function formatDelay(estimate: DelayEstimate | undefined): string {
  return estimate && Number.isFinite(estimate.ms) ? `${Math.round(estimate.ms)} ms` : "—";
}
