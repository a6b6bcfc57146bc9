import { describe, expect, it } from "vitest";
import { OffsetEstimator, offsetOf } from "./clock-offset.js";
import recorded from "./recorded-call.json" with { type: "json" };

describe("offsetOf", () => {
  it("gives the camera's clock minus the viewer's and the round trip without the turnaround", () => {
    // Camera clock 100 ms ahead; 4 ms out, 1 ms turnaround, 6 ms back.
    expect(offsetOf({ t0: 0, t1: 104, t2: 105, t3: 11 })).toEqual({ offsetMs: 99, rttMs: 10, at: 11 });
  });

  it("refuses exchanges that cannot be right", () => {
    expect(offsetOf({ t0: 10, t1: 0, t2: 1, t3: 5 })).toBeUndefined(); // back before it left
    expect(offsetOf({ t0: 0, t1: 5, t2: 4, t3: 10 })).toBeUndefined(); // replied before it arrived
    expect(offsetOf({ t0: 0, t1: 5, t2: 20, t3: 10 })).toBeUndefined(); // turnaround longer than the round trip
    expect(offsetOf({ t0: 0, t1: Number.NaN, t2: 1, t3: 2 })).toBeUndefined();
  });
});

describe("OffsetEstimator", () => {
  it("keeps the exchange with the shortest round trip", () => {
    const e = new OffsetEstimator();
    e.add({ t0: 0, t1: 150, t2: 150, t3: 60 }); // 60 ms, queued one way: offset 120
    e.add({ t0: 100, t1: 205, t2: 205, t3: 110 }); // 10 ms: offset 100
    e.add({ t0: 200, t1: 330, t2: 330, t3: 240 }); // 40 ms: offset 110
    expect(e.best(300)).toEqual({ offsetMs: 100, rttMs: 10, at: 110 });
  });

  it("forgets exchanges older than its window and beyond its count", () => {
    const e = new OffsetEstimator({ windowMs: 1000, maxSamples: 2 });
    expect(e.add({ t0: 0, t1: 5, t2: 5, t3: 2 })).toBe(true);
    expect(e.best(500)?.rttMs).toBe(2);
    expect(e.best(1500)).toBeUndefined();
    e.add({ t0: 1000, t1: 1010, t2: 1010, t3: 1010 });
    e.add({ t0: 1100, t1: 1110, t2: 1110, t3: 1110 });
    e.add({ t0: 1200, t1: 1210, t2: 1210, t3: 1220 });
    // Only the last two are kept: the first of these three is gone though it had the same round trip.
    expect(e.best(1300)?.at).toBe(1110);
    expect(e.add({ t0: 5, t1: 0, t2: 0, t3: 9 })).toBe(true);
    expect(e.add({ t0: 5, t1: 0, t2: 0, t3: 1 })).toBe(false);
    e.clear();
    expect(e.best(1300)).toBeUndefined();
  });

  it("finds a recorded call's offset within half the best round trip", () => {
    // The recording's two pages share one clock: the true offset is the shift added here.
    const shift = 1_234_567.891;
    const e = new OffsetEstimator();
    for (const [t0, t1, t2, t3] of recorded.pings) e.add({ t0: t0!, t1: t1! + shift, t2: t2! + shift, t3: t3! });
    const last = recorded.pings.at(-1)![3]!;
    const best = e.best(last)!;
    expect(best).toBeDefined();
    expect(Math.abs(best.offsetMs - shift)).toBeLessThanOrEqual(best.rttMs / 2 + 1e-6);
  });
});
