// Figure 5, time to first frame, in Chromium with the fake camera:
//   a viewer waits on /viewer?code=NNNNNN (joined); then the camera page /camera?code=NNNNNN&autostart=1#v=… (the
//   viewer's QR link, so the laptop is verified with no question, as after a scan) is opened in a fresh phone-like context, and we time from the camera page's navigation start
//   (performance.timeOrigin) to the viewer's first presented video frame (requestVideoFrameCallback, with a
//   5 ms poll of getVideoPlaybackQuality()/readyState as a fallback), and from the camera's join_room_success
//   (the first Socket.IO frame carrying its token) to that frame.
// Timestamps are taken inside the pages as epoch milliseconds (timeOrigin + now), so Playwright's own
// round trips are not in the figures. One unmeasured warm-up run precedes the measured ones.
// The pieces are in bench/firstframe/: the pages' marks (instrument.ts), the browser and pages (pages.ts), one run
// (run.ts) and the result's shape (result.ts); this module runs them and takes the medians.
import { chromium, type Browser } from "playwright-core";
import type { LinkConditions } from "./link.js";
import { CHROMIUM } from "./meta.js";
import { CHROMIUM_ARGS, preparePages } from "./firstframe/pages.js";
import type { FirstFrameResult } from "./firstframe/result.js";
import { oneRun } from "./firstframe/run.js";
import { startServer } from "./servers.js";
import { median } from "./stats.js";

// What bench/glass and the experiments reuse, from where they have always imported it.
export { CHROMIUM_ARGS, newContext, preparePages, qrFragment } from "./firstframe/pages.js";
export { oneRun } from "./firstframe/run.js";

export interface FirstFrameOptions {
  runs: number;
  fromSource: boolean;
  /** Build the pages into a temporary directory first (smoke / from-source: dist/client may be stale or absent). */
  buildClient: boolean;
  timeoutMs?: number;
  /** The camera page's link (its page loads and its signaling socket); loopback when absent. */
  link?: LinkConditions;
  /** Called before each run (e.g. to wait for a quiet machine). */
  beforeRun?: () => Promise<unknown>;
}

export async function measureFirstFrame(opts: FirstFrameOptions): Promise<FirstFrameResult> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const { staticDir, cleanup } = preparePages(opts.buildClient);
  const server = await startServer("codecam", {
    fromSource: opts.fromSource,
    env: { STATIC_DIR: staticDir, PUBLIC_URL: "" },
  });
  let browser: Browser | undefined;
  const result: FirstFrameResult = {
    ...(opts.link ? { link: opts.link } : {}),
    runs: [],
    errors: [],
    openToFrameP50Ms: Number.NaN,
    joinToFrameP50Ms: Number.NaN,
    openToJoinP50Ms: Number.NaN,
  };
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const warmup = opts.runs > 1 ? 1 : 0;
    const total = opts.runs + warmup;
    for (let i = 0; i < total; i++) {
      try {
        await opts.beforeRun?.();
        const run = await oneRun(browser, server.baseUrl, timeoutMs, opts.link);
        if (i < warmup) continue; // warm-up (browser and server first use), not counted
        result.runs.push(run);
      } catch (err) {
        result.errors.push(err instanceof Error ? err.message.split("\n")[0]! : String(err));
      }
      if (result.errors.length >= 3 && result.runs.length === 0) break;
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    cleanup();
  }
  if (result.runs.length === 0) throw new Error(`no run produced a frame: ${result.errors.join("; ")}`);
  result.openToFrameP50Ms = median(result.runs.map((r) => r.openToFrameMs));
  result.joinToFrameP50Ms = median(result.runs.map((r) => r.joinToFrameMs));
  result.openToJoinP50Ms = median(result.runs.map((r) => r.openToJoinMs));
  const keys = new Map<string, { page: string; name: string }>();
  for (const r of result.runs)
    for (const e of r.timeline) keys.set(`${e.page}/${e.name}`, { page: e.page, name: e.name });
  result.timeline = [...keys.entries()]
    .map(([key, { page, name }]) => {
      const hits = result.runs
        .map((r) => r.timeline.find((e) => `${e.page}/${e.name}` === key))
        .filter((e) => e !== undefined);
      return { page, name, ms: median(hits.map((e) => e.ms)), count: median(hits.map((e) => e.count)) };
    })
    .sort((a, b) => a.ms - b.ms);
  return result;
}
