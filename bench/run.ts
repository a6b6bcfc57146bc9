// `npm run bench [-- --smoke|--quick] [options]`: codecam's signaling server measured side by side with a
// minimal `ws` relay (the floor), peerjs-server and a bare Socket.IO server, on loopback, interleaved, several
// repeats, medians; then the sections (first frame in Chromium, profiles, ...). Prints a table, writes
// bench/results/latest.json and (full runs) BENCHMARKS.md. See BENCHMARKS.md "Method".
//   cli.ts      options          matrix.ts   load scenarios × targets × repeats
//   sections.ts what runs after  result.ts   assembling, printing and writing the result
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseOptions, USAGE } from "./cli.js";
import { runMatrix } from "./matrix.js";
import { collectMeta } from "./meta.js";
import { quietGate } from "./quiet-gate.js";
import { assembleResult, publishResult, type BenchResult } from "./result.js";
import { runSections } from "./sections.js";
import { killAllChildren, ROOT } from "./servers.js";

export type { BenchResult } from "./result.js";

export async function main(argv: string[]): Promise<BenchResult | undefined> {
  const parsed = parseOptions(argv);
  if (parsed.kind === "help") {
    console.log(USAGE);
    return undefined;
  }
  if (parsed.kind === "md-from") {
    const saved = JSON.parse(readFileSync(parsed.file, "utf8")) as BenchResult;
    const { writeBenchmarksMd } = await import("./markdown.js");
    writeBenchmarksMd(saved);
    console.log(`wrote BENCHMARKS.md from ${path.relative(ROOT, parsed.file)}`);
    return saved;
  }
  const o = parsed.options;
  const started = performance.now();
  const meta = collectMeta(o.command);
  console.log(
    `codecam bench (${o.mode}): ${meta.nproc} × ${meta.cpuModel}, node ${meta.node}, load average ${meta.loadavgStart.join(" ")}`,
  );
  if (o.onlyFirstFrame) console.log(`first frame only: ${o.config.firstFrameRuns} run(s)`);
  else if (o.onlyGlass) console.log(`glass to glass only: ${o.config.glass.rounds} round(s)`);
  else
    console.log(
      `targets ${o.targets.join(", ")}; scenarios ${o.scenarios.join(", ")}; ${o.config.repeats} repeat(s), interleaved`,
    );

  const quiet = quietGate(o.config.quietWait);
  const matrix = await runMatrix({
    config: o.config,
    targets: o.targets,
    scenarios: o.scenarios,
    fromSource: o.fromSource,
    quiet,
  });
  const sections = await runSections({ options: o, quiet });
  const result = assembleResult(o, meta, matrix, sections, started);
  await publishResult(result, o);
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
      const failed = result?.runs.filter((r) => r.error).length ?? 0;
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
