// The glass-to-glass report renders every variant the section measures, the Low delay one included, with its
// ratio to codecam as it starts.
import { describe, expect, it } from "vitest";
import type { GlassFigures } from "./analyze.js";
import {
  CODECAM,
  CODECAM_LOW_DELAY,
  FLOOR,
  FLOOR_SAME_START,
  type GlassResult,
  type GlassRun,
  summarize,
} from "./measure.js";
import { glassMarkdown, glassSummary, lowDelayLines } from "./report.js";

function figures(meanMs: number, height: number): GlassFigures {
  const width = (height * 16) / 9;
  return {
    frames: 300,
    unreadable: 0,
    unmatched: 0,
    meanMs,
    p50Ms: meanMs,
    p95Ms: meanMs * 2,
    p99Ms: meanMs * 3,
    maxMs: meanMs * 4,
    fps: 30,
    cameraFps: 30,
    width,
    height,
    minWidth: width,
    minHeight: height,
    stalls: 0,
    longestGapMs: 40,
    toReceiveMs: 20,
    receiveToPresentMs: 10,
    presentToDisplayMs: 5,
  };
}

function result(): GlassResult {
  const measured: Array<[string, "codecam" | "floor", number, number]> = [
    [CODECAM.name, "codecam", 80, 720],
    [CODECAM_LOW_DELAY.name, "codecam", 40, 360],
    [FLOOR.name, "floor", 50, 540],
    [FLOOR_SAME_START.name, "floor", 60, 720],
  ];
  const runs: GlassRun[] = measured.map(([variant, target, meanMs, height], slot) => ({
    variant,
    target,
    link: "loopback",
    round: 1,
    slot,
    figures: figures(meanMs, height),
  }));
  const secondsByLink = { loopback: 20 };
  return {
    clip: { width: 1280, height: 720, fps: 30, seconds: 20 },
    rounds: 1,
    warmupSeconds: 5,
    secondsByLink,
    runs,
    summaries: summarize(runs, secondsByLink),
    errors: [],
  };
}

describe("glass report", () => {
  it("has a row for codecam with Low delay in every table, beside codecam and the floors", () => {
    const md = glassMarkdown(result());
    for (const variant of ["codecam", "codecam, low delay", "floor", "floor, 1 Mbit/s start"])
      expect(md).toContain(`| loopback | ${variant} |`);
    // The summary and where the time goes; every run has its round and slot first.
    expect(md.split("| loopback | codecam, low delay |")).toHaveLength(3);
    expect(md).toContain("| loopback | 1 | 1 | codecam, low delay | 40 |");
    expect(md).toContain("| 640×360; 640×360 |");
  });

  it("says how Low delay compares with codecam without it, and with the floor", () => {
    const d = result();
    expect(lowDelayLines(d)).toEqual(["loopback 0.50× / 0.50× / 0.50× / 0.50×"]);
    const lines = glassSummary(d).join("\n");
    expect(lines).toContain("codecam with Low delay over codecam without, mean / p50 / p95 / p99: loopback 0.50×");
    expect(lines).toContain("glass to glass, loopback, codecam, low delay: mean 40 ms, p50 40, p95 80, p99 120 (0.80×");
  });
});
