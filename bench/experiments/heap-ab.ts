// Experiment (not part of `npm run bench`): what an idle socket costs in JS heap, by class, for codecam builds
// or node flags side by side: a heap snapshot with 0 and one with N idle sockets, diffed (bench/profile.ts).
//   node --import tsx bench/experiments/heap-ab.ts [--sockets 5000] NAME=DIR[,FLAG...] ...
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { LoadGen } from "../loadgen-client.js";
import { MODES } from "../modes.js";
import { diffHeaps } from "../profile/heap-diff.js";
import { killAllChildren, ROOT, startServer } from "../servers.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { sockets: { type: "string" }, top: { type: "string" } },
});
const sockets = Number(values.sockets ?? 5000);
const top = Number(values.top ?? 25);
const loadgen = new LoadGen();
try {
  for (const p of positionals) {
    const [spec, ...flags] = p.split(",");
    const [name, dir] = spec!.split("=") as [string, string];
    const snapDir = path.join("/tmp", `codecam-heap-${process.pid}-${name}`);
    rmSync(snapDir, { recursive: true, force: true });
    mkdirSync(snapDir, { recursive: true });
    const server = await startServer("codecam", {
      entry: path.resolve(ROOT, dir, "signaling/index.js"),
      nodeArgs: [...flags, "--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${snapDir}`],
    });
    try {
      const params = MODES.full.params;
      const figures = await loadgen.run(
        {
          scenario: "heap",
          target: "codecam",
          baseUrl: server.baseUrl,
          serverPid: server.pid,
          params,
          heap: { count: sockets, concurrency: 50, settleMs: 800, snapshotDir: snapDir, readyPath: "/healthz" },
        },
        300_000,
      );
      const files = readdirSync(snapDir)
        .filter((n) => n.endsWith(".heapsnapshot"))
        .map((n) => path.join(snapDir, n))
        .sort((x, y) => statSync(x).mtimeMs - statSync(y).mtimeMs);
      const h = diffHeaps("codecam", sockets, figures.rss_kb_per_socket ?? Number.NaN, files[0]!, files[1]!, top);
      console.log(
        `${name}: JS heap +${h.heapBytesPerSocket.toFixed(0)} B per socket, RSS +${h.rssKbPerSocket.toFixed(2)} KB per socket (${sockets} sockets)`,
      );
      for (const r of h.perSocket)
        console.log(
          `  ${r.cls.padEnd(40)} ${r.objects.toFixed(2).padStart(7)} objects ${r.bytes.toFixed(0).padStart(6)} B`,
        );
    } finally {
      await server.stop();
      rmSync(snapDir, { recursive: true, force: true });
    }
  }
} finally {
  await loadgen.close();
  killAllChildren();
}
