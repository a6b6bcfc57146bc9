// `npm run bench [-- --smoke|--quick] [options]`: codecam's signaling server measured side by side with a
// minimal `ws` relay (the floor) and peerjs-server, on loopback, interleaved, several repeats, medians.
// Prints a table, writes bench/results/latest.json and (full runs) BENCHMARKS.md. See BENCHMARKS.md "Method".
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { TARGETS, type Target } from "./drivers.js";
import { LoadGen } from "./loadgen-client.js";
import { SCENARIOS, type Scenario, type ScenarioParams } from "./loadgen.js";
import { collectMeta, type Meta } from "./meta.js";
import { buildRows, computeMedians, consoleTable, isNoisy, type FirstFrameResult, type Medians, type Row, type RunRecord } from "./report.js";
import { waitForQuiet } from "./proc.js";
import { killAllChildren, ROOT, startServer } from "./servers.js";

export type Mode = "smoke" | "quick" | "full";

export interface ModeConfig {
  /** Waiting for a quiet machine before each run: at most perRunMs per run and totalMs in all (0: never). */
  quietWait: { perRunMs: number; totalMs: number };
  /** Noisy runs (see report.ts NOISY_SHARE) repeated right away, at most this many in all. */
  maxRetries: number;
  repeats: number;
  /** Memory figures vary much less than timings: the capacity scenario runs in the first N repeats only. */
  capacityRepeats: number;
  params: ScenarioParams;
  firstFrameRuns: number;
  profile: boolean;
  /** Time budget of one scenario on one target (the load generator is killed past it). */
  scenarioTimeoutMs: number;
}

export const MODES: Record<Mode, ModeConfig> = {
  smoke: {
    quietWait: { perRunMs: 0, totalMs: 0 },
    maxRetries: 0,
    repeats: 1,
    capacityRepeats: 1,
    params: {
      rtt: { warmup: 20, count: 100 },
      pairing: { count: 10, ice: 8, sdpBytes: 3072 },
      throughput: { pairs: 2, window: 4, warmupMs: 100, durationMs: 300 },
      capacity: { count: 50, concurrency: 20, settleMs: 200 },
      opTimeoutMs: 10_000,
    },
    firstFrameRuns: 1,
    profile: false,
    scenarioTimeoutMs: 30_000,
  },
  quick: {
    quietWait: { perRunMs: 5_000, totalMs: 30_000 },
    maxRetries: 3,
    repeats: 3,
    capacityRepeats: 2,
    params: {
      rtt: { warmup: 300, count: 2000 },
      pairing: { count: 100, ice: 8, sdpBytes: 3072 },
      throughput: { pairs: 10, window: 16, warmupMs: 300, durationMs: 1500 },
      capacity: { count: 1000, concurrency: 50, settleMs: 500 },
      opTimeoutMs: 15_000,
    },
    firstFrameRuns: 5,
    profile: false,
    scenarioTimeoutMs: 60_000,
  },
  full: {
    quietWait: { perRunMs: 10_000, totalMs: 60_000 },
    maxRetries: 8,
    repeats: 5,
    capacityRepeats: 3,
    params: {
      rtt: { warmup: 300, count: 2000 },
      pairing: { count: 150, ice: 8, sdpBytes: 3072 },
      throughput: { pairs: 16, window: 16, warmupMs: 300, durationMs: 1500 },
      capacity: { count: 2000, concurrency: 50, settleMs: 800 },
      opTimeoutMs: 20_000,
    },
    firstFrameRuns: 5,
    profile: false,
    scenarioTimeoutMs: 120_000,
  },
};

export interface BenchResult {
  meta: Meta;
  mode: Mode;
  config: ModeConfig;
  codecamServer: { command: string; env: Record<string, string>; fromSource: boolean };
  runs: RunRecord[];
  medians: Medians;
  rows: Row[];
  firstFrame?: FirstFrameResult | undefined;
  firstFrameError?: string | undefined;
  profile?: unknown;
  profileError?: string | undefined;
  durationS: number;
}

const USAGE = `usage: npm run bench [-- options]
  --smoke            tiny counts, a few seconds (used by bench/bench.smoke.test.ts)
  --quick            fewer repeats and smaller counts
  (default)          full run: writes bench/results/latest.json and BENCHMARKS.md
  --repeats N        override the number of repeats
  --targets a,b      subset of floor,peerjs,socketio,codecam
  --scenarios a,b    subset of rtt,pairing,throughput,capacity
  --no-firstframe    skip figure 5 (Chromium)
  --only firstframe  run figure 5 alone, --repeats N times (default the mode's count), and print its milestones
  --profile          then profile the servers (CPU profiles, heap snapshots) for BENCHMARKS.md "Where the time goes"
  --no-profile       do not profile
  --from-source      run codecam from signaling/index.ts through tsx (no build needed)
  --out FILE         JSON output (default bench/results/latest.json, smoke: bench/results/smoke.json)
  --no-md            do not write BENCHMARKS.md
  --md-from FILE     only rewrite BENCHMARKS.md from a saved full run's JSON (e.g. bench/results/latest.json)`;

function list<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] {
  if (!value) return [...allowed];
  const items = value.split(",").map((s) => s.trim()).filter(Boolean) as T[];
  for (const item of items) if (!allowed.includes(item)) throw new Error(`unknown ${what} "${item}" (allowed: ${allowed.join(", ")})`);
  return items;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const n = items.length;
  return items.map((_, i) => items[(i + by) % n]!);
}

export async function main(argv: string[]): Promise<BenchResult> {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: "boolean" },
      quick: { type: "boolean" },
      repeats: { type: "string" },
      targets: { type: "string" },
      scenarios: { type: "string" },
      "no-firstframe": { type: "boolean" },
      only: { type: "string" },
      "no-profile": { type: "boolean" },
      profile: { type: "boolean" },
      "from-source": { type: "boolean" },
      out: { type: "string" },
      "no-md": { type: "boolean" },
      "md-from": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values["md-from"]) {
    const saved = JSON.parse(readFileSync(path.resolve(ROOT, values["md-from"]), "utf8")) as BenchResult;
    const { writeBenchmarksMd } = await import("./markdown.js");
    writeBenchmarksMd(saved);
    console.log(`wrote BENCHMARKS.md from ${values["md-from"]}`);
    return saved;
  }
  const mode: Mode = values.smoke ? "smoke" : values.quick ? "quick" : "full";
  const config: ModeConfig = structuredClone(MODES[mode]);
  if (values.only !== undefined && values.only !== "firstframe") throw new Error(`--only takes "firstframe", not "${values.only}"`);
  const onlyFirstFrame = values.only === "firstframe";
  if (onlyFirstFrame) {
    // The load scenarios are skipped; --repeats counts first-frame runs instead.
    if (values.repeats) config.firstFrameRuns = Math.max(1, Number(values.repeats));
    config.repeats = 0;
    config.profile = false;
  } else if (values.repeats) {
    config.repeats = Math.max(1, Number(values.repeats));
    config.capacityRepeats = Math.min(config.capacityRepeats, config.repeats);
  }
  if (values["no-profile"]) config.profile = false;
  if (values.profile) config.profile = true;
  const targets = list(values.targets, TARGETS, "target");
  const scenarios = list(values.scenarios, SCENARIOS, "scenario");
  const fromSource = values["from-source"] ?? false;
  const defaultOut = onlyFirstFrame ? "bench/results/firstframe.json" : mode === "smoke" ? "bench/results/smoke.json" : "bench/results/latest.json";
  const outFile = path.resolve(ROOT, values.out ?? defaultOut);
  const writeMd = mode === "full" && !onlyFirstFrame && !values["no-md"] && !values.targets && !values.scenarios;
  const command = `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`;

  const started = performance.now();
  const meta = collectMeta(command);
  console.log(`codecam bench (${mode}): ${meta.nproc} × ${meta.cpuModel}, node ${meta.node}, load average ${meta.loadavgStart.join(" ")}`);
  if (onlyFirstFrame) console.log(`first frame only: ${config.firstFrameRuns} run(s)`);
  else console.log(`targets ${targets.join(", ")}; scenarios ${scenarios.join(", ")}; ${config.repeats} repeat(s), interleaved`);

  const loadgen = new LoadGen();
  const runs: RunRecord[] = [];
  let codecamCommand = "";
  let quietLeft = config.quietWait.totalMs;
  let retriesLeft = config.maxRetries;
  try {
    for (let repeat = 0; repeat < config.repeats; repeat++) {
      for (const [si, scenario] of scenarios.entries()) {
        if (scenario === "capacity" && repeat >= config.capacityRepeats) continue;
        // Rotate the order every scenario and every repeat so that no target always runs first or last.
        const order = rotate(targets, repeat + si);
        for (const [slot, target] of order.entries()) {
          let attempt = 0;
          for (;;) {
            const record = await runOne(repeat, scenario, target, slot, attempt > 0);
            runs.push(record);
            if (!record.noisy || attempt >= 1 || retriesLeft <= 0) break;
            retriesLeft--;
            attempt++;
          }
        }
      }
    }
  } finally {
    await loadgen.close();
  }

  /** Waits for a quiet machine within the mode's budget (see ModeConfig.quietWait). */
  async function quiet(): Promise<{ waitedMs: number; busyShare: number } | undefined> {
    if (quietLeft <= 0 || config.quietWait.perRunMs <= 0) return undefined;
    const q = await waitForQuiet(Math.min(config.quietWait.perRunMs, quietLeft));
    quietLeft -= q.waitedMs;
    return q;
  }

  async function runOne(repeat: number, scenario: Scenario, target: Target, slot: number, retry: boolean): Promise<RunRecord> {
    const record: RunRecord = { repeat, scenario, target, slot, startedAt: new Date().toISOString(), ...(retry ? { retry } : {}) };
    const q = await quiet();
    if (q) {
      record.quietWaitMs = Math.round(q.waitedMs);
      record.busyBefore = Math.round(q.busyShare * 100) / 100;
    }
    record.startedAt = new Date().toISOString();
    const t0 = performance.now();
    let server;
    try {
      server = await startServer(target, { fromSource });
      if (target === "codecam") codecamCommand = server.command;
      record.figures = await loadgen.run(
        { scenario, target, baseUrl: server.baseUrl, serverPid: server.pid, params: config.params },
        config.scenarioTimeoutMs,
      );
      record.noisy = isNoisy(record.figures);
    } catch (err) {
      record.error = err instanceof Error ? err.message : String(err);
      if (server) record.error += server.stderr() ? `\nserver stderr: ${server.stderr().slice(-2000)}` : "";
    } finally {
      await server?.stop();
    }
    const took = ((performance.now() - t0) / 1000).toFixed(1);
    const summary = record.figures
      ? Object.entries(record.figures).slice(0, 3).map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`).join(" ")
      : `ERROR ${record.error}`;
    const f = record.figures;
    const noise = f?.other_cpu_share !== undefined ? `  (other load ${Math.round(f.other_cpu_share * 100)}%, steal ${Math.round((f.steal_share ?? 0) * 100)}%${record.noisy ? ", noisy" : ""})` : "";
    const waited = record.quietWaitMs && record.quietWaitMs > 600 ? ` [waited ${(record.quietWaitMs / 1000).toFixed(1)} s for quiet]` : "";
    console.log(`  [${repeat + 1}/${config.repeats}${retry ? " retry" : ""}] ${scenario.padEnd(10)} ${target.padEnd(8)} ${took.padStart(5)} s  ${summary}${noise}${waited}`);
    return record;
  }

  let firstFrame: FirstFrameResult | undefined;
  let firstFrameError: string | undefined;
  if (!values["no-firstframe"] && targets.includes("codecam")) {
    try {
      const { measureFirstFrame } = await import("./firstframe.js");
      firstFrame = await measureFirstFrame({ runs: config.firstFrameRuns, fromSource, buildClient: fromSource, beforeRun: quiet });
      console.log(`  first frame: ${firstFrame.runs.map((r) => Math.round(r.openToFrameMs)).join(", ")} ms (open → frame)${firstFrame.errors.length ? `; errors: ${firstFrame.errors.join("; ")}` : ""}`);
      if (onlyFirstFrame) {
        for (const e of firstFrame.timeline ?? []) console.log(`  ${String(Math.round(e.ms)).padStart(6)} ms  ${e.page.padEnd(6)}  ${e.name}${e.count > 1 ? ` ×${e.count}` : ""}`);
      }
    } catch (err) {
      firstFrameError = err instanceof Error ? err.message : String(err);
      console.log(`  first frame: not measured: ${firstFrameError}`);
    }
  }

  let profile: unknown;
  let profileError: string | undefined;
  if (config.profile && targets.includes("codecam")) {
    try {
      const { profileServers } = await import("./profile.js");
      profile = await profileServers({ params: config.params, fromSource, targets, timeoutMs: config.scenarioTimeoutMs, beforeRun: quiet });
    } catch (err) {
      profileError = err instanceof Error ? err.message : String(err);
      console.log(`  profile: failed: ${profileError}`);
    }
  }

  meta.loadavgEnd = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const medians = computeMedians(runs);
  const rows = buildRows(medians, firstFrame);
  const { codecamEnv } = await import("./servers.js");
  const env = codecamEnv(0);
  delete (env as Partial<typeof env>).PORT;
  const result: BenchResult = {
    meta,
    mode,
    config,
    codecamServer: { command: codecamCommand, env, fromSource },
    runs,
    medians,
    rows,
    firstFrame,
    firstFrameError,
    profile,
    profileError,
    durationS: Math.round((performance.now() - started) / 100) / 10,
  };

  console.log("");
  if (mode === "smoke") console.log("smoke mode: tiny counts to check that the bench works; these figures are not measurements.");
  console.log(consoleTable(rows));
  console.log("");
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${path.relative(ROOT, outFile)}`);
  if (writeMd) {
    const { writeBenchmarksMd } = await import("./markdown.js");
    writeBenchmarksMd(result);
    console.log("wrote BENCHMARKS.md");
  }
  console.log(`done in ${result.durationS} s (load average at end ${meta.loadavgEnd.join(" ")})`);
  return result;
}

// Every child dies with us, whatever way we go.
process.on("exit", killAllChildren);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    killAllChildren();
    process.exit(130);
  });
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.join(ROOT, "bench/run.ts");
if (isMain) {
  main(process.argv.slice(2)).then(
    (result) => {
      const failed = result.runs.filter((r) => r.error).length;
      if (failed > 0) console.error(`${failed} scenario run(s) failed; see the errors above and in the JSON`);
      process.exitCode = failed > 0 ? 1 : 0;
    },
    (err: unknown) => {
      console.error(err);
      killAllChildren();
      process.exitCode = 2;
    },
  );
}
