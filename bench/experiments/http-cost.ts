// Experiment (not part of `npm run bench`): server CPU per `POST /api/code/generate` on a reused connection,
// for codecam builds side by side (interleaved, several repeats, median), and for the floor's bare `http`
// handler. Run (after `npm run build:server`; a second build can be given as NAME=DIST_DIR):
//   node --import tsx bench/experiments/http-cost.ts [--count N] [--repeats N] [--cpu-prof] [NAME=DIR ...]
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { cpuSchedNs } from "../proc.js";
import { killAllChildren, ROOT, startServer, type RunningServer } from "../servers.js";
import { median } from "../stats.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    count: { type: "string" },
    repeats: { type: "string" },
    "cpu-prof": { type: "boolean" },
    path: { type: "string" },
    method: { type: "string" },
  },
});
const count = Number(values.count ?? 3000);
const repeats = Number(values.repeats ?? 5);
const method = values.method ?? "POST";
const urlPath = values.path ?? "/api/code/generate";
const variants: Array<{ name: string; start: () => Promise<RunningServer> }> = [
  { name: "floor (bare http)", start: () => startServer("floor") },
  ...(positionals.length ? positionals : ["current=dist"]).map((p) => {
    const [name, dir] = p.split("=") as [string, string];
    const entry = path.resolve(ROOT, dir, "signaling/index.js");
    return {
      name,
      start: () =>
        startServer("codecam", {
          nodeArgs: values["cpu-prof"]
            ? ["--cpu-prof", "--cpu-prof-dir=/tmp/perf/prof", "--cpu-prof-interval=100"]
            : [],
          entry,
        }),
    };
  }),
];

function request(agent: http.Agent, base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      base + urlPath,
      {
        method,
        agent,
        headers: method === "POST" ? { "content-type": "application/json", "content-length": "2" } : {},
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(method === "POST" ? "{}" : undefined);
  });
}

const results: Record<string, number[]> = {};
try {
  for (let r = 0; r < repeats; r++) {
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(r + k) % variants.length]!;
      const server = await v.start();
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < 200; i++) await request(agent, server.baseUrl); // warm-up
      const cpu0 = cpuSchedNs(server.pid);
      for (let i = 0; i < count; i++) {
        const status = await request(agent, server.baseUrl);
        if (status >= 400) throw new Error(`${v.name}: HTTP ${status}`);
      }
      const us = (cpuSchedNs(server.pid) - cpu0) / 1000 / count;
      agent.destroy();
      await server.stop();
      results[v.name] = [...(results[v.name] ?? []), us];
      console.log(`${r + 1} ${v.name.padEnd(20)} ${us.toFixed(1)} µs server CPU per request`);
    }
  }
  for (const [name, v] of Object.entries(results)) console.log(`median ${name.padEnd(20)} ${median(v).toFixed(1)} µs`);
} finally {
  killAllChildren();
}
