// Per-process figures from /proc (Linux): CPU time from /proc/<pid>/stat and resident memory from
// /proc/<pid>/status, so each server's numbers are that process's alone.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

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

/** CPU used between two samples: ms from /proc/<pid>/stat and, finer, from schedstat. */
export function cpuBetween(a: CpuSample, b: CpuSample): { statMs: number; schedMs: number; wallMs: number } {
  return { statMs: b.statMs - a.statMs, schedMs: (b.schedNs - a.schedNs) / 1e6, wallMs: b.wallMs - a.wallMs };
}

/** Busy and steal time of the whole machine (all CPUs) in ms, from the first line of /proc/stat. */
export function machineCpuMs(): { busyMs: number; stealMs: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!;
  // cpu user nice system idle iowait irq softirq steal guest guest_nice
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
  const tick = 1000 / clockTicksPerSecond();
  return { busyMs: (user + nice + system + irq + softirq) * tick, stealMs: steal * tick };
}
