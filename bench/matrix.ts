// The load scenarios: every scenario × target × repeat on a fresh server, targets in a rotating order within
// each repeat and scenario (so slow phases of the shared machine hit all of them), noisy runs repeated once.
import type { Target } from "./drivers.js";
import { LoadGen } from "./loadgen-client.js";
import type { Scenario } from "./loadgen/protocol.js";
import type { ModeConfig } from "./modes.js";
import type { QuietWait } from "./quiet-gate.js";
import { isNoisy, type RunRecord } from "./medians.js";
import { startServer } from "./servers.js";

export interface MatrixPlan {
  config: ModeConfig;
  targets: readonly Target[];
  scenarios: readonly Scenario[];
  fromSource: boolean;
  quiet: QuietWait;
}

export interface MatrixResult {
  runs: RunRecord[];
  /** How codecam was started (for the report); empty when it did not run. */
  codecamCommand: string;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  const n = items.length;
  return items.map((_, i) => items[(i + by) % n]!);
}

export async function runMatrix(plan: MatrixPlan): Promise<MatrixResult> {
  const { config } = plan;
  const loadgen = new LoadGen();
  const out: MatrixResult = { runs: [], codecamCommand: "" };
  let retriesLeft = config.maxRetries;
  try {
    for (let repeat = 0; repeat < config.repeats; repeat++) {
      for (const [si, scenario] of plan.scenarios.entries()) {
        if (scenario === "capacity" && repeat >= config.capacityRepeats) continue;
        for (const [slot, target] of rotate(plan.targets, repeat + si).entries()) {
          for (let attempt = 0; ; attempt++) {
            const record = await runOne(plan, loadgen, out, { repeat, scenario, target, slot, retry: attempt > 0 });
            out.runs.push(record);
            if (!record.noisy || attempt >= 1 || retriesLeft <= 0) break;
            retriesLeft--;
          }
        }
      }
    }
  } finally {
    await loadgen.close();
  }
  return out;
}

interface Slot {
  repeat: number;
  scenario: Scenario;
  target: Target;
  slot: number;
  retry: boolean;
}

async function runOne(plan: MatrixPlan, loadgen: LoadGen, out: MatrixResult, s: Slot): Promise<RunRecord> {
  const { config } = plan;
  const record: RunRecord = {
    repeat: s.repeat,
    scenario: s.scenario,
    target: s.target,
    slot: s.slot,
    startedAt: "",
    ...(s.retry ? { retry: true } : {}),
  };
  const q = await plan.quiet();
  if (q) {
    record.quietWaitMs = Math.round(q.waitedMs);
    record.busyBefore = Math.round(q.busyShare * 100) / 100;
  }
  record.startedAt = new Date().toISOString();
  const t0 = performance.now();
  let server;
  try {
    server = await startServer(s.target, { fromSource: plan.fromSource });
    if (s.target === "codecam") out.codecamCommand = server.command;
    record.figures = await loadgen.run(
      { scenario: s.scenario, target: s.target, baseUrl: server.baseUrl, serverPid: server.pid, params: config.params },
      config.scenarioTimeoutMs,
    );
    record.noisy = isNoisy(record.figures);
  } catch (err) {
    record.error = err instanceof Error ? err.message : String(err);
    if (server?.stderr()) record.error += `\nserver stderr: ${server.stderr().slice(-2000)}`;
  } finally {
    await server?.stop();
  }
  console.log(progressLine(record, config.repeats, (performance.now() - t0) / 1000));
  return record;
}

function progressLine(record: RunRecord, repeats: number, seconds: number): string {
  const f = record.figures;
  const summary = f
    ? Object.entries(f)
        .slice(0, 3)
        .map(([k, v]) => `${k}=${Number(v.toPrecision(4))}`)
        .join(" ")
    : `ERROR ${record.error}`;
  const noise =
    f?.other_cpu_share !== undefined
      ? `  (other load ${Math.round(f.other_cpu_share * 100)}%, steal ${Math.round((f.steal_share ?? 0) * 100)}%${record.noisy ? ", noisy" : ""})`
      : "";
  const waited =
    record.quietWaitMs && record.quietWaitMs > 600
      ? ` [waited ${(record.quietWaitMs / 1000).toFixed(1)} s for quiet]`
      : "";
  const tag = `[${record.repeat + 1}/${repeats}${record.retry ? " retry" : ""}]`;
  return `  ${tag} ${record.scenario.padEnd(10)} ${record.target.padEnd(8)} ${seconds.toFixed(1).padStart(5)} s  ${summary}${noise}${waited}`;
}
