import { describe, expect, it } from "vitest";
import { formatDelay } from "./frame-match.js";
import { frameIdentity } from "./fixtures/frame-identity.js";
import recorded from "./recorded-call.json" with { type: "json" };
import { DelayInputs } from "./viewer-delay.js";

// The recording has one clock; the camera's is moved here, as a real phone's would be.
const SHIFT = 4_321_098.765;

/** The recorded call as the viewer receives it over the data channel: pongs, and capture times in batches of 8. */
function replay(inputs: DelayInputs, opts: { pongs?: boolean; times?: boolean; rtp?: boolean } = {}): number {
  if (opts.pongs !== false)
    for (const [t0, t1, t2, t3] of recorded.pings)
      inputs.onMessage({ t: "clock-pong", t0: t0!, t1: t1! + SHIFT, t2: t2! + SHIFT }, t3!);
  if (opts.times !== false)
    for (let i = 0; i < recorded.reports.length; i += 8) {
      const f = recorded.reports.slice(i, i + 8).flatMap(([rtp, ms]) => [rtp!, ms! + SHIFT]);
      inputs.onMessage({ t: "frame-times", f }, 0);
    }
  for (const [rtp, shown] of recorded.presentations) inputs.onPresented(opts.rtp === false ? undefined : rtp!, shown!);
  return recorded.presentations.at(-1)![1]!;
}

describe("the viewer's delay inputs", () => {
  it("give the recorded call's delay from its wire messages", () => {
    const inputs = new DelayInputs();
    const now = replay(inputs);
    const estimate = inputs.estimate(now);
    // Frame identity over the same 2 s the estimate looks at.
    const truth = frameIdentity(
      recorded.reports,
      recorded.presentations.filter(([, shown]) => now - shown! <= 2_000),
    );
    expect(estimate).toBeDefined();
    expect(estimate!.frames).toBe(truth.frames);
    expect(Math.abs(estimate!.ms - truth.median)).toBeLessThanOrEqual(estimate!.uncertaintyMs + 1e-6);
    expect(formatDelay(estimate)).toMatch(/^\d+ ms$/);
  });

  it('shows "—" for a camera that never answered a ping', () => {
    const inputs = new DelayInputs();
    expect(formatDelay(inputs.estimate(replay(inputs, { pongs: false })))).toBe("—");
  });

  it('shows "—" for a camera that sends no capture times (no encoded transform in its browser)', () => {
    const inputs = new DelayInputs();
    expect(formatDelay(inputs.estimate(replay(inputs, { times: false })))).toBe("—");
  });

  it('shows "—" for a viewer whose frames carry no RTP timestamp', () => {
    const inputs = new DelayInputs();
    expect(formatDelay(inputs.estimate(replay(inputs, { rtp: false })))).toBe("—");
  });

  it("keeps only the newest presented frames", () => {
    const inputs = new DelayInputs();
    for (let i = 0; i < 200; i++) inputs.onPresented(i, i);
    expect(inputs.presentations.length).toBe(90);
    expect(inputs.presentations[0]!.rtpTimestamp).toBe(110);
  });
});
