// The phone's console indicator in each state.
import { describe, expect, it } from "vitest";
import { CHANGE_SHOWN_MS, presentIndicator } from "./phone-indicator.js";

describe("presentIndicator", () => {
  it("hidden while no verified laptop is linked", () => {
    expect(presentIndicator({ last: undefined, locked: false, laptops: 0 }, 0).shown).toBe(false);
  });

  it("says who may adjust, then which laptop changed what, then goes back", () => {
    expect(presentIndicator({ last: undefined, locked: false, laptops: 1 }, 0)).toMatchObject({
      shown: true,
      text: "The laptop can adjust this camera",
      button: "Lock",
    });
    const last = { label: "Focus", by: "the laptop", at: 1_000 };
    expect(presentIndicator({ last, locked: false, laptops: 1 }, 2_000)).toMatchObject({
      text: "Focus set from the laptop",
      fresh: true,
    });
    expect(presentIndicator({ last, locked: false, laptops: 2 }, 1_000 + CHANGE_SHOWN_MS)).toMatchObject({
      text: "The laptops can adjust this camera",
      fresh: false,
    });
  });

  it("locked: says so and offers Unlock, even with no laptop linked", () => {
    const last = { label: "Zoom", by: "laptop 2", at: 0 };
    expect(presentIndicator({ last, locked: true, laptops: 0 }, 1)).toEqual({
      shown: true,
      text: "Laptop controls locked",
      button: "Unlock",
      buttonHint: "Let the laptop adjust this camera again",
      fresh: false,
    });
  });
});
