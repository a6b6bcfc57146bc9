import { describe, expect, it } from "vitest";
import { encodeCounters, frameTimes, meanEncodeMs } from "./camera-delay.js";

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
