// Experiment (not part of `npm run bench`): one load scenario against several codecam builds or node flags,
// interleaved (the order rotates every repeat), each on a fresh server, medians; the floor runs in the same
// rotation so that every figure also has a ratio to it. Builds are made with
//   npx tsc -p tsconfig.build.json --outDir dist/ab/NAME/signaling
// and named NAME=dist/ab/NAME, optionally with node flags after commas: big=dist/ab/x,--max-semi-space-size=16
//   node --import tsx bench/experiments/codecam-ab.ts --scenario pairing [--repeats N] [--quick] NAME=DIR[,FLAG...] ...
// Before each run it waits (at most --quiet-wait ms, 60000) for other processes to take under 20% of the machine
// and runs again while they took more, --attempts times in all (4). On a machine that stays busy, lower both
// (e.g. --quiet-wait 5000 --attempts 2): every run prints the other load it saw, to state the noise with.
import path from "node:path";
import { parseArgs } from "node:util";
import { LoadGen } from "../loadgen-client.js";
import type { Scenario } from "../loadgen/protocol.js";
import { MODES } from "../modes.js";
import { waitForQuiet } from "../proc.js";
import { killAllChildren, ROOT, startServer, type RunningServer } from "../servers.js";
import { median } from "../stats.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    scenario: { type: "string" },
    repeats: { type: "string" },
    quick: { type: "boolean" },
    "no-floor": { type: "boolean" },
    "quiet-wait": { type: "string" },
    attempts: { type: "string" },
  },
});
const scenario = (values.scenario ?? "pairing") as Scenario;
const repeats = Number(values.repeats ?? 5);
const quietWaitMs = Number(values["quiet-wait"] ?? 60_000);
const attempts = Number(values.attempts ?? 4);
const params = MODES[values.quick ? "quick" : "full"].params;
const variants: Array<{ name: string; start: () => Promise<RunningServer> }> = [
  ...(values["no-floor"] ? [] : [{ name: "floor", start: () => startServer("floor") }]),
  ...positionals.map((p) => {
    const [spec, ...flags] = p.split(",");
    const [name, dir] = spec!.split("=") as [string, string];
    return {
      name,
      start: () => startServer("codecam", { entry: path.resolve(ROOT, dir, "signaling/index.js"), nodeArgs: flags }),
    };
  }),
];
const KEYS: Record<Scenario, string[]> = {
  rtt: ["p50_us", "server_cpu_us_per_rt"],
  pairing: ["pairings_per_s", "server_cpu_ms_per_pairing", "p50_ms"],
  throughput: ["server_cpu_us_per_msg", "messages_per_s", "server_msgs_per_cpu_s"],
  capacity: ["rss_kb_per_socket", "server_cpu_us_per_connect"],
};

const loadgen = new LoadGen();
const results: Record<string, Record<string, number[]>> = {};
try {
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(r + k) % variants.length]!;
      // A shared machine: wait for it to be quiet, and run again while others took > 20% of it.
      for (let attempt = 0; attempt < attempts; attempt++) {
        await waitForQuiet(quietWaitMs, 0.2);
        const server = await v.start();
        try {
          const target = v.name === "floor" ? "floor" : "codecam";
          const f = await loadgen.run(
            { scenario, target, baseUrl: server.baseUrl, serverPid: server.pid, params },
            120_000,
          );
          if ((f.other_cpu_share ?? 0) > 0.2 && attempt < attempts - 1) {
            console.log(
              `${r + 1} ${v.name.padEnd(14)} noisy (other load ${Math.round((f.other_cpu_share ?? 0) * 100)}%), again`,
            );
            continue;
          }
          const row = results[v.name] ?? {};
          results[v.name] = row;
          for (const key of KEYS[scenario]) row[key] = [...(row[key] ?? []), f[key]!];
          console.log(
            `${r + 1} ${v.name.padEnd(14)} ${KEYS[scenario].map((key) => `${key}=${f[key]!.toPrecision(4)}`).join(" ")}  (other load ${Math.round((f.other_cpu_share ?? 0) * 100)}%)`,
          );
          break;
        } finally {
          await server.stop();
        }
      }
    }
  }
  const floor = results.floor;
  for (const [name, row] of Object.entries(results)) {
    const cells = KEYS[scenario].map((key) => {
      const m = median(row[key]!);
      const ratio = floor && name !== "floor" ? ` (${(m / median(floor[key]!)).toFixed(2)}× floor)` : "";
      return `${key}=${m.toPrecision(4)}${ratio}`;
    });
    console.log(`median ${name.padEnd(14)} ${cells.join("  ")}`);
  }
} finally {
  await loadgen.close();
  killAllChildren();
}
