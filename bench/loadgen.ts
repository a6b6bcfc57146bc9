// The load generator: a child process of bench/run.ts (forked with an IPC channel) that drives one target
// at a time and measures it. It reads the server's CPU and memory from /proc/<serverPid> itself, at the
// exact edges of each measured phase. It holds no state between scenarios; run.ts restarts it on a timeout.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { makeDriver, closeHttpAgent, type Driver, type IdleSocket, type Pair, type Target } from "./drivers.js";
import os from "node:os";
import { cpuBetween, cpuMs, machineCpuMs, rssKb, sampleCpu } from "./proc.js";
import { percentile } from "./stats.js";

export type Scenario = "rtt" | "pairing" | "throughput" | "capacity";
/** Not a benchmark figure: heap snapshots of the server with 0 and with N idle sockets (bench/profile.ts). */
export type ProfileScenario = "heap";
export const SCENARIOS: readonly Scenario[] = ["rtt", "pairing", "throughput", "capacity"];

export interface ScenarioParams {
  rtt: { warmup: number; count: number };
  pairing: { count: number; ice: number; sdpBytes: number };
  throughput: { pairs: number; window: number; warmupMs: number; durationMs: number };
  capacity: { count: number; concurrency: number; settleMs: number };
  /** Per-operation timeout (connect, join, one pairing). */
  opTimeoutMs: number;
}

export interface HeapParams {
  count: number;
  concurrency: number;
  settleMs: number;
  /** Where the server writes Heap.*.heapsnapshot (its --diagnostic-dir). */
  snapshotDir: string;
  /** A cheap GET the server answers once it is done writing a snapshot. */
  readyPath: string;
}

export interface RunRequest {
  id: number;
  scenario: Scenario | ProfileScenario;
  heap?: HeapParams;
  target: Target;
  baseUrl: string;
  serverPid: number;
  params: ScenarioParams;
}
export type Figures = Record<string, number>;
export type RunReply = { id: number; ok: true; figures: Figures } | { id: number; ok: false; error: string };

/** CLOCK_MONOTONIC in µs: the clock of V8's profile timestamps, so profile.ts can cut a profile to a window. */
const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function closePair(p: Pair): void {
  p.camera.close();
  p.viewer.close();
}

// ------------------------------------------------------------------------------------------ 1. round trip

async function rtt(driver: Driver, pid: number, p: ScenarioParams): Promise<Figures> {
  const { warmup, count } = p.rtt;
  const pair = await driver.pair({ ice: 0, sdpBytes: 3072, timeoutMs: p.opTimeoutMs });
  try {
    const samples = new Float64Array(count);
    let i = 0;
    let t0 = 0;
    let cpu0 = sampleCpu(pid);
    let w0 = monoUs();
    const finished = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`rtt: only ${i} of ${warmup + count} round trips in time`)),
        p.opTimeoutMs + count,
      );
      pair.viewer.onCandidate = () => pair.viewer.sendCandidate();
      pair.camera.onCandidate = () => {
        const t = performance.now();
        if (i >= warmup) samples[i - warmup] = t - t0;
        i++;
        if (i === warmup + count) {
          clearTimeout(timer);
          resolve();
          return;
        }
        if (i === warmup) {
          cpu0 = sampleCpu(pid);
          w0 = monoUs();
        }
        t0 = performance.now();
        pair.camera.sendCandidate();
      };
    });
    t0 = performance.now();
    pair.camera.sendCandidate();
    await finished;
    const cpu = cpuBetween(cpu0, sampleCpu(pid));
    const w1 = monoUs();
    const all = Array.from(samples);
    return {
      p50_us: percentile(all, 50) * 1000,
      p99_us: percentile(all, 99) * 1000,
      mean_us: (all.reduce((a, b) => a + b, 0) / all.length) * 1000,
      server_cpu_us_per_rt: (cpu.ms * 1000) / count,
      server_cpu_sched_us_per_rt: (cpu.schedMs * 1000) / count,
      round_trips: count,
      _window_start_us: w0,
      _window_end_us: w1,
    };
  } finally {
    closePair(pair);
  }
}

// ------------------------------------------------------------------------------------------ 2. pairing

async function pairing(driver: Driver, pid: number, p: ScenarioParams): Promise<Figures> {
  const { count, ice, sdpBytes } = p.pairing;
  // Warm-up: a few sequential pairings so lazy paths (JIT, first HTTP connection) are not in the figure.
  for (let i = 0; i < 3; i++) closePair(await driver.pair({ ice, sdpBytes, timeoutMs: p.opTimeoutMs }));
  await sleep(100);
  const durations: number[] = [];
  const pairs: Pair[] = [];
  const errors: string[] = [];
  const cpu0 = sampleCpu(pid);
  const w0 = monoUs();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: count }, async () => {
      const t = performance.now();
      try {
        pairs.push(await driver.pair({ ice, sdpBytes, timeoutMs: p.opTimeoutMs }));
        durations.push(performance.now() - t);
      } catch (err) {
        errors.push(String(err));
      }
    }),
  );
  const wallMs = performance.now() - start;
  const cpu = cpuBetween(cpu0, sampleCpu(pid));
  const w1 = monoUs();
  for (const pair of pairs) closePair(pair);
  if (errors.length > 0) throw new Error(`pairing: ${errors.length} of ${count} failed, first: ${errors[0]}`);
  await sleep(200);
  return {
    pairings_per_s: (count / wallMs) * 1000,
    p50_ms: percentile(durations, 50),
    p99_ms: percentile(durations, 99),
    wall_ms: wallMs,
    server_cpu_ms_per_pairing: cpu.ms / count,
    pairings: count,
    _window_start_us: w0,
    _window_end_us: w1,
  };
}

// ------------------------------------------------------------------------------------------ 4. throughput

async function throughput(driver: Driver, pid: number, p: ScenarioParams): Promise<Figures> {
  const { pairs: pairCount, window, warmupMs, durationMs } = p.throughput;
  const pairs: Pair[] = [];
  for (let i = 0; i < pairCount; i++)
    pairs.push(await driver.pair({ ice: 0, sdpBytes: 3072, timeoutMs: p.opTimeoutMs }));
  let delivered = 0;
  let inFlight = 0;
  let running = true;
  // Closed loop per direction: at most `window` candidates in flight; each delivery lets its sender send one more.
  for (const pair of pairs) {
    for (const [from, to] of [
      [pair.camera, pair.viewer],
      [pair.viewer, pair.camera],
    ] as const) {
      to.onCandidate = () => {
        delivered++;
        inFlight--;
        if (running) {
          inFlight++;
          from.sendCandidate();
        }
      };
      for (let k = 0; k < window; k++) {
        inFlight++;
        from.sendCandidate();
      }
    }
  }
  await sleep(warmupMs);
  const d0 = delivered;
  const cpu0 = sampleCpu(pid);
  const w0 = monoUs();
  await sleep(durationMs);
  const d1 = delivered;
  const cpu = cpuBetween(cpu0, sampleCpu(pid));
  const w1 = monoUs();
  running = false;
  const drainUntil = performance.now() + p.opTimeoutMs;
  while (inFlight > 0 && performance.now() < drainUntil) await sleep(20);
  const lost = inFlight;
  for (const pair of pairs) closePair(pair);
  if (lost > 0) throw new Error(`throughput: ${lost} messages never arrived`);
  const messages = d1 - d0;
  if (messages === 0) throw new Error("throughput: nothing delivered in the measured window");
  return {
    messages_per_s: (messages / cpu.wallMs) * 1000,
    server_cpu_us_per_msg: (cpu.ms * 1000) / messages,
    server_cpu_sched_us_per_msg: (cpu.schedMs * 1000) / messages,
    /** Messages one fully busy server core would forward at this cost: the server's figure without the client. */
    server_msgs_per_cpu_s: (messages * 1000) / Math.max(cpu.ms, 1e-9),
    server_cpu_share: cpu.ms / cpu.wallMs,
    messages,
    _window_start_us: w0,
    _window_end_us: w1,
  };
}

// ------------------------------------------------------------------------------------------ 3. capacity

async function capacity(driver: Driver, pid: number, p: ScenarioParams): Promise<Figures> {
  const { count, concurrency, settleMs } = p.capacity;
  // Warm-up: connect and drop a few sockets so one-time allocations are in the baseline, not the figure.
  const warm = await Promise.all(Array.from({ length: 20 }, () => driver.connectIdle(p.opTimeoutMs)));
  for (const s of warm) s.close();
  await sleep(settleMs);
  const rss0 = rssKb(pid);
  const sockets: IdleSocket[] = [];
  let next = 0;
  const cpu0 = sampleCpu(pid);
  const w0 = monoUs();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        next++;
        sockets.push(await driver.connectIdle(p.opTimeoutMs));
      }
    }),
  );
  const connectMs = performance.now() - start;
  const cpu = cpuBetween(cpu0, sampleCpu(pid));
  const w1 = monoUs();
  await sleep(settleMs);
  const rss1 = rssKb(pid);
  for (const s of sockets) s.close();
  await sleep(200);
  return {
    rss_kb_per_socket: (rss1 - rss0) / count,
    connects_per_s: (count / connectMs) * 1000,
    server_cpu_us_per_connect: (cpu.ms * 1000) / count,
    rss_before_mb: rss0 / 1024,
    rss_after_mb: rss1 / 1024,
    sockets: count,
    _window_start_us: w0,
    _window_end_us: w1,
  };
}

// ------------------------------------------------------------------------------------------ heap snapshots

function snapshots(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of readdirSync(dir))
    if (name.endsWith(".heapsnapshot")) out.set(name, statSync(path.join(dir, name)).size);
  return out;
}

/** Sends SIGUSR2 (the server runs with --heapsnapshot-signal=SIGUSR2) and waits for the new snapshot file. */
async function takeSnapshot(pid: number, baseUrl: string, h: HeapParams, timeoutMs: number): Promise<string> {
  const before = snapshots(h.snapshotDir);
  process.kill(pid, "SIGUSR2");
  const deadline = performance.now() + timeoutMs;
  let name: string | undefined;
  while (!name) {
    if (performance.now() > deadline) throw new Error("heap snapshot: no file appeared");
    await sleep(100);
    name = [...snapshots(h.snapshotDir).keys()].find((n) => !before.has(n));
  }
  // Writing blocks the server's main thread: once it answers HTTP again and the size holds, the file is complete.
  for (let last = -1; ; ) {
    if (performance.now() > deadline) throw new Error("heap snapshot: file never settled");
    await fetch(baseUrl + h.readyPath, { signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.arrayBuffer());
    const size = statSync(path.join(h.snapshotDir, name)).size;
    if (size === last && size > 0) break;
    last = size;
    await sleep(300);
  }
  return path.join(h.snapshotDir, name);
}

async function heap(driver: Driver, pid: number, p: ScenarioParams, baseUrl: string, h: HeapParams): Promise<Figures> {
  const warm = await Promise.all(Array.from({ length: 20 }, () => driver.connectIdle(p.opTimeoutMs)));
  for (const s of warm) s.close();
  await sleep(h.settleMs);
  await takeSnapshot(pid, baseUrl, h, 60_000);
  const rss0 = rssKb(pid);
  const sockets: IdleSocket[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(h.concurrency, h.count) }, async () => {
      while (next < h.count) {
        next++;
        sockets.push(await driver.connectIdle(p.opTimeoutMs));
      }
    }),
  );
  await sleep(h.settleMs);
  const rss1 = rssKb(pid);
  await takeSnapshot(pid, baseUrl, h, 60_000);
  for (const s of sockets) s.close();
  return { sockets: h.count, rss_kb_per_socket: (rss1 - rss0) / h.count };
}

// ------------------------------------------------------------------------------------------ IPC loop

const scenarios: Record<Scenario, (d: Driver, pid: number, p: ScenarioParams) => Promise<Figures>> = {
  rtt,
  pairing,
  throughput,
  capacity,
};

export async function runScenario(req: Omit<RunRequest, "id">): Promise<Figures> {
  gc();
  const driver = makeDriver(req.target, req.baseUrl);
  // How busy the machine was with other work while this ran: all CPU time, minus the server's and ours.
  const m0 = machineCpuMs();
  const s0 = cpuMs(req.serverPid);
  const l0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    if (req.scenario === "heap") {
      if (!req.heap) throw new Error("heap: no heap parameters");
      return await heap(driver, req.serverPid, req.params, req.baseUrl, req.heap);
    }
    const figures = await scenarios[req.scenario](driver, req.serverPid, req.params);
    const wall = performance.now() - t0;
    const m1 = machineCpuMs();
    const server = cpuMs(req.serverPid) - s0;
    const lg = process.cpuUsage(l0);
    const ours = server + (lg.user + lg.system) / 1000;
    const cores = os.availableParallelism();
    figures.other_cpu_share = Math.max(0, (m1.busyMs - m0.busyMs - ours) / (wall * cores));
    figures.steal_share = (m1.stealMs - m0.stealMs) / (wall * cores);
    return figures;
  } finally {
    closeHttpAgent();
    gc();
  }
}

if (process.send) {
  process.on("message", (msg: RunRequest | { cmd: "exit" }) => {
    if ("cmd" in msg) {
      process.exit(0);
    }
    runScenario(msg).then(
      (figures) => process.send!({ id: msg.id, ok: true, figures } satisfies RunReply),
      (err: unknown) =>
        process.send!({
          id: msg.id,
          ok: false,
          error: err instanceof Error ? err.message : String(err),
        } satisfies RunReply),
    );
  });
  process.on("disconnect", () => process.exit(0));
}
