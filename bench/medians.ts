// Which runs count and what they add up to: a run is noisy when other work took the machine, and a figure is the
// median over the quiet repeats of its scenario and target.
import type { Target } from "./drivers.js";
import type { Figures, Scenario } from "./loadgen/protocol.js";
import { median, round } from "./stats.js";

export interface RunRecord {
  repeat: number;
  scenario: Scenario;
  target: Target;
  /** Position of this target within this scenario's rotation for this repeat (0 = ran first). */
  slot: number;
  figures?: Figures;
  error?: string;
  startedAt: string;
  /** How long the run waited for the machine to be quiet before starting, and the busy share then. */
  quietWaitMs?: number;
  busyBefore?: number;
  /** Other processes and steal took more than NOISY_SHARE of the cores while it ran: left out of the medians when
   * enough quiet runs of the same scenario and target exist. */
  noisy?: boolean;
  /** This run repeats a noisy one (same repeat, scenario and target). */
  retry?: boolean;
}

/** A run during which other processes and hypervisor steal took more than this share of all cores is "noisy". */
export const NOISY_SHARE = 0.5;

export function isNoisy(figures: Figures | undefined): boolean {
  if (figures?.other_cpu_share === undefined) return false;
  return figures.other_cpu_share + (figures.steal_share ?? 0) > NOISY_SHARE;
}

/** Which runs a median is taken over: the quiet ones when there are at least two (or all, if fewer). */
export function medianBasis(runs: readonly RunRecord[], scenario: Scenario, target: Target): RunRecord[] {
  const ok = runs.filter((r) => r.scenario === scenario && r.target === target && r.figures);
  const quiet = ok.filter((r) => !r.noisy);
  return quiet.length >= Math.min(2, ok.length) ? quiet : ok;
}

export type Medians = Partial<Record<Scenario, Partial<Record<Target, Figures>>>>;

export function computeMedians(runs: readonly RunRecord[]): Medians {
  const out: Medians = {};
  const pairs = new Set(runs.filter((r) => r.figures).map((r) => `${r.scenario}/${r.target}`));
  for (const pair of pairs) {
    const [scenario, target] = pair.split("/") as [Scenario, Target];
    const basis = medianBasis(runs, scenario, target);
    const figs = basis.map((r) => r.figures!);
    const keys = new Set(figs.flatMap((f) => Object.keys(f)).filter((k) => !k.startsWith("_")));
    const med: Figures = {};
    for (const key of keys) med[key] = round(median(figs.map((f) => f[key] ?? Number.NaN)), 5);
    med._runs_used = basis.length;
    med._runs_total = runs.filter((r) => r.scenario === scenario && r.target === target && r.figures).length;
    out[scenario] = { ...out[scenario], [target]: med };
  }
  return out;
}
