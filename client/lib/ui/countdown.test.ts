import { describe, expect, it } from "vitest";
import { formatClock } from "./countdown.js";

describe("formatClock", () => {
  it("shows minutes and zero-padded seconds, rounding partial seconds up", () => {
    expect(formatClock(600)).toBe("10:00");
    expect(formatClock(59.2)).toBe("1:00");
    expect(formatClock(61)).toBe("1:01");
    expect(formatClock(3_725)).toBe("1:02:05");
  });

  it("never goes below zero", () => {
    expect(formatClock(-3)).toBe("0:00");
  });
});
