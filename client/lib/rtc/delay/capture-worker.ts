// The camera's encoded transform, in a worker (capture-tap.ts starts it): every encoded video frame passes through
// untouched, and its RTP timestamp and the moment it left the encoder (epoch ms) go into a small ring, which is
// posted to the page every BATCH frames. It touches every frame, so it allocates nothing per frame: one ring per
// stream, reused, and a copy only per batch. A failure to read a frame never stops the frame.

/** Frames per message to the page: about four messages a second at 30 fps. */
const BATCH = 8;

/** What the page sends for the createEncodedStreams fallback (RTCRtpScriptTransform brings its own event). */
interface StreamsMessage {
  id: number;
  readable: ReadableStream<EncodedFrame>;
  writable: WritableStream<EncodedFrame>;
}
/** The few members read from an RTCEncodedVideoFrame (this file is typed with the DOM library, not a worker's). */
interface EncodedFrame {
  type?: string;
  timestamp?: number;
  getMetadata?(): { rtpTimestamp?: number };
}
interface TransformEvent {
  transformer: { readable: ReadableStream<EncodedFrame>; writable: WritableStream<EncodedFrame>; options?: unknown };
}
interface WorkerScope {
  onrtctransform: ((e: TransformEvent) => void) | null;
  onmessage: ((e: MessageEvent<StreamsMessage>) => void) | null;
  postMessage(msg: unknown): void;
}
const scope = self as unknown as WorkerScope;

/** [id, rtp, ms, rtp, ms, …] for one stream's last BATCH frames. */
export type CaptureBatch = Float64Array;

function watch(id: number, readable: ReadableStream<EncodedFrame>, writable: WritableStream<EncodedFrame>): void {
  const ring = new Float64Array(1 + 2 * BATCH);
  ring[0] = id;
  let n = 0;
  // Chromium's frame.timestamp is the RTP timestamp: read it without getMetadata()'s object once that is confirmed.
  let direct: boolean | undefined;
  const rtpOf = (frame: EncodedFrame): number | undefined => {
    if (direct === undefined) direct = frame.timestamp === frame.getMetadata?.().rtpTimestamp;
    return direct ? frame.timestamp : frame.getMetadata?.().rtpTimestamp;
  };
  const pass = new TransformStream<EncodedFrame, EncodedFrame>({
    transform(frame, controller) {
      try {
        const at = performance.timeOrigin + performance.now();
        const rtp = frame.type === "key" || frame.type === "delta" ? rtpOf(frame) : undefined;
        if (rtp !== undefined) {
          ring[1 + 2 * n] = rtp;
          ring[2 + 2 * n] = at;
          n += 1;
          if (n === BATCH) {
            n = 0;
            scope.postMessage(ring.slice());
          }
        }
      } catch {
        // Reading is best effort; the frame goes on whatever happened.
      }
      controller.enqueue(frame);
    },
  });
  readable
    .pipeThrough(pass)
    .pipeTo(writable)
    .catch(() => {});
}

scope.onrtctransform = (e) => {
  const options = e.transformer.options as { id?: unknown } | undefined;
  watch(typeof options?.id === "number" ? options.id : -1, e.transformer.readable, e.transformer.writable);
};
scope.onmessage = (e) => {
  const { id, readable, writable } = e.data;
  if (readable && writable) watch(id, readable, writable);
};
// The page installs a transform only once this arrives: a worker that never loaded would hold every frame.
scope.postMessage("ready");
