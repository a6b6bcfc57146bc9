// Experiment (not part of `npm run bench`): RSS per idle Socket.IO connection for the switches of
// bench/experiments/socketio-memory.mjs, interleaved, 3 repeats, median. Run:
//   node --import tsx bench/experiments/socketio-memory.ts
import { spawn } from "node:child_process";
import path from "node:path";
import { runScenario } from "../loadgen.js";
import { MODES } from "../modes.js";
import { freePort, killAllChildren, ROOT, track } from "../servers.js";
import { median } from "../stats.js";

const variants: Record<string, Record<string, string>> = {
  default: {},
  "drop request": { DROP_REQUEST: "1" },
  "drop + strip request": { STRIP_REQUEST: "1" },
};
const results: Record<string, number[]> = {};
try {
  for (let repeat = 0; repeat < 3; repeat++) {
    for (const [name, env] of Object.entries(variants)) {
      const port = await freePort();
      const child = track(
        spawn(process.execPath, [path.join(ROOT, "bench/experiments/socketio-memory.mjs")], {
          env: { ...process.env, ...env, PORT: String(port) },
          stdio: "ignore",
        }),
      );
      const base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        try {
          if ((await fetch(base + "/healthz")).ok) break;
        } catch {}
        await new Promise((r) => setTimeout(r, 50));
      }
      const f = await runScenario({
        scenario: "capacity",
        target: "socketio",
        baseUrl: base,
        serverPid: child.pid!,
        params: MODES.full.params,
      });
      results[name] = [...(results[name] ?? []), f.rss_kb_per_socket!];
      console.log(`${repeat + 1} ${name.padEnd(22)} ${f.rss_kb_per_socket!.toFixed(2)} KB/socket`);
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }
  for (const [name, v] of Object.entries(results))
    console.log(`median ${name.padEnd(22)} ${median(v).toFixed(2)} KB/socket`);
} finally {
  killAllChildren();
}
