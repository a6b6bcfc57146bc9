import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyze, STALL_MS, VIEWER_FIELDS } from "./analyze.js";

/** A viewer record: index, display time, and plausible other fields. */
const shown = (index: number, displayAt: number, width = 1280, height = 720) => [
  index,
  displayAt,
  displayAt - 2,
  displayAt - 20,
  index * 3000,
  width,
  height,
  displayAt + 1,
];

describe("glass-to-glass analysis", () => {
  it("matches each presented frame to its camera delivery by index", () => {
    const cam: number[] = [];
    const view: number[] = [];
    for (let i = 0; i < 30; i++) {
      // Read by the page 0-2 ms after capture; the timestamps run on a clock 5,000 ms behind the page's.
      cam.push(i, 1000 + i * 33 + (i % 3), -4000 + i * 33);
      view.push(...shown(i, 1000 + i * 33 + 40 + (i % 3)));
    }
    const f = analyze(cam, view, 1000, 2000);
    expect(f.frames).toBe(30);
    expect(f.unreadable + f.unmatched).toBe(0);
    expect(f.p50Ms).toBe(41);
    expect(f.meanMs).toBeCloseTo(41, 6);
    expect(f.maxMs).toBe(42);
    expect(f.toReceiveMs).toBe(21);
    expect(f.receiveToPresentMs).toBe(18);
    expect(f.presentToDisplayMs).toBe(2);
    expect(f.stalls).toBe(0);
    expect(f.width).toBe(1280);
  });

  it("counts unreadable and unmatched frames apart, and leaves them out of the delays", () => {
    const cam = [0, 1000, 0, 1, 1033, 33, -1, 1066, 66];
    const view = [...shown(0, 1050), ...shown(-1, 1083), ...shown(7, 1116)];
    const f = analyze(cam, view, 1000, 1200);
    expect(f.frames).toBe(1);
    expect(f.unreadable).toBe(1);
    expect(f.unmatched).toBe(1);
    expect(f.meanMs).toBe(50);
  });

  it("takes the latest delivery of an index before it was shown (the clip loops)", () => {
    const cam = [5, 1000, 1000, 5, 21_000, 21_000];
    const f = analyze(cam, shown(5, 21_060), 20_000, 22_000);
    expect(f.meanMs).toBe(60);
    // Shown before the second delivery: matched to the first, but too old to be the same frame.
    expect(analyze(cam, shown(5, 20_990), 20_000, 22_000).unmatched).toBe(1);
  });

  it("counts gaps over 500 ms between presented frames as stalls, the window's edges included", () => {
    const cam: number[] = [];
    const view: number[] = [];
    for (const t of [1100, 1133, 1800, 1833, 2300]) {
      cam.push(t, t - 30, t - 30);
      view.push(...shown(t, t));
    }
    const f = analyze(cam, view, 1000, 3000);
    // 1133 → 1800 (667 ms) and 2300 → the window's end 3000 (700 ms); 1833 → 2300 (467 ms) is not one.
    expect(f.stalls).toBe(2);
    expect(f.longestGapMs).toBeCloseTo(700, 6);
    expect(STALL_MS).toBe(500);
  });

  it("reports the smallest presented size and the frame rates", () => {
    const cam = [0, 0, 0, 1, 500, 500, 2, 1000, 1000];
    const view = [...shown(0, 100, 1280, 720), ...shown(1, 600, 640, 360), ...shown(2, 1100, 1280, 720)];
    const f = analyze(cam, view, 0, 1500);
    expect([f.minWidth, f.minHeight]).toEqual([640, 360]);
    expect(f.fps).toBeCloseTo(2, 6);
    expect(f.cameraFps).toBeCloseTo(2, 6);
  });

  it("takes each frame's capture time, not when a busy page got round to reading it", () => {
    // The page read frame 1 late (main thread busy): its delay still counts from its capture.
    const cam = [0, 1001, 0, 1, 1200, 33, 2, 1067, 66];
    const view = [...shown(0, 1040), ...shown(1, 1073), ...shown(2, 1106)];
    const f = analyze(cam, view, 1000, 1200);
    expect(f.frames).toBe(3);
    expect(f.maxMs).toBe(39);
    expect(f.p50Ms).toBe(39);
  });

  it("refuses an empty window", () => {
    expect(() => analyze([], [], 10, 10)).toThrow(RangeError);
  });

  it("accounts for every frame of a recorded run (bench/experiments/glass-fixture.ts)", () => {
    const rec = JSON.parse(readFileSync(new URL("./recorded-run.json", import.meta.url), "utf8")) as {
      cam: number[];
      view: Array<number | null>;
      from: number;
      to: number;
    };
    const view = rec.view.map((v) => v ?? Number.NaN);
    const f = analyze(rec.cam, view, rec.from, rec.to);
    expect(f.frames + f.unreadable + f.unmatched).toBe(view.length / VIEWER_FIELDS);
    expect(f.frames).toBeGreaterThan(view.length / VIEWER_FIELDS / 2);
    // One clock: no frame is shown before the camera page had it.
    expect(f.p50Ms).toBeGreaterThan(0);
    expect(f.p50Ms).toBeLessThanOrEqual(f.p95Ms);
    expect(f.p95Ms).toBeLessThanOrEqual(f.p99Ms);
    expect(f.p99Ms).toBeLessThanOrEqual(f.maxMs);
  });
});
