// Capabilities → console model, on the recorded Chromium fake camera and the written Android and iOS shapes.
import { describe, expect, it } from "vitest";
import { listLenses, pickCaps, pickSettings, readCaps, readSettings, type ConsoleCaps } from "./capabilities.js";
import { ANDROID_CHROME } from "./fixtures/android-chrome.js";
import { CHROMIUM_FAKE } from "./fixtures/chromium-fake.js";
import { IOS_SAFARI } from "./fixtures/ios-safari.js";
import { buildConsole, formatValue, type ConsoleControl, type RangeControl } from "./model.js";

type Fixture = typeof CHROMIUM_FAKE | typeof ANDROID_CHROME | typeof IOS_SAFARI;

function consoleOf(f: Fixture): ConsoleControl[] {
  const track = { getCapabilities: () => f.capabilities, getSettings: () => f.settings };
  return buildConsole(readCaps(track, f.supported), readSettings(track), listLenses(f.devices));
}

const labels = (controls: ConsoleControl[]) => controls.map((c) => c.label);
const find = (controls: ConsoleControl[], prop: string) => controls.find((c) => c.prop === prop);

describe("buildConsole", () => {
  it("Chromium's fake camera (recorded): Focus and Exposure with Auto, resolution, focus point; no Zoom or Torch", () => {
    const controls = consoleOf(CHROMIUM_FAKE);
    expect(labels(controls)).toEqual(["Focus", "Exposure", "Resolution", "Focus point"]);
    expect(find(controls, "focusDistance")).toEqual({
      kind: "range",
      prop: "focusDistance",
      label: "Focus",
      unit: "m",
      scale: 1,
      min: 10,
      max: 100,
      step: 5,
      value: 50,
      auto: { prop: "focusMode", autoMode: "continuous", on: false },
    });
    expect(find(controls, "exposureTime")).toMatchObject({
      unit: "ms",
      scale: 0.1,
      min: 10,
      max: 100,
      step: 5,
      value: 50,
      auto: { prop: "exposureMode", autoMode: "continuous", on: false },
    });
    // One lens and one frame rate under its 20 fps: nothing to choose, so no control.
    expect(find(controls, "lens")).toBeUndefined();
    expect(find(controls, "frameRate")).toBeUndefined();
    expect(find(controls, "resolution")).toMatchObject({ value: "720p", valueText: "1280×720" });
  });

  it("Chrome on Android (written): every property, lenses by side, Auto on where the phone reports it", () => {
    const controls = consoleOf(ANDROID_CHROME);
    expect(labels(controls)).toEqual([
      "Camera",
      "Zoom",
      "Focus",
      "Exposure",
      "Exposure compensation",
      "ISO",
      "White balance",
      "Torch",
      "Resolution",
      "Frame rate",
      "Focus point",
    ]);
    expect(find(controls, "lens")).toEqual({
      kind: "choice",
      prop: "lens",
      label: "Camera",
      options: [
        { value: "a1", label: "Back camera 1" },
        { value: "a2", label: "Front camera" },
        { value: "a3", label: "Back camera 2" },
      ],
      value: "a1",
      valueText: "Back camera 1",
    });
    expect(find(controls, "zoom")).toMatchObject({ min: 1, max: 8, step: 0.1, value: 1, unit: "×" });
    expect(find(controls, "zoom")).not.toHaveProperty("auto");
    expect(find(controls, "focusDistance")).toMatchObject({ auto: { prop: "focusMode", on: true } });
    expect(find(controls, "exposureCompensation")).not.toHaveProperty("auto");
    expect(find(controls, "iso")).toMatchObject({ unit: "", auto: { prop: "exposureMode", on: true } });
    expect(find(controls, "colorTemperature")).toMatchObject({
      label: "White balance",
      unit: "K",
      step: 50,
      value: 5000,
      auto: { prop: "whiteBalanceMode", autoMode: "continuous", on: true },
    });
    expect(find(controls, "torch")).toEqual({ kind: "switch", prop: "torch", label: "Torch", value: false });
    expect(find(controls, "frameRate")).toMatchObject({
      options: [
        { value: "15", label: "15 fps" },
        { value: "24", label: "24 fps" },
        { value: "30", label: "30 fps" },
      ],
      value: "30",
    });
  });

  it("iOS Safari (written): zoom, torch, a white-balance mode menu, lenses by their own names; no focus point", () => {
    const controls = consoleOf(IOS_SAFARI);
    expect(labels(controls)).toEqual(["Camera", "Zoom", "White balance", "Torch", "Resolution", "Frame rate"]);
    expect(find(controls, "whiteBalanceMode")).toEqual({
      kind: "mode",
      prop: "whiteBalanceMode",
      label: "White balance",
      options: [
        { value: "manual", label: "Manual" },
        { value: "continuous", label: "Auto" },
      ],
      value: "continuous",
    });
    expect(find(controls, "lens")).toMatchObject({
      options: [
        { value: "i0", label: "Front Camera" },
        { value: "i1", label: "Back Camera" },
        { value: "i2", label: "Back Ultra Wide Camera" },
        { value: "i3", label: "Back Telephoto Camera" },
      ],
      value: "i1",
    });
    expect(find(controls, "frameRate")).toMatchObject({ value: "30", valueText: "30 fps" });
    expect(find(controls, "resolution")).toMatchObject({ value: "1080p" });
  });

  it("absent properties make no control: an empty camera has an empty console", () => {
    expect(buildConsole({}, {}, [])).toEqual([]);
  });

  it("a range with nothing to choose, a single mode, or an Auto without manual makes no control or switch", () => {
    const caps: ConsoleCaps = {
      zoom: { min: 1, max: 1, step: 0.1 },
      focusDistance: { min: 0, max: 1 },
      focusMode: ["continuous"],
      exposureMode: ["continuous"],
    };
    const controls = buildConsole(caps, {}, [{ id: "only", label: "Camera" }]);
    expect(labels(controls)).toEqual(["Focus"]);
    expect(controls[0]).not.toHaveProperty("auto");
    expect(controls[0]).toMatchObject({ value: undefined, step: 0.01 });
  });

  it("a range without a step gets about a hundred steps, rounded to one digit", () => {
    const [c] = buildConsole({ exposureCompensation: { min: -3, max: 3 } }, {}, []);
    expect(c).toMatchObject({ step: 0.06 });
    const [z] = buildConsole({ zoom: { min: 1, max: 5, step: 0 } }, { zoom: 2 }, []);
    expect(z).toMatchObject({ step: 0.04, value: 2 });
  });

  it("single-shot counts as Auto when a camera has no continuous mode", () => {
    const [c] = buildConsole(
      { focusDistance: { min: 0, max: 10, step: 1 }, focusMode: ["manual", "single-shot"] },
      { focusMode: "single-shot" },
      [],
    );
    expect(c).toMatchObject({ auto: { prop: "focusMode", autoMode: "single-shot", on: true } });
  });

  it("a camera running a size off the presets shows what it runs, with no preset picked", () => {
    const caps: ConsoleCaps = { width: { min: 1, max: 1920 }, height: { min: 1, max: 1080 } };
    expect(buildConsole(caps, { width: 800, height: 600 }, [])).toEqual([
      expect.objectContaining({ prop: "resolution", value: undefined, valueText: "800×600" }),
    ]);
    // Portrait reports (1080 wide, 1920 high) reach the same presets.
    const portrait: ConsoleCaps = { width: { min: 1, max: 1080 }, height: { min: 1, max: 1920 } };
    expect(buildConsole(portrait, { width: 720, height: 1280 }, [])[0]).toMatchObject({ value: "720p" });
  });
});

describe("formatValue", () => {
  const range = (patch: Partial<RangeControl>) => ({ unit: "", scale: 1, step: 1, ...patch });
  it("scales to the shown unit, with the step's decimals", () => {
    expect(formatValue(range({ unit: "×", step: 0.1 }), 2.5)).toBe("2.5×");
    expect(formatValue(range({ unit: "ms", scale: 0.1, step: 5 }), 50)).toBe("5.0 ms");
    expect(formatValue(range({ unit: "m", step: 0.01 }), 0.3)).toBe("0.30 m");
    expect(formatValue(range({ unit: "EV", step: 0.1666666716337204 }), -0.3333)).toBe("-0.3 EV");
    expect(formatValue(range({ unit: "K", step: 50 }), 5000)).toBe("5000 K");
    expect(formatValue(range({ step: 1 }), 400)).toBe("400");
    expect(formatValue(range({ unit: "m" }), undefined)).toBe("–");
  });
});

describe("pickCaps / pickSettings", () => {
  it("keeps known, well-typed properties and names the known ones with a wrong type", () => {
    const { caps, bad } = pickCaps({
      zoom: { min: 1, max: 4, step: 0.5 },
      focusDistance: { min: 5, max: 1 },
      iso: "lots",
      focusMode: ["manual", "continuous", "macro"],
      exposureMode: "continuous",
      torch: [false, true],
      backgroundBlur: [false],
      pointsOfInterest: true,
    });
    expect(caps).toEqual({
      zoom: { min: 1, max: 4, step: 0.5 },
      focusMode: ["manual", "continuous"],
      torch: true,
      pointsOfInterest: true,
    });
    expect(bad).toEqual(["focusDistance", "iso", "exposureMode"]);
    expect(pickCaps(null).bad).toEqual(["capabilities"]);
  });

  it("settings: numbers, modes, torch and the lens id; an unknown mode word is left out, not an error", () => {
    expect(
      pickSettings({ zoom: 2, focusMode: "macro", torch: false, deviceId: "x", width: 1280, groupId: "g", iso: "1" }),
    ).toEqual({ settings: { zoom: 2, torch: false, deviceId: "x", width: 1280 }, bad: ["iso"] });
  });

  it("offers a focus point only where the browser knows pointsOfInterest and the camera can meter", () => {
    const track = (caps: object) => ({ getCapabilities: () => caps, getSettings: () => ({}) });
    const focus = { focusMode: ["manual", "continuous"] };
    expect(readCaps(track(focus), { pointsOfInterest: true }).pointsOfInterest).toBe(true);
    expect(readCaps(track(focus), {}).pointsOfInterest).toBeUndefined();
    expect(readCaps(track({ focusMode: ["none"] }), { pointsOfInterest: true }).pointsOfInterest).toBeUndefined();
    expect(readCaps(track({ zoom: { min: 1, max: 2 } }), { pointsOfInterest: true })).toEqual({
      zoom: { min: 1, max: 2 },
    });
  });
});

describe("listLenses", () => {
  it("names unlabelled cameras by position and keeps desktop labels", () => {
    expect(
      listLenses([
        { kind: "videoinput", deviceId: "a", label: "" },
        { kind: "videoinput", deviceId: "b", label: "HD Webcam (046d:0825)" },
        { kind: "audioinput", deviceId: "m", label: "Mic" },
        { kind: "videoinput", deviceId: "", label: "hidden" },
      ]),
    ).toEqual([
      { id: "a", label: "Camera 1" },
      { id: "b", label: "HD Webcam (046d:0825)" },
    ]);
  });
});
