// Figure 5, time to first frame, in Chromium with the fake camera:
//   a viewer waits on /viewer?code=NNNNNN (joined); then the camera page /camera?code=NNNNNN&autostart=1 is
//   opened in a fresh phone-like context, and we time from the camera page's navigation start
//   (performance.timeOrigin) to the viewer's first presented video frame (requestVideoFrameCallback, with a
//   5 ms poll of getVideoPlaybackQuality()/readyState as a fallback), and from the camera's join_room_success
//   (the first Socket.IO frame carrying its token) to that frame.
// Timestamps are taken inside the pages as epoch milliseconds (timeOrigin + now), so Playwright's own
// round trips are not in the figures. One unmeasured warm-up run precedes the measured ones.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM } from "./meta.js";
import type { FirstFrameResult } from "./report.js";
import { ROOT, startServer } from "./servers.js";
import { median } from "./stats.js";

/** The e2e suite's Chromium flags (e2e/playwright.config.ts, from .notes/CONTEXT.md). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--use-fake-device-for-media-stream",
  "--use-fake-ui-for-media-stream",
  "--allow-loopback-in-peer-connection",
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
];

interface Marks {
  joinAt: number | null;
  frameAt: number | null;
  frameHow: string | null;
  frameSize: [number, number] | null;
  timeOrigin: number;
}

/** Runs in every page before its scripts: records join_room_success and the first video frame. */
function instrument(): void {
  const w = window as unknown as { __bench: Marks };
  const marks: Marks = { joinAt: null, frameAt: null, frameHow: null, frameSize: null, timeOrigin: performance.timeOrigin };
  w.__bench = marks;
  const now = () => performance.timeOrigin + performance.now();
  const Native = window.WebSocket;
  class BenchWebSocket extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener("message", (e: MessageEvent) => {
        // join_room_success, as an event or as the join_room ack: the only reply that carries a token.
        if (marks.joinAt === null && typeof e.data === "string" && e.data.includes('"ok":true') && e.data.includes('"token"')) {
          marks.joinAt = now();
        }
      });
    }
  }
  window.WebSocket = BenchWebSocket as typeof WebSocket;
  const frame = (how: string, width: number, height: number) => {
    if (marks.frameAt !== null) return;
    marks.frameAt = now();
    marks.frameHow = how;
    marks.frameSize = [width, height];
  };
  const hooked = new WeakSet<HTMLVideoElement>();
  const timer = setInterval(() => {
    for (const v of Array.from(document.querySelectorAll("video"))) {
      if (!hooked.has(v)) {
        hooked.add(v);
        if ("requestVideoFrameCallback" in v) {
          v.requestVideoFrameCallback((_t, meta) => frame("requestVideoFrameCallback", meta.width, meta.height));
        }
      }
      const decoded = v.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
      if (decoded > 0 && v.videoWidth > 0) frame("getVideoPlaybackQuality", v.videoWidth, v.videoHeight);
    }
    if (marks.frameAt !== null) clearInterval(timer);
  }, 5);
}

async function marks(page: Page): Promise<Marks> {
  return page.evaluate(() => (window as unknown as { __bench: Marks }).__bench);
}

async function newContext(browser: Browser, baseURL: string, phone: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL,
    permissions: ["camera", "microphone"],
    ...(phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1366, height: 768 } }),
  });
  await ctx.addInitScript(instrument);
  return ctx;
}

async function oneRun(browser: Browser, baseURL: string, timeoutMs: number) {
  const res = await fetch(`${baseURL}/api/code/generate`, { method: "POST" });
  if (res.status !== 201) throw new Error(`generate: HTTP ${res.status}`);
  const { code } = (await res.json()) as { code: string };
  const viewerCtx = await newContext(browser, baseURL, false);
  const cameraCtx = await newContext(browser, baseURL, true);
  try {
    const viewer = await viewerCtx.newPage();
    await viewer.goto(`/viewer?code=${code}`);
    await viewer.waitForFunction(() => (window as unknown as { __bench: Marks }).__bench.joinAt !== null, undefined, { timeout: timeoutMs });
    const camera = await cameraCtx.newPage();
    await camera.goto(`/camera?code=${code}&autostart=1`);
    await viewer.waitForFunction(() => (window as unknown as { __bench: Marks }).__bench.frameAt !== null, undefined, { timeout: timeoutMs, polling: 20 });
    const cam = await marks(camera);
    const view = await marks(viewer);
    if (cam.joinAt === null) throw new Error("camera page: no join_room_success seen");
    return {
      openToFrameMs: view.frameAt! - cam.timeOrigin,
      joinToFrameMs: view.frameAt! - cam.joinAt,
      openToJoinMs: cam.joinAt - cam.timeOrigin,
      frameWidth: view.frameSize?.[0] ?? 0,
      frameHeight: view.frameSize?.[1] ?? 0,
      how: view.frameHow,
    };
  } finally {
    await Promise.all([viewerCtx.close(), cameraCtx.close()]);
  }
}

export interface FirstFrameOptions {
  runs: number;
  fromSource: boolean;
  /** Build the pages into a temporary directory first (smoke / from-source: dist/client may be stale or absent). */
  buildClient: boolean;
  timeoutMs?: number;
}

export async function measureFirstFrame(opts: FirstFrameOptions): Promise<FirstFrameResult> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  let staticDir = path.join(ROOT, "dist/client");
  let tmp: string | undefined;
  if (opts.buildClient) {
    for (const page of ["camera.html", "viewer.html"]) {
      if (!existsSync(path.join(ROOT, "client", page))) throw new Error(`client/${page} does not exist yet (the camera and viewer pages are needed)`);
    }
    tmp = mkdtempSync(path.join(os.tmpdir(), "codecam-bench-client-"));
    execFileSync(process.execPath, [path.join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--config", "client/vite.config.ts", "--outDir", tmp, "--emptyOutDir", "--logLevel", "error"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 180_000,
    });
    staticDir = tmp;
  }
  for (const page of ["camera.html", "viewer.html"]) {
    if (!existsSync(path.join(staticDir, page))) throw new Error(`${path.relative(ROOT, path.join(staticDir, page))} is missing: the pages are not built (npm run build:client)`);
  }
  const server = await startServer("codecam", { fromSource: opts.fromSource, env: { STATIC_DIR: staticDir, PUBLIC_URL: "" } });
  let browser: Browser | undefined;
  const result: FirstFrameResult = { runs: [], errors: [], openToFrameP50Ms: Number.NaN, joinToFrameP50Ms: Number.NaN, openToJoinP50Ms: Number.NaN };
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const warmup = opts.runs > 1 ? 1 : 0;
    const total = opts.runs + warmup;
    for (let i = 0; i < total; i++) {
      try {
        const run = await oneRun(browser, server.baseUrl, timeoutMs);
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
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  if (result.runs.length === 0) throw new Error(`no run produced a frame: ${result.errors.join("; ")}`);
  result.openToFrameP50Ms = median(result.runs.map((r) => r.openToFrameMs));
  result.joinToFrameP50Ms = median(result.runs.map((r) => r.joinToFrameMs));
  result.openToJoinP50Ms = median(result.runs.map((r) => r.openToJoinMs));
  return result;
}
