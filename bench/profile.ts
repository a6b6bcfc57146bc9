// "Where the time goes": CPU profiles (node --cpu-prof) of each server under the forwarding load and of
// codecam under the pairing load, and heap snapshots (node --heapsnapshot-signal) with 0 and N idle sockets,
// summarized as top self-time functions, time by package, and retained JS heap per socket by constructor.
// Raw .cpuprofile / .heapsnapshot files stay in bench/results/profile/ (open them in Chrome DevTools).
// The capture (servers under load with the profiler on) is here; reading the files is in bench/profile/.
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Target } from "./drivers.js";
import { LoadGen } from "./loadgen-client.js";
import type { Figures, ScenarioParams } from "./loadgen/protocol.js";
import { type CpuSummary, summarizeCpuProfile } from "./profile/cpu-summary.js";
import { diffHeaps, type HeapSummary } from "./profile/heap-diff.js";
import { ROOT, startServer } from "./servers.js";

export const PROFILE_DIR = path.join(ROOT, "bench/results/profile");

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
