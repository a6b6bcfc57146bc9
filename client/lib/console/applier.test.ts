// applyCommand's side of the bargain, with a scripted track: one `advanced` set carrying the basic constraints
// along, refusals before the browser is asked, and plain words for what the browser throws. The same function
// runs against Chromium's real fake camera in applier.integration.test.ts.
import { describe, expect, it } from "vitest";
import { applyCommand, describeApplyError, type ConsoleTrack } from "./applier.js";
import { CHROMIUM_FAKE } from "./fixtures/chromium-fake.js";

/** A track with the fake camera's capabilities whose applyConstraints records its argument and can fail. */
function scriptedTrack(fail?: { name: string; message?: string; constraint?: string }) {
  const calls: MediaTrackConstraints[] = [];
  let settings: Record<string, unknown> = { ...CHROMIUM_FAKE.settings };
  const track: ConsoleTrack & { readyState: MediaStreamTrackState } = {
    readyState: "live",
    getCapabilities: () => CHROMIUM_FAKE.capabilities,
    getSettings: () => settings,
    applyConstraints: async (c) => {
      calls.push(c ?? {});
      if (fail) throw Object.assign(new Error(fail.message ?? ""), fail);
      settings = { ...settings, ...c?.advanced?.[0] };
    },
  };
  return { track, calls };
}

describe("applyCommand", () => {
  it("applies one advanced set with the basic constraints kept, and answers with getSettings()", async () => {
    const { track, calls } = scriptedTrack();
    const base = { width: { ideal: 1280 }, height: { ideal: 720 } };
    const out = await applyCommand(track, { prop: "focusDistance", value: 25 }, { base });
    expect(calls).toEqual([{ ...base, advanced: [{ focusDistance: 25, focusMode: "manual" }] }]);
    expect(out).toEqual({ settings: expect.objectContaining({ focusDistance: 25, focusMode: "manual" }) });
    expect(out.settings).not.toHaveProperty("groupId");
  });

  it("clamps to the camera's own range and says it did", async () => {
    const { track, calls } = scriptedTrack();
    const out = await applyCommand(track, { prop: "exposureTime", value: 9_999 });
    expect(calls[0]?.advanced).toEqual([{ exposureTime: 100, exposureMode: "manual" }]);
    expect(out).toMatchObject({ clamped: true, settings: { exposureTime: 100 } });
  });

  it("refuses what the camera lacks without calling the browser", async () => {
    const { track, calls } = scriptedTrack();
    const out = await applyCommand(track, { prop: "zoom", value: 2 });
    expect(calls).toEqual([]);
    expect(out).toEqual({
      settings: expect.objectContaining({ focusDistance: 50 }),
      error: "This camera has no Zoom control.",
    });
  });

  it("turns the browser's refusal into plain words and reports the unchanged settings", async () => {
    const { track } = scriptedTrack({
      name: "OverconstrainedError",
      message: "focusDistance setting out of range",
      constraint: "focusDistance",
    });
    const out = await applyCommand(track, { prop: "focusDistance", value: 20 });
    expect(out).toEqual({
      settings: expect.objectContaining({ focusDistance: 50 }),
      error: "The phone's camera can't set Focus to that; nothing changed.",
    });
  });

  it("says the camera is off when the track has ended", async () => {
    const { track, calls } = scriptedTrack();
    track.readyState = "ended";
    expect(await applyCommand(track, { prop: "focusMode", value: "continuous" })).toEqual({
      settings: {},
      error: "The camera is off, so Focus could not change.",
    });
    expect(calls).toEqual([]);
  });
});

describe("describeApplyError", () => {
  it("names the property the browser names, in words for each kind of failure", () => {
    const err = (name: string, constraint?: string) => Object.assign(new Error("x"), { name, constraint });
    expect(describeApplyError(err("OverconstrainedError", "focusMode"), "focusDistance")).toBe(
      "The phone's camera can't set Focus to that; nothing changed.",
    );
    expect(describeApplyError(err("OverconstrainedError", "exposureTime"), "pointsOfInterest")).toBe(
      "The phone's camera can't set Exposure to that; nothing changed.",
    );
    expect(describeApplyError(err("NotReadableError"), "zoom")).toBe(
      "The phone's camera is busy and could not change Zoom; nothing changed.",
    );
    expect(describeApplyError(err("TypeError"), "torch")).toBe(
      "The phone's browser does not accept that Torch setting; nothing changed.",
    );
    expect(describeApplyError(err("InvalidStateError"), "iso")).toBe("The camera is off, so ISO could not change.");
    expect(describeApplyError("weird", "colorTemperature")).toBe(
      "White balance could not change (the phone's browser gave no reason); nothing changed.",
    );
  });
});
