// Figure 5, time to first frame, in Chromium with the fake camera:
//   a viewer waits on /viewer?code=NNNNNN (joined); then the camera page /camera?code=NNNNNN&autostart=1#v=… (the
//   viewer's QR link, so the laptop is verified with no question, as after a scan) is opened in a fresh phone-like context, and we time from the camera page's navigation start
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
import type { LinkConditions } from "./link.js";
import { CHROMIUM } from "./meta.js";
import type { FirstFrameResult } from "./report.js";
import { ROOT, startServer } from "./servers.js";
import { median } from "./stats.js";

/**
 * The e2e suite's Chromium flags (e2e/browser-env.ts) with one fake camera, and without the browser's own omnibox
 * popup, whose chrome:// renderer would compete with the pages for 2 cores (docs/decisions/008).
 */
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
  "--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup,PreloadTopChromeWebUI",
];

interface Marks {
  jsBytes?: number;
  cssBytes?: number;
  events: Record<string, number>;
  counts: Record<string, number>;
  joinAt: number | null;
  frameAt: number | null;
  frameHow: string | null;
  frameSize: [number, number] | null;
  timeOrigin: number;
}

/**
 * Runs in every page before its scripts: records join_room_success and the first video frame in window.__bench.
 * Plain JavaScript in a string: a TypeScript function would be serialized as tsx compiled it (with helpers such
 * as __name that do not exist in the page).
 */
const INSTRUMENT = `(() => {
  const marks = { joinAt: null, frameAt: null, frameHow: null, frameSize: null, timeOrigin: performance.timeOrigin, events: {}, counts: {} };
  window.__bench = marks;
  const now = () => performance.timeOrigin + performance.now();
  // First time each milestone happens (epoch ms), and how often: the first-frame breakdown.
  const mark = (name) => {
    marks.counts[name] = (marks.counts[name] || 0) + 1;
    if (!(name in marks.events)) marks.events[name] = now();
  };
  const eventOf = (data) => {
    if (typeof data !== "string") return null;
    const m = /^4([23])\\d*\\[(?:"([a-z_]+)")?/.exec(data);
    return m ? (m[1] === "3" ? "ack" : m[2]) : null;
  };
  const Native = window.WebSocket;
  class BenchWebSocket extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      mark("ws: new");
      this.addEventListener("open", () => mark("ws: open"));
      this.addEventListener("message", (e) => {
        // join_room_success, as an event or as the join_room ack: the only reply that carries a token.
        if (marks.joinAt === null && typeof e.data === "string" && e.data.includes('"ok":true') && e.data.includes('"token"')) {
          marks.joinAt = now();
          mark("joined");
        }
        const ev = eventOf(e.data);
        if (ev) mark("recv " + ev);
      });
    }
    send(data) {
      const ev = eventOf(data);
      if (ev) mark("send " + ev);
      return super.send(data);
    }
  }
  window.WebSocket = BenchWebSocket;
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      mark("getUserMedia: called");
      const stream = await gum(c);
      mark("getUserMedia: resolved");
      return stream;
    };
  }
  if (window.RTCPeerConnection) {
    const NativePc = window.RTCPeerConnection;
    class BenchPc extends NativePc {
      constructor(...args) {
        super(...args);
        mark("pc: created");
        this.addEventListener("connectionstatechange", () => mark("pc: " + this.connectionState));
        this.addEventListener("track", (e) => mark("pc: track " + e.track.kind));
      }
      async setRemoteDescription(d) {
        if (d && d.type) mark("pc: setRemoteDescription " + d.type);
        return super.setRemoteDescription(d);
      }
    }
    window.RTCPeerConnection = BenchPc;
  }
  document.addEventListener("DOMContentLoaded", () => mark("page: DOMContentLoaded"));
  window.addEventListener("load", () => mark("page: load"));
  const frame = (how, width, height) => {
    if (marks.frameAt !== null) return;
    marks.frameAt = now();
    marks.frameHow = how;
    marks.frameSize = [width, height];
    mark("video: first frame");
  };
  const hooked = new WeakSet();
  const timer = setInterval(() => {
    for (const v of Array.from(document.querySelectorAll("video"))) {
      if (!hooked.has(v)) {
        hooked.add(v);
        if ("requestVideoFrameCallback" in v) {
          v.requestVideoFrameCallback((_t, meta) => frame("requestVideoFrameCallback", meta.width, meta.height));
        }
        v.addEventListener("loadedmetadata", () => mark("video: loadedmetadata"));
      }
      const decoded = v.getVideoPlaybackQuality ? v.getVideoPlaybackQuality().totalVideoFrames : 0;
      if (decoded > 0 && v.videoWidth > 0) frame("getVideoPlaybackQuality", v.videoWidth, v.videoHeight);
    }
    if (marks.frameAt !== null) clearInterval(timer);
  }, 5);
})();`;

async function marks(page: Page): Promise<Marks> {
  const m = await page.evaluate(() => {
    const bench = (window as unknown as { __bench: Marks }).__bench;
    // Navigation and resource timing (ms after timeOrigin): where page loading time goes.
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const res = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const scripts = res.filter((r) => r.initiatorType === "script" || r.name.endsWith(".js"));
    return {
      bench,
      nav: nav
        ? { responseStart: nav.responseStart, responseEnd: nav.responseEnd, domInteractive: nav.domInteractive }
        : undefined,
      scriptsEnd: scripts.length ? Math.max(...scripts.map((r) => r.responseEnd)) : undefined,
      jsBytes: res.filter((r) => r.name.endsWith(".js")).reduce((n, r) => n + (r.encodedBodySize || 0), 0),
      cssBytes: res.filter((r) => r.name.endsWith(".css")).reduce((n, r) => n + (r.encodedBodySize || 0), 0),
    };
  });
  const add = (name: string, offset: number | undefined) => {
    if (offset !== undefined && offset > 0) m.bench.events[name] = m.bench.timeOrigin + offset;
  };
  add("nav: first byte of HTML", m.nav?.responseStart);
  add("nav: HTML loaded", m.nav?.responseEnd);
  add("nav: scripts loaded", m.scriptsEnd);
  add("nav: DOM interactive", m.nav?.domInteractive);
  m.bench.counts["nav: scripts loaded"] = m.jsBytes;
  m.bench.jsBytes = m.jsBytes;
  m.bench.cssBytes = m.cssBytes;
  return m.bench;
}

export async function newContext(browser: Browser, baseURL: string, phone: boolean): Promise<BrowserContext> {
  const ctx = await browser.newContext({
    baseURL,
    permissions: ["camera", "microphone"],
    ...(phone
      ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1366, height: 768 } }),
  });
  await ctx.addInitScript({ content: INSTRUMENT });
  return ctx;
}

/** Puts the page's own traffic (page loads, WebSocket) through Chromium's network emulation; before it navigates. */
async function emulateLink(context: BrowserContext, page: Page, link: LinkConditions): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: link.latencyMs,
    downloadThroughput: link.downloadBps / 8,
    uploadThroughput: link.uploadBps / 8,
  });
}

/**
 * The `#v=…` fragment of the viewer's QR link, read from its share field once it is joined: the camera page opened
 * with it streams to that laptop with no question (docs/SECURITY.md), as a phone that scanned the QR code does.
 */
export async function qrFragment(viewer: Page, timeoutMs: number): Promise<string> {
  const link = await viewer.waitForFunction(
    () => {
      const value = (document.getElementById("share-link") as HTMLInputElement | null)?.value ?? "";
      return value.includes("#v=") ? value : false;
    },
    undefined,
    { timeout: timeoutMs },
  );
  return new URL(String(await link.jsonValue())).hash;
}

export async function oneRun(browser: Browser, baseURL: string, timeoutMs: number, link?: LinkConditions) {
  const res = await fetch(`${baseURL}/api/code/generate`, { method: "POST" });
  if (res.status !== 201) throw new Error(`generate: HTTP ${res.status}`);
  const { code } = (await res.json()) as { code: string };
  const viewerCtx = await newContext(browser, baseURL, false);
  const cameraCtx = await newContext(browser, baseURL, true);
  try {
    const viewer = await viewerCtx.newPage();
    await viewer.goto(`/viewer?code=${code}`);
    await viewer.waitForFunction(() => (window as unknown as { __bench: Marks }).__bench.joinAt !== null, undefined, {
      timeout: timeoutMs,
    });
    const fragment = await qrFragment(viewer, timeoutMs);
    const camera = await cameraCtx.newPage();
    if (link) await emulateLink(cameraCtx, camera, link);
    await camera.goto(`/camera?code=${code}&autostart=1${fragment}`);
    await viewer.waitForFunction(() => (window as unknown as { __bench: Marks }).__bench.frameAt !== null, undefined, {
      timeout: timeoutMs,
      polling: 20,
    });
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
      cameraJsBytes: cam.jsBytes ?? 0,
      viewerJsBytes: view.jsBytes ?? 0,
      // Milestones in ms from the camera page's navigation start, both pages on one axis.
      timeline: [
        ...Object.entries(cam.events).map(([name, t]) => ({
          page: "camera",
          name,
          ms: t - cam.timeOrigin,
          count: cam.counts[name] ?? 1,
        })),
        ...Object.entries(view.events)
          .filter(([, t]) => t >= cam.timeOrigin)
          .map(([name, t]) => ({ page: "viewer", name, ms: t - cam.timeOrigin, count: view.counts[name] ?? 1 })),
      ].sort((a, b) => a.ms - b.ms),
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
  /** The camera page's link (its page loads and its signaling socket); loopback when absent. */
  link?: LinkConditions;
  /** Called before each run (e.g. to wait for a quiet machine). */
  beforeRun?: () => Promise<unknown>;
}

/** The built pages: dist/client, or (buildClient) a fresh build in a temporary directory that cleanup() removes. */
export function preparePages(buildClient: boolean): { staticDir: string; cleanup(): void } {
  let staticDir = path.join(ROOT, "dist/client");
  let tmp: string | undefined;
  if (buildClient) {
    for (const page of ["camera.html", "viewer.html"]) {
      if (!existsSync(path.join(ROOT, "client", page)))
        throw new Error(`client/${page} does not exist yet (the camera and viewer pages are needed)`);
    }
    tmp = mkdtempSync(path.join(os.tmpdir(), "codecam-bench-client-"));
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, "node_modules/vite/bin/vite.js"),
        "build",
        "--config",
        "client/vite.config.ts",
        "--outDir",
        tmp,
        "--emptyOutDir",
        "--logLevel",
        "error",
      ],
      {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "pipe"],
        timeout: 180_000,
      },
    );
    staticDir = tmp;
  }
  const cleanup = () => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  };
  for (const page of ["camera.html", "viewer.html"]) {
    if (!existsSync(path.join(staticDir, page))) {
      cleanup();
      throw new Error(
        `${path.relative(ROOT, path.join(staticDir, page))} is missing: the pages are not built (npm run build:client)`,
      );
    }
  }
  return { staticDir, cleanup };
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
