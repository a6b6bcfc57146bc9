// The laptop's console state and what the panel shows, from the phone's messages alone.
import { describe, expect, it } from "vitest";
import { pickCaps, pickSettings } from "./capabilities.js";
import { CHROMIUM_FAKE } from "./fixtures/chromium-fake.js";
import { consoleGone, consoleReceived, INITIAL_CONSOLE, presentConsole, type ConsoleState } from "./laptop-console.js";

const caps = { ...pickCaps(CHROMIUM_FAKE.capabilities).caps, pointsOfInterest: true };
const settings = pickSettings(CHROMIUM_FAKE.settings).settings;

function withCaps(patch: Partial<ConsoleState> = {}): ConsoleState {
  return { ...consoleReceived(INITIAL_CONSOLE, { t: "console-caps", caps, settings, lenses: [] }), ...patch };
}

describe("laptop console", () => {
  it("offers nothing until the phone sends its capabilities (an unverified laptop never gets them)", () => {
    const view = presentConsole({ ...INITIAL_CONSOLE, open: true });
    expect(view).toMatchObject({ available: false, open: false, items: [], tapToFocus: false });
  });

  it("shows the fake camera's Focus and Exposure with the phone's values, and takes a click on the picture", () => {
    const view = presentConsole(withCaps({ open: true }));
    expect(view.available).toBe(true);
    expect(view.items.map((i) => [i.label, i.valueText])).toEqual([
      ["Focus", "50 m"],
      ["Exposure", "5.0 ms"],
      ["Resolution", "720p HD"],
      ["Focus point", "Click the picture to focus and expose there"],
    ]);
    expect(view.tapToFocus).toBe(true);
    expect(view.status).toBeUndefined();
  });

  it("shows what the phone reports after a change, not what was asked, and its refusal in its words", () => {
    let s = withCaps();
    s = consoleReceived(s, { t: "console-result", id: 1, settings: { ...settings, focusDistance: 100 } });
    expect(presentConsole(s).items[0]?.valueText).toBe("100 m");
    s = consoleReceived(s, {
      t: "console-result",
      id: 2,
      settings: { ...settings, focusDistance: 100 },
      error: "The phone's camera can't set Focus to that; nothing changed.",
    });
    expect(presentConsole(s).status).toEqual({
      text: "The phone's camera can't set Focus to that; nothing changed.",
      tone: "error",
    });
    s = consoleReceived(s, { t: "console-result", id: 3, settings: { ...settings, focusMode: "continuous" } });
    expect(presentConsole(s).status).toBeUndefined();
    expect(presentConsole(s).items[0]?.valueText).toBe("Auto (50 m)");
  });

  it("another laptop's change shows up as the phone reports it", () => {
    const s = consoleReceived(withCaps(), { t: "console-settings", settings: { ...settings, exposureTime: 30 } });
    expect(presentConsole(s).items[1]?.valueText).toBe("3.0 ms");
  });

  it("locked on the phone: controls inert, no tap to focus, and the reason in words", () => {
    const s = consoleReceived(withCaps({ error: "old" }), { t: "console-lock", locked: true });
    expect(presentConsole(s)).toMatchObject({
      disabled: true,
      tapToFocus: false,
      status: { tone: "info", text: expect.stringContaining("locked") },
    });
    // The focus point line no longer invites a click that would do nothing.
    expect(presentConsole(s).items.find((i) => i.kind === "point")?.valueText).toBe("Locked on the phone");
    expect(presentConsole(consoleReceived(s, { t: "console-lock", locked: false })).disabled).toBe(false);
  });

  it("the link going away forgets what the phone said but keeps the panel's open state", () => {
    expect(consoleGone(withCaps({ open: true, locked: true }))).toEqual({ ...INITIAL_CONSOLE, open: true });
  });
});
