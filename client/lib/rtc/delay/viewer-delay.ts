// The viewer's half of the delay shown on the laptop (docs/PROTOCOL.md "Data channel"): while the stats panel is
// open it pings the camera's clock over the data channel (clock-offset.ts keeps the best round trip), keeps the
// camera's capture times by RTP timestamp, and notes when each frame is presented (requestVideoFrameCallback's
// rtpTimestamp and expectedDisplayTime); frame-match.ts turns the three into the figure, or "—".
import type { LinkMessage } from "../link-messages.js";
import type { PeerLink } from "../peer-link.js";
import { OffsetEstimator } from "./clock-offset.js";
import { CaptureLog, type DelayEstimate, estimateDelay, type Presentation } from "./frame-match.js";

/** Pings while the panel is open: often enough that one of the last few found an unqueued path. */
export const PING_EVERY_MS = 500;
/** Presented frames kept: 3 s at 30 fps, more than estimateDelay's window. */
const MAX_PRESENTATIONS = 90;

/** The viewer's clock for these messages, as the camera's: epoch milliseconds. */
const epochNow = (): number => performance.timeOrigin + performance.now();

type FrameCallback = (now: number, m: { expectedDisplayTime: number; rtpTimestamp?: number }) => void;
type FrameVideo = HTMLVideoElement & { requestVideoFrameCallback?(cb: FrameCallback): number };

/** Everything the viewer side keeps for one link (a new link is a new camera stream and maybe a new clock). */
export class DelayInputs {
  readonly clock = new OffsetEstimator();
  readonly log = new CaptureLog();
  readonly presentations: Presentation[] = [];

  onMessage(msg: LinkMessage, now: number): void {
    if (msg.t === "clock-pong") this.clock.add({ t0: msg.t0, t1: msg.t1, t2: msg.t2, t3: now });
    else if (msg.t === "frame-times")
      for (let i = 0; i + 1 < msg.f.length; i += 2) this.log.add({ rtpTimestamp: msg.f[i]!, captureMs: msg.f[i + 1]! });
  }

  onPresented(rtpTimestamp: number | undefined, presentedMs: number): void {
    if (rtpTimestamp === undefined) return;
    this.presentations.push({ rtpTimestamp, presentedMs });
    if (this.presentations.length > MAX_PRESENTATIONS) this.presentations.shift();
  }

  estimate(now: number): DelayEstimate | undefined {
    return estimateDelay({ presentations: this.presentations, log: this.log, offset: this.clock.best(now), now });
  }
}

export class ViewerDelay {
  readonly #video: FrameVideo;
  readonly #link: () => PeerLink | undefined;
  #inputs = new DelayInputs();
  #watched: PeerLink | undefined;
  #unlisten: (() => void) | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #frameLoop = false;

  /** `link`: the link whose picture is on screen (Receiver.link). */
  constructor(video: HTMLVideoElement, link: () => PeerLink | undefined) {
    this.#video = video;
    this.#link = link;
  }

  /** False where the viewer cannot match frames (no requestVideoFrameCallback): the figure is always "—". */
  get supported(): boolean {
    return typeof this.#video.requestVideoFrameCallback === "function";
  }

  start(): void {
    if (this.#timer !== undefined || !this.supported) return;
    this.#ping();
    this.#timer = setInterval(() => this.#ping(), PING_EVERY_MS);
    if (!this.#frameLoop) {
      this.#frameLoop = true;
      const onFrame: FrameCallback = (_now, m) => {
        if (this.#timer === undefined) {
          this.#frameLoop = false;
          return;
        }
        this.#inputs.onPresented(m.rtpTimestamp, performance.timeOrigin + m.expectedDisplayTime);
        this.#video.requestVideoFrameCallback?.(onFrame);
      };
      this.#video.requestVideoFrameCallback?.(onFrame);
    }
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The delay now, or undefined (shown "—"). */
  estimate(): DelayEstimate | undefined {
    return this.#timer === undefined ? undefined : this.#inputs.estimate(epochNow());
  }

  #ping(): void {
    const link = this.#link();
    if (link !== this.#watched) {
      this.#unlisten?.();
      this.#watched = link;
      const inputs = new DelayInputs();
      this.#inputs = inputs;
      this.#unlisten = link?.on("message", (msg) => inputs.onMessage(msg, epochNow()));
    }
    link?.send({ t: "clock-ping", t0: epochNow() });
  }
}
