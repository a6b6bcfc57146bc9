// Experiment (not part of `npm run bench`): CPU profiles of two targets under the same scenario, interleaved,
// summarized side by side in µs per operation by package. Run, e.g.:
//   node --import tsx bench/experiments/profile-compare.ts rtt socketio codecam
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import type { Target } from "../drivers.js";
import { LoadGen } from "../loadgen-client.js";
import type { Scenario } from "../loadgen/protocol.js";
import { summarizeCpuProfile } from "../profile/cpu-summary.js";
import { waitForQuiet } from "../proc.js";
import { MODES } from "../modes.js";
import { killAllChildren, ROOT, startServer } from "../servers.js";

const [scenario = "rtt", ...targets] = process.argv.slice(2) as [Scenario, ...Target[]];
const dir = path.join(ROOT, "bench/results/profile-compare");
rmSync(dir, { recursive: true, force: true });
const loadgen = new LoadGen();
const ops = (f: Record<string, number>) => f.round_trips ?? f.messages ?? f.pairings ?? f.sockets ?? 1;
try {
  for (let repeat = 0; repeat < 2; repeat++) {
    for (const target of repeat % 2 ? [...targets].reverse() : targets) {
      await waitForQuiet(15_000);
      const d = path.join(dir, `${target}-${repeat}`);
      mkdirSync(d, { recursive: true });
      const server = await startServer(target, {
        nodeArgs: ["--cpu-prof", "--cpu-prof-dir", d, "--cpu-prof-interval", "250"],
      });
      const figures = await loadgen.run(
        { scenario, target, baseUrl: server.baseUrl, serverPid: server.pid, params: MODES.full.params },
        120_000,
      );
      await server.stop();
      const file = readdirSync(d).find((f) => f.split(".").at(-3) === "0")!;
      const s = summarizeCpuProfile(
        path.join(d, file),
        { startUs: figures._window_start_us!, endUs: figures._window_end_us! },
        40,
      );
      const n = ops(figures);
      console.log(
        `\n=== ${target} ${scenario} (repeat ${repeat + 1}): ${n} ops, other load ${Math.round((figures.other_cpu_share ?? 0) * 100)}%, busy ${((s.busyMs * 1000) / n).toFixed(1)} µs/op (profile), server CPU ${JSON.stringify(
          Object.fromEntries(
            Object.entries(figures)
              .filter(([k]) => k.startsWith("server_cpu_us"))
              .map(([k, v]) => [k, +v.toFixed(1)]),
          ),
        )}`,
      );
      for (const a of s.byArea.slice(0, 14))
        console.log(`  ${((a.selfMs * 1000) / n).toFixed(2).padStart(8)} µs/op  ${a.area}`);
      console.log("  top functions:");
      for (const f of s.topSelf.slice(0, 25))
        console.log(`  ${((f.selfMs * 1000) / n).toFixed(2).padStart(8)} µs/op  ${f.fn} ${f.where}`);
      if (s.ownInclusive.length) console.log("  codecam's own functions, inclusive:");
      for (const f of s.ownInclusive.slice(0, 20))
        console.log(`  ${((f.totalMs * 1000) / n).toFixed(2).padStart(8)} µs/op  ${f.fn} ${f.where}`);
    }
  }
} finally {
  await loadgen.close();
  killAllChildren();
}
