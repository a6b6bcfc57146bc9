// "Where the time goes": CPU profiles (node --cpu-prof) of each server under the forwarding load and of
// codecam under the pairing load, and heap snapshots (node --heapsnapshot-signal) with 0 and N idle sockets,
// summarized as top self-time functions, time by package, and retained JS heap per socket by constructor.
// Raw .cpuprofile / .heapsnapshot files stay in bench/results/profile/ (open them in Chrome DevTools).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Target } from "./drivers.js";
import { LoadGen } from "./loadgen-client.js";
import type { Figures, ScenarioParams } from "./loadgen/protocol.js";
import { ROOT, startServer } from "./servers.js";
import { round } from "./stats.js";

export const PROFILE_DIR = path.join(ROOT, "bench/results/profile");

// ------------------------------------------------------------------------------------------ CPU profiles

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

// ------------------------------------------------------------------------------------------ heap snapshots

interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] }; node_count: number };
  nodes: number[];
  strings: string[];
}

/** Self size and count per class (constructor name for objects, "(kind)" for the rest). */
export function heapByClass(file: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(readFileSync(file, "utf8")) as HeapSnapshotFile;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const stride = fields.length;
  const iType = fields.indexOf("type");
  const iName = fields.indexOf("name");
  const iSize = fields.indexOf("self_size");
  const out = new Map<string, { count: number; size: number }>();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += stride) {
    const type = types[nodes[i + iType]!]!;
    const name = snap.strings[nodes[i + iName]!]!;
    let key: string;
    switch (type) {
      case "object":
      case "native":
        key = name;
        break;
      case "closure":
        key = `${name || "(anonymous)"}()`;
        break;
      case "string":
      case "concatenated string":
      case "sliced string":
        key = "(string)";
        break;
      case "array":
        key = `(array) ${name}`;
        break;
      case "code":
        key = "(compiled code)";
        break;
      default:
        key = `(${type})`;
    }
    const entry = out.get(key) ?? { count: 0, size: 0 };
    entry.count++;
    entry.size += nodes[i + iSize]!;
    out.set(key, entry);
  }
  return out;
}

export interface HeapSummary {
  target: Target;
  sockets: number;
  rssKbPerSocket: number;
  /** JS heap (self sizes of every node) added per socket, bytes. */
  heapBytesPerSocket: number;
  /** Classes that grew, per socket: objects and bytes. */
  perSocket: Array<{ cls: string; objects: number; bytes: number }>;
  files: string[];
}

export function diffHeaps(
  target: Target,
  sockets: number,
  rssKbPerSocket: number,
  before: string,
  after: string,
  top = 20,
): HeapSummary {
  const a = heapByClass(before);
  const b = heapByClass(after);
  const rows: Array<{ cls: string; objects: number; bytes: number }> = [];
  let total = 0;
  for (const [cls, e] of b) {
    const base = a.get(cls) ?? { count: 0, size: 0 };
    total += e.size - base.size;
    rows.push({ cls, objects: (e.count - base.count) / sockets, bytes: (e.size - base.size) / sockets });
  }
  for (const [cls, base] of a) if (!b.has(cls)) total -= base.size;
  return {
    target,
    sockets,
    rssKbPerSocket: round(rssKbPerSocket, 4),
    heapBytesPerSocket: round(total / sockets, 5),
    perSocket: rows
      .filter((r) => r.bytes > 0)
      .sort((x, y) => y.bytes - x.bytes)
      .slice(0, top)
      .map((r) => ({ cls: r.cls, objects: round(r.objects, 3), bytes: round(r.bytes, 4) })),
    files: [path.relative(ROOT, before), path.relative(ROOT, after)],
  };
}

// ------------------------------------------------------------------------------------------ the profiling pass

export interface ProfileResult {
  cpu: Array<{ target: Target; scenario: string; figures: Figures; summary: CpuSummary }>;
  heap: HeapSummary[];
  errors: string[];
}

const READY: Record<Target, string> = { floor: "/healthz", peerjs: "/", socketio: "/healthz", codecam: "/healthz" };

function windowOf(f: Figures): { startUs: number; endUs: number } | undefined {
  const startUs = f._window_start_us;
  const endUs = f._window_end_us;
  return startUs !== undefined && endUs !== undefined ? { startUs, endUs } : undefined;
}

export async function profileServers(opts: {
  params: ScenarioParams;
  fromSource: boolean;
  targets: readonly Target[];
  timeoutMs: number;
  heapSockets?: number;
  /** Called before each profiled run (e.g. to wait for a quiet machine). */
  beforeRun?: () => Promise<unknown>;
}): Promise<ProfileResult> {
  rmSync(PROFILE_DIR, { recursive: true, force: true });
  mkdirSync(PROFILE_DIR, { recursive: true });
  const loadgen = new LoadGen();
  const result: ProfileResult = { cpu: [], heap: [], errors: [] };
  // codecam under each load, and the floor and bare Socket.IO under the forwarding load for comparison.
  const profiled = opts.targets.filter((t) => t !== "peerjs");
  const jobs: Array<{ target: Target; scenario: "throughput" | "pairing" | "rtt" }> = [
    ...profiled.map((target) => ({ target, scenario: "throughput" as const })),
    ...profiled.filter((t) => t === "codecam").map((target) => ({ target, scenario: "pairing" as const })),
    ...profiled.filter((t) => t === "codecam").map((target) => ({ target, scenario: "rtt" as const })),
  ];
  try {
    for (const job of jobs) {
      await opts.beforeRun?.();
      const name = `${job.target}-${job.scenario}`;
      const dir = path.join(PROFILE_DIR, name);
      mkdirSync(dir, { recursive: true });
      // No --cpu-prof-name: every thread writes its own CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile
      // (with tsx the loader's worker thread would overwrite the main thread's file); thread 0 is the server.
      const server = await startServer(job.target, {
        fromSource: opts.fromSource,
        nodeArgs: ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "250"],
      });
      try {
        const figures = await loadgen.run(
          {
            scenario: job.scenario,
            target: job.target,
            baseUrl: server.baseUrl,
            serverPid: server.pid,
            params: opts.params,
          },
          opts.timeoutMs,
        );
        await server.stop();
        const file = readdirSync(dir)
          .filter((f) => f.endsWith(".cpuprofile") && f.split(".").at(-3) === "0")
          .map((f) => path.join(dir, f))[0];
        if (!file)
          throw new Error(
            `no main-thread profile in ${path.relative(ROOT, dir)} (did the server exit cleanly on SIGTERM?)`,
          );
        result.cpu.push({
          target: job.target,
          scenario: job.scenario,
          figures,
          summary: summarizeCpuProfile(file, windowOf(figures)),
        });
        console.log(`  profile: ${path.relative(ROOT, file)}`);
      } catch (err) {
        result.errors.push(`${job.target}/${job.scenario}: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await server.stop();
      }
    }
    const sockets = opts.heapSockets ?? Math.min(1000, opts.params.capacity.count);
    for (const target of profiled) {
      await opts.beforeRun?.();
      const dir = path.join(PROFILE_DIR, `heap-${target}`);
      mkdirSync(dir, { recursive: true });
      const server = await startServer(target, {
        fromSource: opts.fromSource,
        nodeArgs: ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${dir}`],
      });
      try {
        const figures = await loadgen.run(
          {
            scenario: "heap",
            target,
            baseUrl: server.baseUrl,
            serverPid: server.pid,
            params: opts.params,
            heap: {
              count: sockets,
              concurrency: 50,
              settleMs: opts.params.capacity.settleMs,
              snapshotDir: dir,
              readyPath: READY[target],
            },
          },
          opts.timeoutMs + 120_000,
        );
        const files = readdirSync(dir)
          .filter((n) => n.endsWith(".heapsnapshot"))
          .map((n) => path.join(dir, n))
          .sort((x, y) => statSync(x).mtimeMs - statSync(y).mtimeMs);
        if (files.length < 2) throw new Error(`expected two heap snapshots in ${dir}, found ${files.length}`);
        result.heap.push(diffHeaps(target, sockets, figures.rss_kb_per_socket ?? Number.NaN, files[0]!, files[1]!));
        console.log(`  profile: heap snapshots of ${target} (0 and ${sockets} idle sockets)`);
      } catch (err) {
        result.errors.push(`${target}/heap: ${err instanceof Error ? err.message : String(err)}`);
      } finally {
        await server.stop();
      }
    }
  } finally {
    await loadgen.close();
  }
  return result;
}
