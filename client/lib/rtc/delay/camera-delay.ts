// The camera's half of the delay shown on the laptop (docs/PROTOCOL.md "Data channel"): it answers a viewer's clock
// pings and, while that viewer keeps pinging, tells it when each sent frame was captured, by RTP timestamp. Only a
// viewer that may watch (its link carries media) gets either. Capture time: the moment the encoded frame left the
// encoder (capture-worker.ts) minus the encoder's mean time per frame over the last second (getStats
// totalEncodeTime): the browser gives an encoded frame no capture time of its own. Without that figure the camera
// sends no times, and the viewer shows "—".
import type { CaptureBatch } from "./capture-worker.js";
import { CaptureTaps } from "./capture-tap.js";
import { MAX_FRAME_TIMES, type LinkMessage } from "../link-messages.js";
import type { PeerLink, TrackKind } from "../peer-link.js";

/** A viewer stops getting capture times this long after its last ping (it closed its stats panel). */
export const PING_HOLD_MS = 3_000;
/**
 * How long a new link waits for the capture worker (it loads while the page joins, and is normally there first):
 * past this the link goes without, and its viewer shows "—", rather than hold the first frame longer.
 */
export const WORKER_WAIT_MS = 1_000;
const ENCODE_SAMPLE_MS = 1_000;

/** The camera's clock for these messages: epoch milliseconds, as the worker's (its own timeOrigin) are. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

/** Counters of the video sender's encoder, from one getStats sample. */
export interface EncodeCounters {
  totalEncodeTime: number;
  framesEncoded: number;
}

/** The video outbound-rtp's encode counters, or undefined when the browser does not report them. */
export function encodeCounters(reports: readonly RTCStats[]): EncodeCounters | undefined {
  for (const r of reports as Array<RTCStats & Record<string, unknown>>) {
    if (r.type !== "outbound-rtp" || (r.kind ?? r.mediaType) !== "video") continue;
    const { totalEncodeTime, framesEncoded } = r;
    if (typeof totalEncodeTime === "number" && typeof framesEncoded === "number" && framesEncoded > 0)
      return { totalEncodeTime, framesEncoded };
  }
  return undefined;
}

/** Mean encode time per frame (ms) between two samples; since the start when there is no earlier one. */
export function meanEncodeMs(now: EncodeCounters, before?: EncodeCounters): number | undefined {
  const frames = now.framesEncoded - (before?.framesEncoded ?? 0);
  const seconds = now.totalEncodeTime - (before?.totalEncodeTime ?? 0);
  return frames > 0 && seconds >= 0 ? (seconds * 1000) / frames : undefined;
}

/** One frame-times message from a worker batch, [id, rtp, ms, …]: capture = left the encoder − encode time. */
export function frameTimes(batch: CaptureBatch, encodeMs: number): LinkMessage {
  const f: number[] = [];
  for (let i = 1; i + 1 < batch.length && f.length < 2 * MAX_FRAME_TIMES; i += 2)
    f.push(batch[i]!, Math.round((batch[i + 1]! - encodeMs) * 10) / 10);
  return { t: "frame-times", f };
}

/** What Broadcast gives every link it builds: its senders as they are made, then the link itself. */
export interface LinkWatcher {
  onSender(kind: TrackKind, sender: RTCRtpSender): void;
  attach(link: PeerLink): void;
}

export class CameraDelay {
  readonly #taps: CaptureTaps;

  constructor(taps = new CaptureTaps()) {
    this.#taps = taps;
  }

  /** Settles once the capture worker runs, or after WORKER_WAIT_MS: a link is built after this (Broadcast). */
  get ready(): Promise<unknown> {
    return Promise.race([this.#taps.ready, new Promise((resolve) => setTimeout(resolve, WORKER_WAIT_MS))]);
  }

  /** The config a camera connection is built with (see CaptureTaps.rtcConfig). */
  rtcConfig(config: RTCConfiguration): RTCConfiguration {
    return this.#taps.rtcConfig(config);
  }

  /** A watcher for one new link, built with `config` (from rtcConfig). */
  watcher(config: RTCConfiguration): LinkWatcher {
    const taps = this.#taps;
    let link: PeerLink | undefined;
    let until = 0;
    let encodeMs: number | undefined;
    let counters: EncodeCounters | undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    const stops: Array<() => void> = [];
    const sampleEncoder = async () => {
      if (!link || link.closed || epochNow() > until) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      const now = encodeCounters(await link.stats());
      encodeMs = now ? (meanEncodeMs(now, counters) ?? encodeMs) : undefined;
      counters = now;
    };
    const onBatch = (batch: CaptureBatch) => {
      if (!link?.mediaAllowed || encodeMs === undefined || epochNow() > until) return;
      link.send(frameTimes(batch, encodeMs));
    };
    const onPing = (t0: number, t1: number) => {
      if (!link?.mediaAllowed) return;
      link.send({ t: "clock-pong", t0, t1, t2: epochNow() });
      until = epochNow() + PING_HOLD_MS;
      if (timer === undefined) {
        void sampleEncoder();
        timer = setInterval(() => void sampleEncoder(), ENCODE_SAMPLE_MS);
      }
    };
    return {
      onSender(kind, sender) {
        const stop = taps.watchSender(sender, kind === "video", onBatch, config);
        if (stop) stops.push(stop);
      },
      attach(l) {
        link = l;
        l.on("message", (msg) => msg.t === "clock-ping" && onPing(msg.t0, epochNow()));
        l.on("closed", () => {
          clearInterval(timer);
          for (const stop of stops.splice(0)) stop();
        });
      },
    };
  }
}
