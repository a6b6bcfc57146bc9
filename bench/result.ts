// A bench run's result: assembled from the load scenarios and the sections, printed, written as JSON and (full
// runs) rendered into BENCHMARKS.md.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchResult } from "./bench-result.js";
import type { BenchOptions } from "./cli.js";
import type { MatrixResult } from "./matrix.js";
import type { Meta } from "./meta.js";
import type { FirstFrameResult } from "./firstframe/result.js";
import { computeMedians } from "./medians.js";
import { buildRows } from "./report.js";
import { consoleTable } from "./tables.js";
import { sectionData, type SectionOutcome } from "./sections.js";
import { codecamEnv, ROOT } from "./servers.js";

export type { BenchResult } from "./bench-result.js";

export function assembleResult(
  o: BenchOptions,
  meta: Meta,
  matrix: MatrixResult,
  sections: Record<string, SectionOutcome>,
  startedMs: number,
): BenchResult {
  meta.loadavgEnd = os.loadavg().map((v) => Math.round(v * 100) / 100);
  const medians = computeMedians(matrix.runs);
  const rows = buildRows(
    medians,
    sectionData<FirstFrameResult>(sections, "firstFrame"),
    sectionData<FirstFrameResult>(sections, "firstFrameWifi"),
  );
  const env: Partial<Record<string, string>> = codecamEnv(0);
  delete env.PORT;
  return {
    meta,
    mode: o.mode,
    config: o.config,
    codecamServer: { command: matrix.codecamCommand, env: env as Record<string, string>, fromSource: o.fromSource },
    runs: matrix.runs,
    medians,
    rows,
    sections,
    durationS: Math.round((performance.now() - startedMs) / 100) / 10,
  };
}

export async function publishResult(result: BenchResult, o: BenchOptions): Promise<void> {
  console.log("");
  if (result.mode === "smoke")
    console.log("smoke mode: tiny counts to check that the bench works; these figures are not measurements.");
  console.log(consoleTable(result.rows));
  console.log("");
  mkdirSync(path.dirname(o.outFile), { recursive: true });
  writeFileSync(o.outFile, JSON.stringify(result, null, 2) + "\n");
  console.log(`wrote ${path.relative(ROOT, o.outFile)}`);
  if (o.writeMd) {
    const { writeBenchmarksMd } = await import("./markdown.js");
    writeBenchmarksMd(result);
    console.log("wrote BENCHMARKS.md");
  }
  console.log(`done in ${result.durationS} s (load average at end ${(result.meta.loadavgEnd ?? []).join(" ")})`);
}
