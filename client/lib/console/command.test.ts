// Command validation and clamping against the phone's own ranges, steps, modes and lenses.
import { describe, expect, it } from "vitest";
import { pickCaps, type ConsoleCaps } from "./capabilities.js";
import { checkCommand, clampToRange } from "./command.js";
import { ANDROID_CHROME } from "./fixtures/android-chrome.js";
import { CHROMIUM_FAKE } from "./fixtures/chromium-fake.js";
import { IOS_SAFARI } from "./fixtures/ios-safari.js";

const FAKE: ConsoleCaps = { ...pickCaps(CHROMIUM_FAKE.capabilities).caps, pointsOfInterest: true };
const ANDROID: ConsoleCaps = { ...pickCaps(ANDROID_CHROME.capabilities).caps, pointsOfInterest: true };
const IOS: ConsoleCaps = pickCaps(IOS_SAFARI.capabilities).caps;

describe("clampToRange", () => {
  it("clamps into the range and snaps to the step counted from min", () => {
    const r = { min: 10, max: 100, step: 5 };
    expect(clampToRange(500, r)).toBe(100);
    expect(clampToRange(-3, r)).toBe(10);
    expect(clampToRange(37, r)).toBe(35);
    expect(clampToRange(38, r)).toBe(40);
    expect(clampToRange(2.37, { min: 1, max: 8, step: 0.1 })).toBe(2.4);
    expect(clampToRange(0.3, { min: 0.1, max: 10, step: 0.1 })).toBe(0.3);
  });

  it("never snaps past max, and only clamps without a step", () => {
    expect(clampToRange(9.9, { min: 0, max: 10, step: 3 })).toBe(9);
    expect(clampToRange(0.123, { min: 0, max: 1 })).toBe(0.123);
    expect(clampToRange(2, { min: 0, max: 1, step: 0 })).toBe(1);
  });

  it("leaves a value on a float32 step grid as sent (Chrome's 1/6 EV is 0.1666666716337204)", () => {
    const ev = { min: -2, max: 2, step: 0.1666666716337204 };
    expect(clampToRange(1, ev)).toBe(1);
    expect(clampToRange(-2 + 3 * ev.step, ev)).toBe(-2 + 3 * ev.step);
    expect(clampToRange(0.9, ev)).toBeCloseTo(0.8333, 4);
  });
});

describe("checkCommand", () => {
  it("a manual value goes with its manual mode; an out-of-range one is clamped and says so", () => {
    expect(checkCommand({ prop: "focusDistance", value: 500 }, FAKE, [])).toEqual({
      ok: true,
      kind: "constraints",
      prop: "focusDistance",
      set: { focusDistance: 100, focusMode: "manual" },
      clamped: true,
    });
    expect(checkCommand({ prop: "exposureTime", value: 30 }, FAKE, [])).toMatchObject({
      set: { exposureTime: 30, exposureMode: "manual" },
      clamped: false,
    });
    expect(checkCommand({ prop: "iso", value: 400 }, ANDROID, [])).toMatchObject({
      set: { iso: 400, exposureMode: "manual" },
    });
    expect(checkCommand({ prop: "colorTemperature", value: 4321 }, ANDROID, [])).toMatchObject({
      set: { colorTemperature: 4300, whiteBalanceMode: "manual" },
      clamped: true,
    });
  });

  it("exposure compensation and zoom need no mode", () => {
    expect(checkCommand({ prop: "exposureCompensation", value: 1 }, ANDROID, [])).toMatchObject({
      set: { exposureCompensation: 1 },
    });
    expect(checkCommand({ prop: "zoom", value: 3 }, IOS, [])).toMatchObject({ set: { zoom: 3 }, clamped: false });
  });

  it("refuses properties this camera lacks, in plain words", () => {
    expect(checkCommand({ prop: "zoom", value: 2 }, FAKE, [])).toEqual({
      ok: false,
      error: "This camera has no Zoom control.",
    });
    expect(checkCommand({ prop: "torch", value: true }, FAKE, [])).toEqual({
      ok: false,
      error: "This camera has no torch.",
    });
    expect(checkCommand({ prop: "pointsOfInterest", value: { x: 0.5, y: 0.5 } }, IOS, [])).toMatchObject({
      ok: false,
    });
  });

  it("takes a mode only from the camera's own list", () => {
    expect(checkCommand({ prop: "focusMode", value: "continuous" }, FAKE, [])).toMatchObject({
      ok: true,
      set: { focusMode: "continuous" },
    });
    expect(checkCommand({ prop: "focusMode", value: "single-shot" }, FAKE, [])).toEqual({
      ok: false,
      error: "Focus can't be set to Once on this camera.",
    });
    expect(checkCommand({ prop: "exposureMode", value: "manual" }, IOS, [])).toMatchObject({ ok: false });
  });

  it("a focus point is clamped into the picture and switches focus and exposure to a metering mode", () => {
    expect(checkCommand({ prop: "pointsOfInterest", value: { x: 1.5, y: 0.25 } }, FAKE, [])).toEqual({
      ok: true,
      kind: "constraints",
      prop: "pointsOfInterest",
      set: { pointsOfInterest: [{ x: 1, y: 0.25 }], focusMode: "continuous", exposureMode: "continuous" },
      clamped: true,
    });
    expect(checkCommand({ prop: "pointsOfInterest", value: { x: 0.5, y: 0.5 } }, ANDROID, [])).toMatchObject({
      set: { focusMode: "single-shot", exposureMode: "continuous" },
      clamped: false,
    });
  });

  it("lens, resolution and frame rate are choices the camera can reach", () => {
    const lenses = [{ id: "a1", label: "Back camera" }];
    expect(checkCommand({ prop: "lens", value: "a1" }, ANDROID, lenses)).toEqual({
      ok: true,
      kind: "choice",
      choice: { lens: "a1" },
    });
    expect(checkCommand({ prop: "lens", value: "zz" }, ANDROID, lenses)).toEqual({
      ok: false,
      error: "That camera is not on the phone.",
    });
    expect(checkCommand({ prop: "resolution", value: "1080p" }, FAKE, [])).toMatchObject({
      choice: { resolution: "1080p" },
    });
    const small: ConsoleCaps = { width: { min: 1, max: 1280 }, height: { min: 1, max: 720 } };
    expect(checkCommand({ prop: "resolution", value: "1080p" }, small, [])).toEqual({
      ok: false,
      error: "This camera can't send 1080p.",
    });
    expect(checkCommand({ prop: "frameRate", value: 24 }, ANDROID, [])).toMatchObject({ choice: { frameRate: 24 } });
    expect(checkCommand({ prop: "frameRate", value: 60 }, ANDROID, [])).toMatchObject({ ok: false });
    expect(checkCommand({ prop: "frameRate", value: 25 }, IOS, [])).toMatchObject({ ok: false });
  });
});
