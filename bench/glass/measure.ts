// Glass to glass (issue 20): the delay from a frame's capture on the camera page to the viewer presenting it, for
// every frame, by the index each frame carries (pattern.ts, clip.ts). codecam's pages and the floor (two bare
// RTCPeerConnections in two pages, signaled through Playwright, no server anywhere) run in one Chromium, so one
// clock, in interleaved rounds, on loopback and over shaped links (shape.ts). The pages record (instrument.ts);
// analyze.ts turns the records into figures.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { CHROMIUM_ARGS, preparePages } from "../firstframe.js";
import { CHROMIUM } from "../meta.js";
import { startServer } from "../servers.js";
import { writeClip } from "./clip.js";
import type { OverlayReading } from "./overlay.js";
import { CLIP } from "./pattern.js";
import { LOOPBACK, shapeLoopback, type Shaper } from "./shape.js";
import type { GlassOptions, GlassRun, GlassResult } from "./model.js";
import { oneRun } from "./one-run.js";
import { summarize } from "./summary.js";

export * from "./model.js";
export { summarize } from "./summary.js";
export { traceOf } from "./page-records.js";

export async function measureGlass(o: GlassOptions): Promise<GlassResult> {
  const log = o.log ?? (() => {});
  const tmp = mkdtempSync(path.join(os.tmpdir(), "codecam-glass-"));
  const clipFile = path.join(tmp, "clip.y4m");
  const pages = preparePages(o.buildClient);
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  const runs: GlassRun[] = [];
  const errors: string[] = [];
  const secondsByLink: Record<string, number> = {};
  try {
    writeClip(clipFile, { seconds: o.clipSeconds });
    server = await startServer("codecam", {
      fromSource: o.fromSource,
      env: { STATIC_DIR: pages.staticDir, PUBLIC_URL: "" },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${clipFile}`],
    });
    for (const link of o.links) {
      const seconds = o.secondsByLink?.[link.name] ?? o.seconds;
      secondsByLink[link.name] = seconds;
      let shaper: Shaper | undefined;
      try {
        if (link.rateMbit !== undefined) shaper = shapeLoopback(link.rateMbit);
      } catch (err) {
        errors.push(`${link.name}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      try {
        for (let round = 0; round < o.rounds; round++) {
          // Rotate who goes first, so a slow phase of the shared machine hits every variant.
          const order = o.variants.map((_, i) => o.variants[(i + round) % o.variants.length]!);
          for (const [slot, variant] of order.entries()) {
            await o.beforeRun?.();
            const base = { variant: variant.name, target: variant.target, link: link.name, round: round + 1, slot };
            try {
              const run = { ...base, ...(await oneRun(browser, server.baseUrl, variant, seconds, o, shaper)) };
              runs.push(run);
              const f = run.figures!;
              log(
                `  glass ${link.name} round ${round + 1} ${variant.name}: mean ${f.meanMs.toFixed(1)} ms, p50 ${f.p50Ms.toFixed(1)}, p95 ${f.p95Ms.toFixed(1)}, p99 ${f.p99Ms.toFixed(1)} (${f.frames} frames, ${f.fps.toFixed(1)} fps, ${f.width}×${f.height}, stalls ${f.stalls})${overlayNote(run.overlay, f.p50Ms)}`,
              );
            } catch (err) {
              const error = err instanceof Error ? err.message.split("\n")[0]! : String(err);
              runs.push({ ...base, error });
              log(`  glass ${link.name} round ${round + 1} ${variant.name}: failed: ${error}`);
            }
          }
        }
      } finally {
        shaper?.remove();
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    pages.cleanup();
    rmSync(tmp, { recursive: true, force: true });
  }
  const summaries = summarize(runs, secondsByLink);
  if (summaries.length === 0)
    throw new Error(`no run measured a frame: ${[...errors, ...runs.map((r) => r.error).filter(Boolean)].join("; ")}`);
  return {
    clip: { width: CLIP.width, height: CLIP.height, fps: CLIP.fps, seconds: o.clipSeconds },
    rounds: o.rounds,
    warmupSeconds: o.warmupSeconds,
    secondsByLink,
    runs,
    summaries,
    errors,
  };
}

/** The stats panel's figure beside frame identity's p50, for the console. */
function overlayNote(o: OverlayReading | undefined, p50Ms: number): string {
  if (!o) return "";
  if (o.medianMs === undefined) return `; overlay — (${o.dashes} readings)`;
  const diff = o.medianMs - p50Ms;
  return `; overlay ${o.medianMs.toFixed(0)} ms (${diff >= 0 ? "+" : ""}${diff.toFixed(1)} vs p50, ${o.figures} readings)`;
}

export { LOOPBACK };
