// How much each kind of run measures: --smoke (the smoke test), --quick, and the full run.
import type { ScenarioParams } from "./loadgen.js";

export type Mode = "smoke" | "quick" | "full";

export interface ModeConfig {
  /** Waiting for a quiet machine before each run: at most perRunMs per run and totalMs in all (0: never). */
  quietWait: { perRunMs: number; totalMs: number };
  /** Noisy runs (see report.ts NOISY_SHARE) repeated right away, at most this many in all. */
  maxRetries: number;
  repeats: number;
  /** Memory figures vary much less than timings: the capacity scenario runs in the first N repeats only. */
  capacityRepeats: number;
  params: ScenarioParams;
  firstFrameRuns: number;
  profile: boolean;
  /** Time budget of one scenario on one target (the load generator is killed past it). */
  scenarioTimeoutMs: number;
}

export const MODES: Record<Mode, ModeConfig> = {
  smoke: {
    quietWait: { perRunMs: 0, totalMs: 0 },
    maxRetries: 0,
    repeats: 1,
    capacityRepeats: 1,
    params: {
      rtt: { warmup: 20, count: 100 },
      pairing: { count: 10, ice: 8, sdpBytes: 3072 },
      throughput: { pairs: 2, window: 4, warmupMs: 100, durationMs: 300 },
      capacity: { count: 50, concurrency: 20, settleMs: 200 },
      opTimeoutMs: 10_000,
    },
    firstFrameRuns: 1,
    profile: false,
    scenarioTimeoutMs: 30_000,
  },
  quick: {
    quietWait: { perRunMs: 5_000, totalMs: 30_000 },
    maxRetries: 3,
    repeats: 3,
    capacityRepeats: 2,
    params: {
      rtt: { warmup: 300, count: 2000 },
      pairing: { count: 100, ice: 8, sdpBytes: 3072 },
      throughput: { pairs: 10, window: 16, warmupMs: 300, durationMs: 1500 },
      capacity: { count: 1000, concurrency: 50, settleMs: 500 },
      opTimeoutMs: 15_000,
    },
    firstFrameRuns: 5,
    profile: false,
    scenarioTimeoutMs: 60_000,
  },
  full: {
    quietWait: { perRunMs: 10_000, totalMs: 60_000 },
    maxRetries: 8,
    repeats: 5,
    capacityRepeats: 3,
    params: {
      rtt: { warmup: 300, count: 2000 },
      pairing: { count: 150, ice: 8, sdpBytes: 3072 },
      throughput: { pairs: 16, window: 16, warmupMs: 300, durationMs: 1500 },
      capacity: { count: 2000, concurrency: 50, settleMs: 800 },
      opTimeoutMs: 20_000,
    },
    firstFrameRuns: 5,
    profile: false,
    scenarioTimeoutMs: 120_000,
  },
};
