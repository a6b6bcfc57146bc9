// Reading a V8 .cpuprofile: where a server's CPU time went, by function, by package, and through codecam's own
// functions; a window cuts start-up and shutdown out of a steady-state profile.
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "../servers.js";
import { round } from "../stats.js";

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface CpuSummary {
  file: string;
  window: string;
  /** Sampled wall time of the profile, ms. */
  totalMs: number;
  /** Time not idle (everything but "(idle)"), ms. */
  busyMs: number;
  /** Top functions by self time: share of busy time. */
  topSelf: Array<{ fn: string; where: string; area: string; selfMs: number; selfPct: number }>;
  /** Self time by package / area. */
  byArea: Array<{ area: string; selfMs: number; selfPct: number }>;
  /** The server's own functions (dist/signaling) by inclusive time. */
  ownInclusive: Array<{ fn: string; where: string; totalMs: number; totalPct: number }>;
}

function areaOf(url: string, fn: string): string {
  if (!url) {
    if (fn.startsWith("(")) return fn; // (garbage collector), (program), (idle), (root)
    return "(V8 builtins / native)";
  }
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (nm) return nm[1]!;
  if (url.startsWith("node:")) return "node core";
  if (url.includes("/dist/signaling/") || url.includes("/signaling/")) return "codecam (signaling/)";
  if (url.includes("/bench/servers/")) return "bench server";
  return url;
}

function shortWhere(url: string, line: number): string {
  if (!url) return "";
  const nm = /node_modules\/(.+)$/.exec(url);
  const rel = nm ? nm[1]! : url.startsWith("file://") ? path.relative(ROOT, new URL(url).pathname) : url;
  return `${rel}:${line + 1}`;
}

/**
 * Summarizes a .cpuprofile. With `window` (CLOCK_MONOTONIC µs, the clock of V8's timestamps), only samples
 * inside it count, so start-up and shutdown stay out of a steady-state profile.
 */
export function summarizeCpuProfile(file: string, window?: { startUs: number; endUs: number }, top = 25): CpuSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const useWindow = window !== undefined && window.startUs < profile.endTime && window.endUs > profile.startTime;
  // timeDeltas[i] is the time since the previous sample: charge it to sample i's node.
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = Math.max(0, profile.timeDeltas[i] ?? 0);
    t += delta;
    if (useWindow && (t < window.startUs || t > window.endUs)) continue;
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  let totalUs = 0;
  let idleUs = 0;
  const fnSelf = new Map<string, { fn: string; where: string; area: string; us: number }>();
  const areaSelf = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    totalUs += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const fn = functionName || "(anonymous)";
    if (fn === "(idle)") {
      idleUs += us;
      continue;
    }
    const where = shortWhere(url, lineNumber);
    const key = `${fn}@${where}`;
    const area = areaOf(url, fn);
    const entry = fnSelf.get(key) ?? { fn, where, area, us: 0 };
    entry.us += us;
    fnSelf.set(key, entry);
    areaSelf.set(area, (areaSelf.get(area) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;
  const pct = (us: number) => round((100 * us) / Math.max(1, busyUs), 3);

  // Inclusive time of codecam's own functions: self + everything below, without double counting recursion.
  const inclusive = new Map<number, number>();
  const visit = (id: number): number => {
    const cached = inclusive.get(id);
    if (cached !== undefined) return cached;
    const node = byId.get(id)!;
    let sum = selfUs.get(id) ?? 0;
    for (const child of node.children ?? []) sum += visit(child);
    inclusive.set(id, sum);
    return sum;
  };
  const root = profile.nodes[0]!;
  visit(root.id);
  const own = new Map<string, { fn: string; where: string; us: number }>();
  const walk = (id: number, onStack: Set<string>) => {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    let key: string | undefined;
    if (url.includes("/signaling/")) {
      key = `${functionName || "(anonymous)"}@${shortWhere(url, lineNumber)}`;
      if (!onStack.has(key)) {
        const entry = own.get(key) ?? { fn: functionName || "(anonymous)", where: shortWhere(url, lineNumber), us: 0 };
        entry.us += inclusive.get(id) ?? 0;
        own.set(key, entry);
      } else key = undefined;
    }
    if (key) onStack.add(key);
    for (const child of node.children ?? []) walk(child, onStack);
    if (key) onStack.delete(key);
  };
  walk(root.id, new Set());

  return {
    file: path.relative(ROOT, file),
    window: useWindow ? "measured window only" : "whole process lifetime",
    totalMs: round(totalUs / 1000, 4),
    busyMs: round(busyUs / 1000, 4),
    topSelf: [...fnSelf.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ fn: e.fn, where: e.where, area: e.area, selfMs: round(e.us / 1000, 4), selfPct: pct(e.us) })),
    byArea: [...areaSelf.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, selfMs: round(us / 1000, 4), selfPct: pct(us) })),
    ownInclusive: [...own.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, 15)
      .map((e) => ({ fn: e.fn, where: e.where, totalMs: round(e.us / 1000, 4), totalPct: pct(e.us) })),
  };
}
