// Glass to glass (issue 20): the delay from a frame's capture on the camera page to the viewer presenting it, for
// every frame, by the index each frame carries (pattern.ts, clip.ts). codecam's pages and the floor (two bare
// RTCPeerConnections in two pages, signaled through Playwright, no server anywhere) run in one Chromium, so one
// clock, in interleaved rounds, on loopback and over shaped links (shape.ts). The pages record (instrument.ts);
// analyze.ts turns the records into figures.
import { mkdtempSync, rmSync } from "node:fs";
import os, { availableParallelism } from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { CHROMIUM_ARGS, newContext, preparePages, qrFragment } from "../firstframe.js";
import { START_BITRATE_KBPS } from "../../client/lib/rtc/start-bitrate.js";
import { CHROMIUM } from "../meta.js";
import { machineCpuMs } from "../proc.js";
import { startServer } from "../servers.js";
import { median, round } from "../stats.js";
import { analyze, type GlassFigures, MAX_AGE_MS, mean } from "./analyze.js";
import { writeClip } from "./clip.js";
import { initScript, type Levers, type Role } from "./instrument.js";
import { type OverlayReading, readOverlay, watchOverlay } from "./overlay.js";
import { CLIP } from "./pattern.js";
import { LOOPBACK, type ShapedLink, shapeLoopback, type Shaper } from "./shape.js";

export type GlassTarget = "codecam" | "floor";

/** One thing measured: a target, and the levers applied to it (none: as shipped / browser defaults). */
export interface Variant {
  name: string;
  target: GlassTarget;
  levers?: Levers;
  /** codecam: more of the viewer's address after `?code=NNNNNN` (a setting the product itself offers). */
  viewerParams?: string;
}

export const CODECAM: Variant = { name: "codecam", target: "codecam" };
/**
 * codecam with the viewer's Low delay setting on, through the product's own path: `&delay=low` in the viewer's
 * address, so the phone scales that laptop's video down to 360 lines (client/lib/rtc/low-delay.ts).
 */
export const CODECAM_LOW_DELAY: Variant = { name: "codecam, low delay", target: "codecam", viewerParams: "&delay=low" };
export const FLOOR: Variant = { name: "floor", target: "floor" };
/**
 * The floor starting at codecam's start bitrate (client/lib/rtc/start-bitrate.ts): with the browser's default
 * 300 kbps start the floor spends its first seconds at a quarter of the pixels, so this one shows the floor at the
 * resolution codecam sends. Context, not the target's reference: ratios stay to the floor with defaults.
 */
export const FLOOR_SAME_START: Variant = {
  name: "floor, 1 Mbit/s start",
  target: "floor",
  levers: { startBitrateKbps: START_BITRATE_KBPS },
};

export interface GlassOptions {
  variants: Variant[];
  links: ShapedLink[];
  rounds: number;
  /** Seconds measured per run, after warm-up; per link when given there. */
  seconds: number;
  secondsByLink?: Record<string, number>;
  /** Seconds of streaming before the measured window (the bandwidth estimate ramps up). */
  warmupSeconds: number;
  /** Length of the clip (it loops). */
  clipSeconds: number;
  fromSource: boolean;
  buildClient: boolean;
  beforeRun?: () => Promise<unknown>;
  log?: (line: string) => void;
  /** Keep each run's raw records, and (floor) time a data-channel ping every 100 ms: inputs for unit tests. */
  keepRecords?: boolean;
}

/** A run's raw records (keepRecords): the pages' flat arrays, the window, and the floor's ping exchanges. */
export interface GlassRecords {
  cam: number[];
  view: number[];
  from: number;
  to: number;
  /** [t0, t1, t2, t3] per exchange: viewer sends, camera receives and replies, viewer receives (epoch ms). */
  pings: number[][];
}

export interface StatsEntry {
  "inbound-rtp"?: Record<string, unknown>;
  "outbound-rtp"?: Record<string, unknown>;
  path?: { local: string; remote: string; rttMs: number | null; availableOutgoingBitrate: number | null };
}

export interface GlassRun {
  variant: string;
  target: GlassTarget;
  link: string;
  round: number;
  /** Position in its round (0: ran first). */
  slot: number;
  figures?: GlassFigures;
  /** codecam: the delay its viewer's stats panel showed in the window (overlay.ts). */
  overlay?: OverlayReading;
  /** Per-frame means over the window from getStats: where the time goes inside the browser. */
  trace?: Trace;
  codec?: string;
  path?: string;
  applied?: Record<string, unknown>;
  records?: GlassRecords;
  /** Bytes through the shaper during the run (shaped links only). */
  shapedBytes?: number;
  shapedDrops?: number;
  /** Share of all cores busy (every process, ours included, plus steal) during the window, and load average. */
  machineBusy?: number;
  loadavg?: number;
  /** What the pages logged as failed (missing APIs and such). */
  pageErrors?: string[];
  error?: string;
}

export interface Trace {
  encodeMs?: number;
  packetSendDelayMs?: number;
  jitterBufferMs?: number;
  jitterBufferTargetMs?: number;
  decodeMs?: number;
  processingMs?: number;
  qualityLimitation?: string;
  framesDroppedViewer?: number;
  freezes?: number;
  freezesMs?: number;
  nacks?: number;
  plis?: number;
  keyFramesEncoded?: number;
  packetsLost?: number;
  kbps?: number;
}

/** Means over a variant's rounds on one link, and its ratios to the floor's. */
export interface GlassSummary
  extends Omit<GlassFigures, "frames" | "unreadable" | "unmatched" | "maxMs" | "cameraFps"> {
  variant: string;
  link: string;
  rounds: number;
  /** Each round's mean, to show how much they move. */
  roundMeans: number[];
  /** codecam: the mean over rounds of the stats panel's median delay in the window. */
  overlayMs?: number;
  ratio?: { meanMs: number; p50Ms: number; p95Ms: number; p99Ms: number };
  trace: Trace;
  seconds: number;
}

export interface GlassResult {
  clip: { width: number; height: number; fps: number; seconds: number };
  rounds: number;
  warmupSeconds: number;
  secondsByLink: Record<string, number>;
  runs: GlassRun[];
  summaries: GlassSummary[];
  errors: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FLOOR_HTML = `<!doctype html><html><head><meta name="viewport" content="width=device-width"><style>
html,body{margin:0;height:100%;background:#000}video{width:100%;height:100%;object-fit:contain;display:block}
</style></head><body><video autoplay playsinline muted></video></body></html>`;
const FLOOR_URL = "http://localhost/glass-floor";

/** The camera page's constraints, as codecam's camera asks for 720p at 30 fps (client/lib/media/media.ts). */
const CONSTRAINTS = {
  video: { width: { ideal: CLIP.width }, height: { ideal: CLIP.height }, frameRate: { ideal: CLIP.fps } },
  audio: false,
};

async function context(browser: Browser, role: Role, levers: Levers, baseURL?: string): Promise<BrowserContext> {
  const phone = role === "camera";
  // codecam's contexts come from the first-frame figure (same devices, its milestones recorded too).
  const ctx = baseURL
    ? await newContext(browser, baseURL, phone)
    : await browser.newContext({
        permissions: ["camera", "microphone"],
        ...(phone
          ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
          : { viewport: { width: 1366, height: 768 } }),
      });
  await ctx.addInitScript({ content: initScript(role, levers) });
  if (!baseURL) await ctx.route(FLOOR_URL, (route) => route.fulfill({ contentType: "text/html", body: FLOOR_HTML }));
  return ctx;
}

interface Session {
  camera: Page;
  viewer: Page;
  close(): Promise<void>;
}

/** codecam as a person uses it: the viewer opens its code, the camera page joins it and starts. */
async function openCodecam(browser: Browser, baseURL: string, variant: Variant, timeoutMs: number): Promise<Session> {
  const levers = variant.levers ?? {};
  const res = await fetch(`${baseURL}/api/code/generate`, { method: "POST" });
  if (res.status !== 201) throw new Error(`generate: HTTP ${res.status}`);
  const { code } = (await res.json()) as { code: string };
  const viewerCtx = await context(browser, "viewer", levers, baseURL);
  const cameraCtx = await context(browser, "camera", levers, baseURL);
  const close = async () => {
    await Promise.all([viewerCtx.close(), cameraCtx.close()]).catch(() => {});
  };
  try {
    const viewer = await viewerCtx.newPage();
    await viewer.goto(`/viewer?code=${code}${variant.viewerParams ?? ""}`);
    await viewer.waitForFunction(() => (window as unknown as GlassWindow).__bench?.joinAt != null, undefined, {
      timeout: timeoutMs,
    });
    const fragment = await qrFragment(viewer, timeoutMs);
    const camera = await cameraCtx.newPage();
    await camera.goto(`/camera?code=${code}&autostart=1${fragment}`);
    return { camera, viewer, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The floor: getUserMedia → RTCPeerConnection → RTCPeerConnection → <video>, default settings, no server. */
async function openFloor(browser: Browser, levers: Levers, pings: boolean): Promise<Session> {
  const viewerCtx = await context(browser, "viewer", levers);
  const cameraCtx = await context(browser, "camera", levers);
  const close = async () => {
    await Promise.all([viewerCtx.close(), cameraCtx.close()]).catch(() => {});
  };
  try {
    const viewer = await viewerCtx.newPage();
    const camera = await cameraCtx.newPage();
    await Promise.all([viewer.goto(FLOOR_URL), camera.goto(FLOOR_URL)]);
    // Whole descriptions, candidates included (no trickle): Playwright carries them, nothing else.
    const gathered = `new Promise((resolve) => {
      if (pc.iceGatheringState === "complete") return resolve();
      pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
    })`;
    const offer = await camera.evaluate(`(async () => {
      const stream = await navigator.mediaDevices.getUserMedia(${JSON.stringify(CONSTRAINTS)});
      document.querySelector("video").srcObject = stream;
      const pc = new RTCPeerConnection();
      window.__floorPc = pc;
      for (const track of stream.getTracks()) pc.addTrack(track, stream);
      if (${pings}) {
        const dc = pc.createDataChannel("ping");
        dc.onmessage = (e) => {
          const t1 = performance.timeOrigin + performance.now();
          const t0 = JSON.parse(e.data).t0;
          dc.send(JSON.stringify({ t0, t1, t2: performance.timeOrigin + performance.now() }));
        };
      }
      await pc.setLocalDescription(await pc.createOffer());
      await ${gathered};
      return pc.localDescription.sdp;
    })()`);
    const answer = await viewer.evaluate(`(async () => {
      const pc = new RTCPeerConnection();
      window.__floorPc = pc;
      pc.addEventListener("track", (e) => { document.querySelector("video").srcObject = e.streams[0]; });
      window.__pings = [];
      pc.addEventListener("datachannel", (e) => {
        const dc = e.channel;
        dc.onmessage = (m) => {
          const r = JSON.parse(m.data);
          window.__pings.push([r.t0, r.t1, r.t2, performance.timeOrigin + performance.now()]);
        };
        dc.onopen = () => setInterval(() => dc.send(JSON.stringify({ t0: performance.timeOrigin + performance.now() })), 100);
      });
      await pc.setRemoteDescription({ type: "offer", sdp: ${JSON.stringify(offer)} });
      await pc.setLocalDescription(await pc.createAnswer());
      await ${gathered};
      return pc.localDescription.sdp;
    })()`);
    await camera.evaluate(`window.__floorPc.setRemoteDescription({ type: "answer", sdp: ${JSON.stringify(answer)} })`);
    return { camera, viewer, close };
  } catch (err) {
    await close();
    throw err;
  }
}

interface PageRecord {
  cam: number[];
  view: number[];
  errors: string[];
  applied: Record<string, unknown>;
  stats: StatsEntry[];
}

// Functions, not strings: codecam's pages forbid eval (CSP), and these run through Playwright's injected script.
// Arrow functions only, and nothing tsx adds helpers for (named inner functions).
type GlassWindow = {
  __glass: { cam: number[]; view: number[]; errors: string[]; applied: Record<string, unknown> };
  __glassStats(): Promise<StatsEntry[]>;
  __bench?: { joinAt: number | null };
};
const record = (page: Page) =>
  page.evaluate(async () => {
    const w = window as unknown as GlassWindow;
    return {
      cam: w.__glass.cam,
      view: w.__glass.view,
      errors: w.__glass.errors,
      applied: w.__glass.applied,
      stats: await w.__glassStats(),
    };
  }) as Promise<PageRecord>;
const pageNow = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());
const stats = (page: Page) => page.evaluate(() => (window as unknown as GlassWindow).__glassStats());
const presented = (page: Page, timeoutMs: number) =>
  page.waitForFunction(
    () => {
      const v = (window as unknown as GlassWindow).__glass.view;
      for (let i = 0; i < v.length; i += 8) if (v[i]! >= 0) return true;
      return false;
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );

const num = (v: unknown) => (typeof v === "number" ? v : Number.NaN);

/** Per-frame means over the window from two getStats snapshots. */
export function traceOf(
  cam0: StatsEntry | undefined,
  cam1: StatsEntry | undefined,
  view0: StatsEntry | undefined,
  view1: StatsEntry | undefined,
  seconds: number,
): Trace {
  const o0 = cam0?.["outbound-rtp"] ?? {};
  const o1 = cam1?.["outbound-rtp"] ?? {};
  const i0 = view0?.["inbound-rtp"] ?? {};
  const i1 = view1?.["inbound-rtp"] ?? {};
  const d = (a: Record<string, unknown>, b: Record<string, unknown>, k: string) => num(b[k]) - num(a[k]);
  const per = (sum: number, count: number) => (count > 0 ? round((sum / count) * 1000, 3) : undefined);
  const t: Trace = {};
  const set = <K extends keyof Trace>(k: K, v: Trace[K] | undefined) => {
    if (v !== undefined && (typeof v !== "number" || Number.isFinite(v))) t[k] = v;
  };
  set("encodeMs", per(d(o0, o1, "totalEncodeTime"), d(o0, o1, "framesEncoded")));
  set("packetSendDelayMs", per(d(o0, o1, "totalPacketSendDelay"), d(o0, o1, "packetsSent")));
  set("jitterBufferMs", per(d(i0, i1, "jitterBufferDelay"), d(i0, i1, "jitterBufferEmittedCount")));
  set("jitterBufferTargetMs", per(d(i0, i1, "jitterBufferTargetDelay"), d(i0, i1, "jitterBufferEmittedCount")));
  set("decodeMs", per(d(i0, i1, "totalDecodeTime"), d(i0, i1, "framesDecoded")));
  set("processingMs", per(d(i0, i1, "totalProcessingDelay"), d(i0, i1, "framesDecoded")));
  const q = o1.qualityLimitationDurations as Record<string, number> | undefined;
  const q0 = (o0.qualityLimitationDurations ?? {}) as Record<string, number>;
  if (q) {
    const spent = Object.entries(q)
      .map(([k, v]) => [k, v - (q0[k] ?? 0)] as const)
      .filter(([k, v]) => k !== "none" && v > 0.05)
      .map(([k, v]) => `${k} ${round(v, 2)} s`);
    t.qualityLimitation = spent.length ? spent.join(", ") : "none";
  }
  set("framesDroppedViewer", d(i0, i1, "framesDropped"));
  set("freezes", d(i0, i1, "freezeCount"));
  set("freezesMs", round(d(i0, i1, "totalFreezesDuration") * 1000, 3));
  set("nacks", d(i0, i1, "nackCount"));
  set("plis", d(i0, i1, "pliCount"));
  set("keyFramesEncoded", d(o0, o1, "keyFramesEncoded"));
  set("packetsLost", d(i0, i1, "packetsLost"));
  set("kbps", round((d(i0, i1, "bytesReceived") * 8) / 1000 / seconds, 3));
  return t;
}

async function oneRun(
  browser: Browser,
  baseURL: string,
  variant: Variant,
  seconds: number,
  o: GlassOptions,
  shaper: Shaper | undefined,
): Promise<Omit<GlassRun, "variant" | "target" | "link" | "round" | "slot">> {
  const levers = variant.levers ?? {};
  const timeoutMs = 30_000;
  const before = shaper?.counters();
  const session =
    variant.target === "codecam"
      ? await openCodecam(browser, baseURL, variant, timeoutMs)
      : await openFloor(browser, levers, o.keepRecords === true);
  try {
    const { camera, viewer } = session;
    await presented(viewer, timeoutMs);
    if (variant.target === "codecam") await watchOverlay(viewer);
    await sleep(o.warmupSeconds * 1000);
    const [cam0, view0, from] = await Promise.all([stats(camera), stats(viewer), pageNow(viewer)]);
    const cpu0 = machineCpuMs();
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const [cam1, view1, to] = await Promise.all([stats(camera), stats(viewer), pageNow(viewer)]);
    const cpu1 = machineCpuMs();
    const machineBusy =
      (cpu1.busyMs - cpu0.busyMs + cpu1.stealMs - cpu0.stealMs) / ((performance.now() - t0) * availableParallelism());
    const [c, v] = await Promise.all([record(camera), record(viewer)]);
    const overlay = variant.target === "codecam" ? await readOverlay(viewer, from, to) : undefined;
    const after = shaper?.counters();
    // Half the clip's loop: a frame shown later than that after its index was captured is not that frame.
    const figures = analyze(c.cam, v.view, from, to, Math.min(MAX_AGE_MS, (o.clipSeconds * 1000) / 2));
    const pings =
      o.keepRecords && variant.target === "floor"
        ? ((await viewer.evaluate(() => (window as unknown as { __pings: number[][] }).__pings)) ?? [])
        : [];
    const inbound = v.stats[0]?.["inbound-rtp"];
    const pageErrors = [...c.errors.map((e) => `camera: ${e}`), ...v.errors.map((e) => `viewer: ${e}`)];
    return {
      figures,
      ...(overlay ? { overlay } : {}),
      trace: traceOf(cam0[0], cam1[0], view0[0], view1[0], seconds),
      ...(typeof inbound?.codec === "string" ? { codec: inbound.codec } : {}),
      ...(v.stats[0]?.path ? { path: `${v.stats[0].path.remote} → ${v.stats[0].path.local}` } : {}),
      applied: { ...c.applied, ...v.applied },
      machineBusy: round(machineBusy, 3),
      loadavg: round(os.loadavg()[0]!, 3),
      ...(before && after
        ? { shapedBytes: after.bytes - before.bytes, shapedDrops: after.dropped - before.dropped }
        : {}),
      ...(pageErrors.length ? { pageErrors } : {}),
      ...(o.keepRecords ? { records: { cam: c.cam, view: v.view, from, to, pings } } : {}),
    };
  } finally {
    await session.close();
  }
}

function overlayMean(runs: readonly GlassRun[]): { overlayMs?: number } {
  const values = runs.map((r) => r.overlay?.medianMs).filter((v): v is number => v !== undefined);
  return values.length ? { overlayMs: round(mean(values), 4) } : {};
}

/** Means over the rounds, per link and variant, and ratios to the floor's on the same link. */
export function summarize(runs: readonly GlassRun[], secondsByLink: Record<string, number>): GlassSummary[] {
  const out: GlassSummary[] = [];
  const keys = [...new Set(runs.map((r) => `${r.link}\u0000${r.variant}`))];
  for (const key of keys) {
    const [link, variant] = key.split("\u0000") as [string, string];
    const ok = runs.filter((r) => r.link === link && r.variant === variant && r.figures && r.figures.frames > 0);
    if (ok.length === 0) continue;
    const f = ok.map((r) => r.figures!);
    const m = (k: keyof GlassFigures) => round(mean(f.map((x) => x[k] as number).filter(Number.isFinite)), 4);
    const traces = ok.map((r) => r.trace ?? {});
    const trace: Trace = {};
    for (const k of [
      "encodeMs",
      "packetSendDelayMs",
      "jitterBufferMs",
      "jitterBufferTargetMs",
      "decodeMs",
      "processingMs",
      "kbps",
    ] as const) {
      const values = traces.map((t) => t[k]).filter((v): v is number => typeof v === "number");
      if (values.length) trace[k] = round(mean(values), 3);
    }
    for (const k of [
      "freezes",
      "freezesMs",
      "nacks",
      "plis",
      "keyFramesEncoded",
      "packetsLost",
      "framesDroppedViewer",
    ] as const) {
      const values = traces.map((t) => t[k]).filter((v): v is number => typeof v === "number");
      if (values.length) trace[k] = values.reduce((a, b) => a + b, 0);
    }
    const limits = [...new Set(traces.map((t) => t.qualityLimitation).filter(Boolean))];
    if (limits.length) trace.qualityLimitation = limits.join("; ");
    out.push({
      variant,
      link,
      rounds: ok.length,
      meanMs: m("meanMs"),
      p50Ms: m("p50Ms"),
      p95Ms: m("p95Ms"),
      p99Ms: m("p99Ms"),
      roundMeans: f.map((x) => round(x.meanMs, 3)),
      ...overlayMean(ok),
      fps: m("fps"),
      width: median(f.map((x) => x.width)),
      height: median(f.map((x) => x.height)),
      minWidth: Math.min(...f.map((x) => x.minWidth)),
      minHeight: Math.min(...f.map((x) => x.minHeight)),
      stalls: f.reduce((n, x) => n + x.stalls, 0),
      longestGapMs: round(Math.max(...f.map((x) => x.longestGapMs)), 4),
      toReceiveMs: m("toReceiveMs"),
      receiveToPresentMs: m("receiveToPresentMs"),
      presentToDisplayMs: m("presentToDisplayMs"),
      trace,
      seconds: secondsByLink[link] ?? Number.NaN,
    });
  }
  for (const s of out) {
    const floor = out.find((f) => f.link === s.link && f.variant === "floor");
    if (!floor || s.variant === "floor") continue;
    const r = (k: "meanMs" | "p50Ms" | "p95Ms" | "p99Ms") => round(s[k] / floor[k], 3);
    s.ratio = { meanMs: r("meanMs"), p50Ms: r("p50Ms"), p95Ms: r("p95Ms"), p99Ms: r("p99Ms") };
  }
  return out;
}

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
