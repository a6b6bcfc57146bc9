import { describe, expect, it } from "vitest";
import type { LinkMessage } from "../link-messages.js";
import type { PeerLink } from "../peer-link.js";
import { CameraDelay, encodeCounters, frameTimes, meanEncodeMs } from "./camera-delay.js";
import type { CaptureTaps } from "./capture-tap.js";

// Trimmed from a Chromium camera's getStats: the video outbound-rtp, an audio one, and a report of another type.
const reports = [
  { id: "OT01A", type: "outbound-rtp", kind: "audio", timestamp: 1, packetsSent: 50 },
  { id: "OT01V", type: "outbound-rtp", kind: "video", timestamp: 1, framesEncoded: 300, totalEncodeTime: 4.2 },
  { id: "CP", type: "candidate-pair", timestamp: 1 },
] as unknown as RTCStats[];

describe("the camera's encode time", () => {
  it("reads the video sender's encode counters", () => {
    expect(encodeCounters(reports)).toEqual({ totalEncodeTime: 4.2, framesEncoded: 300 });
  });

  it("has none where the browser does not report them, or before a frame was encoded", () => {
    expect(encodeCounters([reports[0]!, reports[2]!])).toBeUndefined();
    const none = [{ id: "V", type: "outbound-rtp", kind: "video", timestamp: 1, framesEncoded: 0, totalEncodeTime: 0 }];
    expect(encodeCounters(none as unknown as RTCStats[])).toBeUndefined();
  });

  it("gives the mean per frame since the last sample, or since the start", () => {
    expect(meanEncodeMs({ totalEncodeTime: 4.2, framesEncoded: 300 })).toBeCloseTo(14, 9);
    expect(
      meanEncodeMs({ totalEncodeTime: 4.8, framesEncoded: 330 }, { totalEncodeTime: 4.2, framesEncoded: 300 }),
    ).toBeCloseTo(20, 9);
    expect(
      meanEncodeMs({ totalEncodeTime: 4.2, framesEncoded: 300 }, { totalEncodeTime: 4.2, framesEncoded: 300 }),
    ).toBeUndefined();
  });
});

describe("frame-times from the worker's batch", () => {
  it("takes the encode time off each frame's time out of the encoder, to 0.1 ms", () => {
    const batch = Float64Array.from([3, 880932289, 1796621041810.25, 880934809, 1796621041838.7]);
    expect(frameTimes(batch, 16)).toEqual({
      t: "frame-times",
      f: [880932289, 1796621041794.3, 880934809, 1796621041822.7],
    });
  });
});

describe("what a viewer's link gets", () => {
  /** A link as CameraDelay sees it: messages in, messages out, whether it carries media, its stats. */
  function fakeLink(mediaAllowed: boolean) {
    const listeners: Record<string, Array<(arg: unknown) => void>> = {};
    const sent: LinkMessage[] = [];
    const link = {
      mediaAllowed,
      closed: false,
      sent,
      on(event: string, cb: (arg: unknown) => void) {
        listeners[event] = [...(listeners[event] ?? []), cb];
        return () => {};
      },
      send(msg: LinkMessage) {
        sent.push(msg);
        return true;
      },
      stats: async () => reports,
      receive(msg: LinkMessage) {
        for (const cb of listeners.message ?? []) cb(msg);
      },
    };
    return link;
  }
  /** Capture taps that hand the test the batch callback instead of starting a worker. */
  function fakeTaps() {
    const taps = {
      onBatch: undefined as ((b: Float64Array) => void) | undefined,
      ready: Promise.resolve(true),
      rtcConfig: (c: RTCConfiguration) => c,
      watchSender(_s: RTCRtpSender, video: boolean, onBatch: (b: Float64Array) => void) {
        if (video) taps.onBatch = onBatch;
        return () => {};
      },
    };
    return taps;
  }
  const batch = Float64Array.from([0, 880932289, 1796621041810.25]);

  async function watched(mediaAllowed: boolean) {
    const taps = fakeTaps();
    const delay = new CameraDelay(taps as unknown as CaptureTaps);
    const watcher = delay.watcher({});
    watcher.onSender("video", {} as RTCRtpSender);
    const link = fakeLink(mediaAllowed);
    watcher.attach(link as unknown as PeerLink);
    link.receive({ t: "clock-ping", t0: 1000 });
    await new Promise((r) => setTimeout(r, 0)); // the encode-time sample (link.stats) settles
    taps.onBatch?.(batch);
    return link.sent;
  }

  it("answers pings and sends capture times to a viewer that may watch", async () => {
    const sent = await watched(true);
    expect(sent[0]).toMatchObject({ t: "clock-pong", t0: 1000 });
    const pong = sent[0] as Extract<LinkMessage, { t: "clock-pong" }>;
    expect(pong.t2).toBeGreaterThanOrEqual(pong.t1);
    // 300 frames in 4.2 s of encoding: 14 ms off the time each frame left the encoder.
    expect(sent[1]).toEqual({ t: "frame-times", f: [880932289, 1796621041796.3] });
  });

  it("tells a viewer nobody allowed nothing: no clock, no capture times", async () => {
    expect(await watched(false)).toEqual([]);
  });
});
