// The laptop's Low delay setting without a browser: where it starts, what is remembered, and what the page shows.
import { describe, expect, it } from "vitest";
import { initialLowDelay, saveLowDelay, type ChoiceStore } from "./low-delay.js";
import { present } from "./present.js";
import { applyChange, initialViewerState } from "./state.js";

function store(init: Record<string, string> = {}): ChoiceStore & { items: Record<string, string> } {
  const items = { ...init };
  return {
    items,
    getItem: (key) => items[key] ?? null,
    setItem: (key, value) => {
      items[key] = value;
    },
  };
}

describe("Low delay on the laptop", () => {
  it("starts off, and as remembered", () => {
    expect(initialLowDelay("", store())).toBe(false);
    expect(initialLowDelay("?code=483920", store({ "codecam:low-delay": "1" }))).toBe(true);
    expect(initialLowDelay("", store({ "codecam:low-delay": "0" }))).toBe(false);
  });

  it("?delay=low or ?delay=normal in the address decides, and is remembered as a click would be", () => {
    const kept = store({ "codecam:low-delay": "0" });
    expect(initialLowDelay("?code=483920&delay=low", kept)).toBe(true);
    expect(kept.items["codecam:low-delay"]).toBe("1");
    expect(initialLowDelay("?delay=normal", kept)).toBe(false);
    expect(kept.items["codecam:low-delay"]).toBe("0");
  });

  it("ignores another value in the address", () => {
    expect(initialLowDelay("?delay=LOW", store({ "codecam:low-delay": "1" }))).toBe(true);
    expect(initialLowDelay("?delay=1", store())).toBe(false);
  });

  it("works where storage is disabled (reads and writes throw)", () => {
    const broken: ChoiceStore = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(initialLowDelay("", broken)).toBe(false);
    expect(initialLowDelay("?delay=low", broken)).toBe(true);
    expect(() => saveLowDelay(true, broken)).not.toThrow();
    expect(initialLowDelay("?delay=low", undefined)).toBe(true);
  });

  it("the button is pressed while Low delay is on", () => {
    const off = initialViewerState({ touch: false, clean: false });
    expect(present(off, 0).controls.lowDelay).toBe(false);
    const on = applyChange(off, { type: "low-delay", on: true });
    expect(present(on, 0).controls.lowDelay).toBe(true);
    // It is a setting of the laptop, not of one code: joining another keeps it.
    expect(applyChange(applyChange(on, { type: "joined" }), { type: "left" }).lowDelay).toBe(true);
  });
});
