import { describe, expect, it } from "vitest";
import { inPrivateNetns, shapingCommands } from "./shape.js";

describe("link shaping", () => {
  it("shapes only in e2e/isolated.sh's namespace, never where the machine's interfaces are", () => {
    expect(inPrivateNetns(["lo", "cc1", "cc0"])).toBe(true);
    expect(inPrivateNetns(["lo", "eth0"])).toBe(false);
    expect(inPrivateNetns(["lo", "cc0", "cc1", "wlan0"])).toBe(false);
    expect(inPrivateNetns([])).toBe(false);
  });

  it("sends UDP on lo, v4 and v6, through a tbf at the rate, with a bucket of at least ten packets", () => {
    const cmds = shapingCommands(1.5).map((c) => c.join(" "));
    expect(cmds.some((c) => c.includes("tbf rate 1500kbit burst 15000"))).toBe(true);
    expect(cmds.filter((c) => c.includes("match ip protocol 17") || c.includes("match ip6 protocol 17"))).toHaveLength(
      2,
    );
    expect(cmds.every((c) => c.includes("dev lo"))).toBe(true);
    // 4 ms at the rate when that is more: 100 Mbit/s → 50,000 B.
    expect(shapingCommands(100).find((c) => c.includes("tbf"))).toContain("50000");
  });
});
