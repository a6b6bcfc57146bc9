// Means over a variant's rounds on one link, and its ratios to the floor's on the same link.
import { median, round } from "../stats.js";
import { type GlassFigures, mean } from "./analyze.js";
import type { GlassRun, Trace, GlassSummary } from "./model.js";

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
