// A click on the picture as a focus point, and the zoom keys.
import { describe, expect, it } from "vitest";
import { pickCaps, pickSettings } from "./capabilities.js";
import { ANDROID_CHROME } from "./fixtures/android-chrome.js";
import { CHROMIUM_FAKE } from "./fixtures/chromium-fake.js";
import { consoleReceived, INITIAL_CONSOLE, presentConsole } from "./laptop-console.js";
import { pointInPicture, zoomKeyCommand } from "./panel-input.js";

describe("pointInPicture", () => {
  // A 16:9 picture in a 1000×1000 box: bars of 218.75 px above and below.
  const box = { left: 100, top: 50, width: 1000, height: 1000 };
  const video = { width: 1280, height: 720 };

  it("gives fractions of the picture, not of the element", () => {
    expect(pointInPicture(600, 550, box, video)).toEqual({ x: 0.5, y: 0.5 });
    expect(pointInPicture(100, 268.75, box, video)).toEqual({ x: 0, y: 0 });
    expect(pointInPicture(350, 690.625, box, video)).toEqual({ x: 0.25, y: 0.75 });
  });

  it("ignores clicks on the bars, and a video without a size yet", () => {
    expect(pointInPicture(600, 100, box, video)).toBeUndefined();
    expect(pointInPicture(600, 1000, box, video)).toBeUndefined();
    expect(pointInPicture(600, 550, box, { width: 0, height: 0 })).toBeUndefined();
  });

  it("undoes a mirrored picture", () => {
    expect(pointInPicture(350, 690.625, box, video, true)).toEqual({ x: 0.75, y: 0.75 });
  });
});

describe("zoomKeyCommand", () => {
  const android = presentConsole(
    consoleReceived(INITIAL_CONSOLE, {
      t: "console-caps",
      caps: pickCaps(ANDROID_CHROME.capabilities).caps,
      settings: { ...pickSettings(ANDROID_CHROME.settings).settings, zoom: 2 },
      lenses: [],
    }),
  );

  it("+ and - move a tenth of the range on the camera's step grid, 0 goes back to the widest", () => {
    expect(zoomKeyCommand("+", android)).toEqual({ prop: "zoom", value: 2.7 });
    expect(zoomKeyCommand("=", android)).toEqual({ prop: "zoom", value: 2.7 });
    expect(zoomKeyCommand("-", android)).toEqual({ prop: "zoom", value: 1.3 });
    expect(zoomKeyCommand("0", android)).toEqual({ prop: "zoom", value: 1 });
    expect(zoomKeyCommand("x", android)).toBeUndefined();
  });

  it("does nothing at the end of the range, while locked, or on a camera without zoom", () => {
    const widest = { ...android, items: android.items.map((i) => (i.prop === "zoom" ? { ...i, value: 1 } : i)) };
    expect(zoomKeyCommand("-", widest as typeof android)).toBeUndefined();
    expect(zoomKeyCommand("+", { ...android, disabled: true })).toBeUndefined();
    const fake = presentConsole(
      consoleReceived(INITIAL_CONSOLE, {
        t: "console-caps",
        caps: pickCaps(CHROMIUM_FAKE.capabilities).caps,
        settings: pickSettings(CHROMIUM_FAKE.settings).settings,
        lenses: [],
      }),
    );
    expect(zoomKeyCommand("+", fake)).toBeUndefined();
  });
});
