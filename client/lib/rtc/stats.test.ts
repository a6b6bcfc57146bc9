import { describe, expect, it } from "vitest";
import { statsRows, summarizeStats } from "./stats.js";

/** A trimmed getStats() sample as Chrome reports it on the viewer, at time `t` with `bytes` received. */
function sample(t: number, bytes: number, localType = "host", remoteType = "host"): RTCStats[] {
  return [
    {
      id: "IT01V",
      type: "inbound-rtp",
      timestamp: t,
      kind: "video",
      frameWidth: 1280,
      frameHeight: 720,
      framesPerSecond: 29.7,
      bytesReceived: bytes,
      packetsLost: 3,
      codecId: "CIT01_96",
    },
    { id: "CIT01_96", type: "codec", timestamp: t, mimeType: "video/VP8" },
    { id: "T01", type: "transport", timestamp: t, selectedCandidatePairId: "CP1" },
    {
      id: "CP1",
      type: "candidate-pair",
      timestamp: t,
      localCandidateId: "L1",
      remoteCandidateId: "R1",
      currentRoundTripTime: 0.012,
      nominated: true,
      state: "succeeded",
    },
    { id: "L1", type: "local-candidate", timestamp: t, candidateType: localType },
    { id: "R1", type: "remote-candidate", timestamp: t, candidateType: remoteType },
  ] as unknown as RTCStats[];
}

describe("summarizeStats", () => {
  it("reads resolution, frame rate, codec, round trip and a direct path from one sample", () => {
    const s = summarizeStats(sample(1_000, 50_000), "inbound");
    expect(s).toMatchObject({
      width: 1280,
      height: 720,
      fps: 29.7,
      codec: "VP8",
      rttMs: 12,
      route: "direct",
      candidates: "host ↔ host",
      packetsLost: 3,
    });
    expect(s.kbps).toBeUndefined();
  });

  it("turns two samples' byte counters into kilobits per second", () => {
    const first = summarizeStats(sample(1_000, 50_000), "inbound");
    const second = summarizeStats(sample(2_000, 175_000), "inbound", first);
    expect(second.kbps).toBeCloseTo(1_000, 5);
  });

  it("calls a path through a TURN relay candidate relayed", () => {
    expect(summarizeStats(sample(1, 1, "relay", "srflx"), "inbound").route).toBe("relayed");
  });

  it("falls back to the nominated succeeded pair when no transport names one", () => {
    const reports = sample(1, 1).filter((r) => r.type !== "transport");
    expect(summarizeStats(reports, "inbound").rttMs).toBe(12);
  });

  it("shows dashes, not zeros, for what a sample does not have", () => {
    const rows = Object.fromEntries(statsRows(summarizeStats([], "inbound")));
    expect(rows).toMatchObject({ Resolution: "–", Bitrate: "–", Path: "–" });
  });
});
