import { describe, expect, it } from "vitest";
import { overlayReading } from "./overlay.js";

describe("the stats panel's delay in a glass run", () => {
  it("takes the median of the figures shown in the window and counts the dashes", () => {
    const notes: Array<[number, string]> = [
      [900, "—"],
      [1000, "—"],
      [1500, "84 ms"],
      [2000, "80 ms"],
      [2500, "91 ms"],
      [3000, "79 ms"],
      [3600, "200 ms"],
    ];
    expect(overlayReading(notes, 1000, 3000)).toEqual({ medianMs: 82, figures: 4, dashes: 1 });
  });

  it("has no figure when the panel only ever showed a dash", () => {
    expect(overlayReading([[1, "—"]], 0, 2)).toEqual({ figures: 0, dashes: 1 });
  });
});
