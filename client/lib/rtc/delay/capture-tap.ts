// The camera page's half of the encoded transform (capture-worker.ts runs the other): which method this browser
// has, the one worker every video sender's frames pass through, and the batches it posts back. Any failure here
// leaves the sender as it was, so the video goes on and the viewer shows "—".
import type { CaptureBatch } from "./capture-worker.js";

/**
 * How the camera reads its encoded frames: RTCRtpScriptTransform (the standard: Chromium, Safari, Firefox), else
 * createEncodedStreams (older Chromium; its connections must be built with `encodedInsertableStreams: true`),
 * else not at all.
 */
export type TapMethod = "script-transform" | "encoded-streams" | "none";

export function tapMethod(g: object = globalThis): TapMethod {
  if ("RTCRtpScriptTransform" in g) return "script-transform";
  const sender = (g as { RTCRtpSender?: { prototype: object } }).RTCRtpSender;
  return sender && "createEncodedStreams" in sender.prototype ? "encoded-streams" : "none";
}

/** How long the worker may take to load before the page gives up on it. */
const READY_TIMEOUT_MS = 5_000;

type EncodedStreamsSender = RTCRtpSender & {
  createEncodedStreams(): { readable: ReadableStream; writable: WritableStream };
};

export class CaptureTaps {
  readonly method: TapMethod;
  readonly #worker: Worker | undefined;
  /** Resolves true once the worker runs; false when it cannot (then nothing is tapped). */
  readonly ready: Promise<boolean>;
  #isReady = false;
  readonly #listeners = new Map<number, (batch: CaptureBatch) => void>();
  #nextId = 0;

  constructor(method: TapMethod = tapMethod()) {
    let worker: Worker | undefined;
    if (method !== "none") {
      try {
        worker = new Worker(new URL("./capture-worker.ts", import.meta.url), {
          type: "module",
          name: "codecam-capture",
        });
      } catch (err) {
        console.warn("codecam: no capture worker; the delay shows —", err);
      }
    }
    this.#worker = worker;
    this.method = worker ? method : "none";
    this.ready = new Promise<boolean>((resolve) => {
      if (!worker) return resolve(false);
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      worker.onmessage = (e: MessageEvent<CaptureBatch | "ready">) => {
        if (e.data === "ready") {
          clearTimeout(timer);
          this.#isReady = true;
          return resolve(true);
        }
        this.#listeners.get(e.data[0]!)?.(e.data);
      };
      worker.onerror = () => resolve(false);
    });
  }

  /**
   * With createEncodedStreams, a connection's frames reach its senders only through the streams, so the flag goes
   * into its config only once the worker runs (then every sender gets its streams, see watchSender).
   */
  rtcConfig(config: RTCConfiguration): RTCConfiguration {
    if (this.method !== "encoded-streams" || !this.#isReady) return config;
    return { ...config, encodedInsertableStreams: true } as RTCConfiguration;
  }

  /**
   * Watches a new sender of a connection built with rtcConfig(): its video frames' RTP timestamps and encode times
   * go to `onBatch` as [id, rtp, ms, rtp, ms, …]. Audio senders only pass through (createEncodedStreams needs
   * every sender read). Returns a function that stops the reports (the frames keep flowing), or undefined when
   * nothing is tapped. Never throws.
   */
  watchSender(
    sender: RTCRtpSender,
    video: boolean,
    onBatch: (batch: CaptureBatch) => void,
    config: RTCConfiguration,
  ): (() => void) | undefined {
    const worker = this.#worker;
    if (!worker) return undefined;
    const id = this.#nextId++;
    try {
      if (this.method === "script-transform") {
        // Chromium ignores a transform set once the connection has made its offer, so it goes in now or never; a
        // link waits for the worker (CameraDelay.ready) while it fetches its config.
        if (!video || !this.#isReady) return undefined;
        sender.transform = new RTCRtpScriptTransform(worker, { id });
      } else {
        if (!(config as { encodedInsertableStreams?: boolean }).encodedInsertableStreams) return undefined;
        const { readable, writable } = (sender as EncodedStreamsSender).createEncodedStreams();
        try {
          worker.postMessage({ id: video ? id : -1, readable, writable }, [readable, writable]);
        } catch (err) {
          // The streams stayed here: pass the frames straight on, or this sender would send nothing.
          void readable.pipeTo(writable).catch(() => {});
          throw err;
        }
        if (!video) return undefined;
      }
    } catch (err) {
      console.warn("codecam: could not watch the encoded frames; the delay shows —", err);
      return undefined;
    }
    this.#listeners.set(id, onBatch);
    return () => this.#listeners.delete(id);
  }
}
