// The load generator: a child process of bench/run.ts (forked with an IPC channel) that drives one target
// at a time and measures it. It reads the server's CPU and memory from /proc/<serverPid> itself, at the
// exact edges of each measured phase. It holds no state between scenarios; run.ts restarts it on a timeout.
// The scenarios are in bench/loadgen/ (scenarios.ts, heap.ts), the IPC messages in bench/loadgen/protocol.ts.
import os from "node:os";
import { closeHttpAgent, makeDriver } from "./drivers.js";
import { heap } from "./loadgen/heap.js";
import type { Figures, RunReply, RunRequest } from "./loadgen/protocol.js";
import { SCENARIO_RUNS } from "./loadgen/scenarios.js";
import { cpuMs, machineCpuMs } from "./proc.js";

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

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
    const figures = await SCENARIO_RUNS[req.scenario](driver, req.serverPid, req.params);
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
