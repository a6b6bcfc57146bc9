// The viewer page's console (issue 18) through the page's own state flow: what the phone says → present.
import { describe, expect, it } from "vitest";
import { CHROMIUM_FAKE } from "../lib/console/fixtures/chromium-fake.js";
import { readCaps, readSettings } from "../lib/console/capabilities.js";
import type { ConsoleMessage } from "../lib/console/messages.js";
import { present } from "./present.js";
import { applyChange, initialViewerState, type ViewerState } from "./state.js";

const NOW = 5_000_000;
const watching: Partial<ViewerState> = {
  connection: "online",
  code: "483920",
  cameraInRoom: true,
  cameraSeen: true,
  link: "live",
  picture: true,
  lastFrameAt: NOW,
};
const fakeTrack = { getCapabilities: () => CHROMIUM_FAKE.capabilities, getSettings: () => CHROMIUM_FAKE.settings };
const caps: ConsoleMessage = {
  t: "console-caps",
  caps: readCaps(fakeTrack, CHROMIUM_FAKE.supported),
  settings: readSettings(fakeTrack),
  lenses: [],
};

function viewer(patch: Partial<ViewerState> = {}): ViewerState {
  return { ...initialViewerState({ touch: false, clean: false }), ...watching, ...patch };
}

describe("viewer console", () => {
  it("offered once the phone sent what its camera can do; nothing before", () => {
    expect(present(viewer(), NOW).console.available).toBe(false);
    const s = applyChange(viewer(), { type: "console-message", msg: caps });
    const v = present(s, NOW).console;
    expect(v.available).toBe(true);
    expect(v.items.map((i) => i.label)).toEqual(["Focus", "Exposure", "Resolution", "Focus point"]);
  });

  it("shows the phone's answer, not what was asked, and its refusal in words", () => {
    let s = applyChange(viewer(), { type: "console-message", msg: caps });
    s = applyChange(s, { type: "console-open", open: true });
    s = applyChange(s, {
      type: "console-message",
      msg: { t: "console-result", id: 1, settings: { focusDistance: 65 }, error: "This camera has no Zoom control." },
    });
    const v = present(s, NOW).console;
    expect(v.open).toBe(true);
    expect(v.items.find((i) => i.prop === "focusDistance")?.valueText).toBe("65 m");
    expect(v.status).toEqual({ text: "This camera has no Zoom control.", tone: "error" });
  });

  it("withdrawn when the link is gone, outside the watch view and in the clean view", () => {
    const s = applyChange(applyChange(viewer(), { type: "console-message", msg: caps }), {
      type: "console-open",
      open: true,
    });
    expect(present(applyChange(s, { type: "console-gone" }), NOW).console.available).toBe(false);
    expect(present({ ...s, clean: true }, NOW).console).toMatchObject({ available: false, open: false });
    expect(present(applyChange(s, { type: "left" }), NOW).console.available).toBe(false);
  });
});
