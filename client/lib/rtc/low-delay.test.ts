import { describe, expect, it, vi } from "vitest";
import { LOW_DELAY_LINES, LowDelaySender, lowDelayScale, type ParameterSender } from "./low-delay.js";

/**
 * A video sender as Chromium has one after the first answer: one encoding, a transaction id that each
 * getParameters renews and setParameters must quote (or it rejects), and what was set kept as a copy.
 */
class FakeSender implements ParameterSender {
  params: RTCRtpSendParameters;
  readonly sets: RTCRtpSendParameters[] = [];
  refuse = false;
  #transaction = 0;

  constructor(init: Partial<RTCRtpSendParameters> = {}) {
    this.params = {
      transactionId: "",
      encodings: [{ active: true }],
      codecs: [],
      headerExtensions: [],
      rtcp: {},
      ...init,
    };
  }

  getParameters(): RTCRtpSendParameters {
    this.#transaction += 1;
    return structuredClone({ ...this.params, transactionId: String(this.#transaction) });
  }

  async setParameters(params: RTCRtpSendParameters): Promise<void> {
    await Promise.resolve();
    if (params.transactionId !== String(this.#transaction)) throw new Error("InvalidModificationError: stale");
    if (this.refuse) throw new Error("OperationError");
    this.params = structuredClone(params);
    this.sets.push(this.params);
  }
}

describe("lowDelayScale", () => {
  it.each([
    [720, 2],
    [1080, 3],
    [540, 1.5],
    [LOW_DELAY_LINES, 1],
    [240, 1],
    [undefined, 1],
    [Number.NaN, 1],
  ])("a track %s lines high is scaled down by %s", (height, factor) => {
    expect(lowDelayScale(height)).toBe(factor);
  });

  it("leaves at most 360 lines of a portrait phone's 1280-line track", () => {
    expect(1280 / lowDelayScale(1280)).toBe(360);
  });
});

describe("LowDelaySender", () => {
  it("scales the first encoding down and keeps the frame rate, then gives back what the sender had", async () => {
    const sender = new FakeSender({ degradationPreference: "balanced" });
    const low = new LowDelaySender(sender);
    expect(await low.set(true, 720)).toBe(true);
    expect(sender.params.encodings[0]).toEqual({ active: true, scaleResolutionDownBy: 2 });
    expect(sender.params.degradationPreference).toBe("maintain-framerate");
    expect(await low.set(false, 720)).toBe(true);
    expect(sender.params.encodings[0]).toEqual({ active: true, scaleResolutionDownBy: 1 });
    expect(sender.params.degradationPreference).toBe("balanced");
  });

  it("leaves the preference out again where the sender had none (the browser's default)", async () => {
    const sender = new FakeSender();
    const low = new LowDelaySender(sender);
    await low.set(true, 720);
    await low.set(false, 720);
    expect("degradationPreference" in sender.params).toBe(false);
  });

  it("takes the new height on a re-apply after a camera change, and still restores the first preference", async () => {
    const sender = new FakeSender({ degradationPreference: "maintain-resolution" });
    const low = new LowDelaySender(sender);
    await low.set(true, 720);
    await low.set(true, 1080);
    expect(sender.params.encodings[0]?.scaleResolutionDownBy).toBe(3);
    await low.set(true, 360);
    expect(sender.params.encodings[0]?.scaleResolutionDownBy).toBe(1);
    await low.set(false, 360);
    expect(sender.params.degradationPreference).toBe("maintain-resolution");
  });

  it("runs quick changes one after another, each with fresh parameters, the last one winning", async () => {
    const sender = new FakeSender();
    const low = new LowDelaySender(sender);
    const results = await Promise.all([low.set(true, 720), low.set(false, 720), low.set(true, 720)]);
    expect(results).toEqual([true, true, true]);
    expect(sender.sets.map((p) => p.encodings[0]?.scaleResolutionDownBy)).toEqual([2, 1, 2]);
    expect(low.low).toBe(true);
  });

  it("turning off a sender that was never low changes only the scale", async () => {
    const sender = new FakeSender({ degradationPreference: "balanced" });
    await new LowDelaySender(sender).set(false, 720);
    expect(sender.params.degradationPreference).toBe("balanced");
    expect(sender.params.encodings[0]?.scaleResolutionDownBy).toBe(1);
  });

  it("does nothing to a sender without encodings yet, and says so", async () => {
    const sender = new FakeSender({ encodings: [] });
    expect(await new LowDelaySender(sender).set(true, 720)).toBe(false);
    expect(sender.sets).toEqual([]);
  });

  it("says so when the browser refuses, and restores the preference it had before a later success", async () => {
    const sender = new FakeSender({ degradationPreference: "balanced" });
    const low = new LowDelaySender(sender);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    sender.refuse = true;
    expect(await low.set(true, 720)).toBe(false);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect(sender.params.degradationPreference).toBe("balanced");
    sender.refuse = false;
    await low.set(true, 720);
    await low.set(false, 720);
    expect(sender.params.degradationPreference).toBe("balanced");
  });
});
