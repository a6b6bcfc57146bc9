import { describe, expect, it } from "vitest";
import { type ClockOffset, OffsetEstimator } from "./clock-offset.js";
import { CaptureLog, estimateDelay, formatDelay, frameDelays, type Presentation } from "./frame-match.js";
import { frameIdentity } from "./fixtures/frame-identity.js";
import recorded from "./recorded-call.json" with { type: "json" };

const offset = (offsetMs: number, rttMs = 2): ClockOffset => ({ offsetMs, rttMs, at: 0 });

describe("CaptureLog", () => {
  it("keeps the newest reports and ignores malformed ones", () => {
    const log = new CaptureLog(2);
    log.add({ rtpTimestamp: 1, captureMs: 10 });
    log.add({ rtpTimestamp: 2, captureMs: 20 });
    log.add({ rtpTimestamp: 3, captureMs: 30 });
    expect([log.captureOf(1), log.captureOf(2), log.captureOf(3)]).toEqual([undefined, 20, 30]);
    log.add({ rtpTimestamp: 2 ** 32, captureMs: 1 });
    log.add({ rtpTimestamp: 1.5, captureMs: 1 });
    log.add({ rtpTimestamp: 4, captureMs: Number.NaN });
    expect(log.size).toBe(2);
  });
});

describe("frame matching", () => {
  it("moves the camera's capture time onto the viewer's clock", () => {
    const log = new CaptureLog();
    log.add({ rtpTimestamp: 90_000, captureMs: 5_000 });
    // Camera clock 4,000 ms ahead: captured at 1,000 on the viewer's clock, shown at 1,080.
    expect(frameDelays([{ rtpTimestamp: 90_000, presentedMs: 1_080 }], log, offset(4_000))).toEqual([80]);
  });

  it('gives no figure ("—") when an input is missing', () => {
    const log = new CaptureLog();
    const shown: Presentation[] = [];
    for (let i = 0; i < 10; i++) {
      log.add({ rtpTimestamp: i * 3000, captureMs: 1000 + i * 33 });
      shown.push({ rtpTimestamp: i * 3000, presentedMs: 1050 + i * 33 });
    }
    const now = 1400;
    expect(estimateDelay({ presentations: shown, log, offset: offset(0), now })?.ms).toBe(50);
    // No clock exchange yet.
    expect(formatDelay(estimateDelay({ presentations: shown, log, offset: undefined, now }))).toBe("—");
    // A camera that reports nothing (no encoded transform in its browser).
    expect(estimateDelay({ presentations: shown, log: new CaptureLog(), offset: offset(0), now })).toBeUndefined();
    // A viewer whose frames carry no RTP timestamp.
    expect(estimateDelay({ presentations: [], log, offset: offset(0), now })).toBeUndefined();
    // Nothing shown lately (the video stalled): the old figure is not kept up.
    expect(estimateDelay({ presentations: shown, log, offset: offset(0), now: now + 5000 })).toBeUndefined();
    // Too few matches.
    expect(estimateDelay({ presentations: shown.slice(0, 2), log, offset: offset(0), now })).toBeUndefined();
  });

  it("formats whole milliseconds", () => {
    expect(formatDelay({ ms: 83.4, frames: 10, uncertaintyMs: 1 })).toBe("83 ms");
    expect(formatDelay({ ms: Number.NaN, frames: 10, uncertaintyMs: 1 })).toBe("—");
    expect(formatDelay(undefined)).toBe("—");
  });

  it("agrees with frame identity on a recorded call, with the clock offset estimated from its pings", () => {
    // The recording has one clock; the camera's is moved here, as a real phone's would be.
    const shift = -987_654.321;
    const log = new CaptureLog();
    for (const [rtp, captureMs] of recorded.reports) log.add({ rtpTimestamp: rtp!, captureMs: captureMs! + shift });
    const clock = new OffsetEstimator();
    for (const [t0, t1, t2, t3] of recorded.pings) clock.add({ t0: t0!, t1: t1! + shift, t2: t2! + shift, t3: t3! });
    const presentations = recorded.presentations.map(([rtpTimestamp, presentedMs]) => ({
      rtpTimestamp: rtpTimestamp!,
      presentedMs: presentedMs!,
    }));
    const now = presentations.at(-1)!.presentedMs;
    const estimate = estimateDelay({ presentations, log, offset: clock.best(now), now, windowMs: 60_000 });
    // Frame identity, as the bench computes it: each reported frame's display time minus its capture time.
    const truth = frameIdentity(recorded.reports, recorded.presentations);
    expect(estimate).toBeDefined();
    expect(estimate!.frames).toBe(truth.frames);
    expect(Math.abs(estimate!.ms - truth.median)).toBeLessThanOrEqual(estimate!.uncertaintyMs + 1e-6);
  });
});
