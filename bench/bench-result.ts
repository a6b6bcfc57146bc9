// The shape of a bench run's result, as written to bench/results/*.json and read back to render BENCHMARKS.md.
import type { Meta } from "./meta.js";
import type { Mode, ModeConfig } from "./modes.js";
import type { Medians, RunRecord } from "./medians.js";
import type { Row } from "./report.js";
import type { SectionOutcome } from "./sections.js";

export interface BenchResult {
  meta: Meta;
  mode: Mode;
  config: ModeConfig;
  codecamServer: { command: string; env: Record<string, string>; fromSource: boolean };
  runs: RunRecord[];
  medians: Medians;
  rows: Row[];
  /** Each section's data or error, by its key (bench/sections.ts). */
  sections: Record<string, SectionOutcome>;
  durationS: number;
}
