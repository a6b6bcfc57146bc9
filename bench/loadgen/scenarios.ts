// The four measured scenarios, each reading the server's CPU (and for capacity its memory) at the exact edges
// of its measured phase: figures 1 to 4 of BENCHMARKS.md.
import type { Driver, IdleSocket, Pair } from "../drivers.js";
import { cpuBetween, rssKb, sampleCpu } from "../proc.js";
import { percentile } from "../stats.js";
import type { Figures, Scenario, ScenarioParams } from "./protocol.js";

/** CLOCK_MONOTONIC in µs: the clock of V8's profile timestamps, so profile.ts can cut a profile to a window. */
const monoUs = () => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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

/** Each measured scenario by name: what bench/loadgen.ts runs for a RunRequest. */
export const SCENARIO_RUNS: Record<Scenario, (d: Driver, pid: number, p: ScenarioParams) => Promise<Figures>> = {
  rtt,
  pairing,
  throughput,
  capacity,
};
