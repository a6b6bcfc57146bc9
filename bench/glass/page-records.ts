// Reading back what the instrumented pages recorded (instrument.ts): frame records, getStats snapshots, the page
// clock, and the per-frame trace of where the time went.
import type { Page } from "playwright-core";
import { round } from "../stats.js";
import type { StatsEntry, Trace } from "./model.js";

interface PageRecord {
  cam: number[];
  view: number[];
  errors: string[];
  applied: Record<string, unknown>;
  stats: StatsEntry[];
}

// Functions, not strings: codecam's pages forbid eval (CSP), and these run through Playwright's injected script.
// Arrow functions only, and nothing tsx adds helpers for (named inner functions).
export type GlassWindow = {
  __glass: { cam: number[]; view: number[]; errors: string[]; applied: Record<string, unknown> };
  __glassStats(): Promise<StatsEntry[]>;
  __bench?: { joinAt: number | null };
};
export const record = (page: Page) =>
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
export const pageNow = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());
export const stats = (page: Page) => page.evaluate(() => (window as unknown as GlassWindow).__glassStats());
export const presented = (page: Page, timeoutMs: number) =>
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
