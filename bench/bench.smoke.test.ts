// Keeps `npm run bench` working: runs it in --smoke mode (tiny counts, codecam from source through tsx, the pages
// built into a temporary directory; about 30 s on a quiet machine, minutes on a loaded one) and checks that every
// target produced every figure. No timing assertions: performance is reported by the bench (BENCHMARKS.md), never
// asserted here.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { FirstFrameResult } from "./firstframe/result.js";
import type { BenchResult } from "./result.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "bench/results/smoke-test.json");

function runSmoke(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Through isolated.sh, as `npm run bench` runs: Chromium's ICE candidates then stay on loopback.
    execFile(
      "sh",
      [
        "e2e/isolated.sh",
        process.execPath,
        "--import",
        "tsx",
        "bench/run.ts",
        "--smoke",
        "--from-source",
        "--out",
        OUT,
      ],
      { cwd: ROOT, timeout: 420_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: "" } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const FIGURES: Record<string, string[]> = {
  rtt: ["p50_us", "p99_us", "server_cpu_us_per_rt"],
  pairing: ["pairings_per_s", "p50_ms", "p99_ms"],
  capacity: ["rss_kb_per_socket", "connects_per_s"],
  throughput: ["messages_per_s", "server_cpu_us_per_msg"],
};

describe("npm run bench -- --smoke", () => {
  it("measures every target on every figure and writes the JSON", { timeout: 480_000 }, async () => {
    const run = await runSmoke();
    expect(run.code, `bench exited ${run.code}\n${run.stdout}\n${run.stderr}`).toBe(0);
    const result = JSON.parse(readFileSync(OUT, "utf8")) as BenchResult;
    expect(result.mode).toBe("smoke");
    expect(result.runs.filter((r) => r.error).map((r) => `${r.scenario}/${r.target}: ${r.error}`)).toEqual([]);
    for (const [scenario, keys] of Object.entries(FIGURES)) {
      for (const target of ["floor", "peerjs", "socketio", "codecam"] as const) {
        const figures = result.medians[scenario as keyof typeof result.medians]?.[target];
        expect(figures, `${scenario}/${target}`).toBeDefined();
        for (const key of keys) {
          const value = figures![key];
          // 50 idle sockets move RSS by less than the server's own page reclaim and GC can: in a smoke run the
          // per-socket RSS is only required to be measured, not positive (the full run uses thousands).
          const ok = key === "rss_kb_per_socket" ? Number.isFinite(value) : Number.isFinite(value) && value! > 0;
          expect(ok, `${scenario}/${target}.${key} = ${value}`).toBe(true);
        }
      }
    }
    // Figure 5: Chromium with the fake camera, against the camera and viewer pages, on loopback and over the
    // emulated phone link.
    for (const key of ["firstFrame", "firstFrameWifi"]) {
      const outcome = result.sections[key];
      expect(outcome && "error" in outcome ? outcome.error : undefined, key).toBeUndefined();
      const ff = (outcome as { data: FirstFrameResult }).data;
      expect(ff.runs.length, key).toBeGreaterThan(0);
      for (const r of ff.runs) {
        expect(Number.isFinite(r.openToFrameMs) && r.openToFrameMs > 0, `${key}: open → frame ${r.openToFrameMs}`).toBe(
          true,
        );
        expect(Number.isFinite(r.joinToFrameMs) && r.joinToFrameMs > 0, `${key}: join → frame ${r.joinToFrameMs}`).toBe(
          true,
        );
        expect(r.frameWidth).toBeGreaterThan(0);
      }
    }
    expect((result.sections.firstFrameWifi as { data: FirstFrameResult }).data.link?.latencyMs).toBeGreaterThan(0);
    // The table printed for people has a row per figure, with a codecam value and a ratio to the floor.
    for (const row of result.rows.filter((r) => r.scenario !== "firstframe")) {
      expect(Number.isFinite(row.codecamRatio) && row.codecamRatio! > 0, `${row.figure} ratio`).toBe(true);
    }
    expect(run.stdout).toContain("codecam/floor");
  });
});
