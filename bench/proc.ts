// Per-process figures from /proc (Linux): CPU time from /proc/<pid>/stat and resident memory from
// /proc/<pid>/status, so each server's numbers are that process's alone.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";

let clockTicks: number | undefined;

/** USER_HZ, the unit of utime/stime in /proc/<pid>/stat (100 on Linux almost everywhere). */
export function clockTicksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of the process (all its threads) in milliseconds, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm)": the comm may contain spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); utime is field 14, stime field 15 → indexes 11 and 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicksPerSecond();
}

/**
 * On-CPU time of every thread of the process in nanoseconds, from /proc/<pid>/task/<tid>/schedstat:
 * a finer-grained cross-check of cpuMs (which counts in 10 ms ticks). NaN where schedstat is missing.
 */
export function cpuSchedNs(pid: number): number {
  try {
    const tids = readdirSync(`/proc/${pid}/task`);
    let total = 0;
    for (const tid of tids) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended between listing and reading.
      }
    }
    return total;
  } catch {
    return Number.NaN;
  }
}

/** A field of /proc/<pid>/status in KiB (VmRSS, VmHWM, ...). */
export function statusKb(pid: number, field: "VmRSS" | "VmHWM" | "RssAnon" | "RssFile"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

export function rssKb(pid: number): number {
  return statusKb(pid, "VmRSS");
}

export interface CpuSample {
  /** utime+stime from /proc/<pid>/stat, ms. */
  statMs: number;
  /** Sum of per-thread schedstat run time, ns. */
  schedNs: number;
  /** Wall clock (performance.now), ms. */
  wallMs: number;
}

export function sampleCpu(pid: number): CpuSample {
  return { statMs: cpuMs(pid), schedNs: cpuSchedNs(pid), wallMs: performance.now() };
}

/**
 * CPU used between two samples: ms from /proc/<pid>/stat and, finer, from schedstat. `ms` is the figure to report:
 * schedstat where the kernel has it (a short smoke window can fall between two 10 ms stat ticks and read 0).
 */
export function cpuBetween(
  a: CpuSample,
  b: CpuSample,
): { ms: number; statMs: number; schedMs: number; wallMs: number } {
  const statMs = b.statMs - a.statMs;
  const schedMs = (b.schedNs - a.schedNs) / 1e6;
  return {
    ms: Number.isFinite(schedMs) && schedMs > 0 ? schedMs : statMs,
    statMs,
    schedMs,
    wallMs: b.wallMs - a.wallMs,
  };
}

/**
 * Busy (user + nice + system) and steal time of the whole machine (all CPUs) in ms, from /proc/stat. irq and
 * softirq are left out: loopback traffic's softirq time is not charged to the processes that cause it.
 */
export function machineCpuMs(): { busyMs: number; stealMs: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  // cpu user nice system idle iowait irq softirq steal guest guest_nice
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , , , steal = 0] = f;
  const tick = 1000 / clockTicksPerSecond();
  return { busyMs: (user + nice + system) * tick, stealMs: steal * tick };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits (at most maxWaitMs) until the machine is quiet: a first 200 ms sample, or after a busy one two
 * consecutive samples, in which all processes together, plus hypervisor steal, used less than `threshold` of all
 * cores (call it while
 * our own processes are idle). Returns how long it waited and the last busy share seen.
 */
export async function waitForQuiet(
  maxWaitMs: number,
  threshold = 0.35,
): Promise<{ waitedMs: number; busyShare: number }> {
  const cores = availableParallelism();
  const start = performance.now();
  let quietSamples = 0;
  let needed = 1;
  let busyShare = 1;
  let prev = machineCpuMs();
  let prevT = performance.now();
  for (;;) {
    await sleep(200);
    const cur = machineCpuMs();
    const t = performance.now();
    // Time the hypervisor gave to other guests counts as busy too: this VM could not have used it.
    busyShare = (cur.busyMs - prev.busyMs + cur.stealMs - prev.stealMs) / ((t - prevT) * cores);
    prev = cur;
    prevT = t;
    if (busyShare < threshold) quietSamples++;
    else {
      quietSamples = 0;
      needed = 2;
    }
    const waited = t - start;
    if (quietSamples >= needed || waited >= maxWaitMs) return { waitedMs: waited, busyShare };
  }
}
