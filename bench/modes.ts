// How much each kind of run measures: --smoke (the smoke test), --quick, and the full run.
import type { ScenarioParams } from "./loadgen/protocol.js";

export type Mode = "smoke" | "quick" | "full";

/**
 * The glass-to-glass figure's links: loopback as it is, and UDP on loopback shaped to 30, 4 and 1.5 Mbit/s (the
 * last, not in the default set, is below what Chromium sends for 720p: the only one of them that binds).
 */
export const GLASS_LINKS = ["loopback", "30", "4", "1.5"] as const;
export type GlassLinkName = (typeof GLASS_LINKS)[number];

export interface GlassConfig {
  /** Interleaved rounds: codecam and the floor once each per round and link, the order rotating. */
  rounds: number;
  /** Seconds measured per run on loopback and on the shaped links (after the warm-up). */
  seconds: number;
  shapedSeconds: number;
  warmupSeconds: number;
  /** The generated clip's length (it loops; at least 20 s outside the smoke run). */
  clipSeconds: number;
  links: GlassLinkName[];
}

export interface ModeConfig {
  /** Waiting for a quiet machine before each run: at most perRunMs per run and totalMs in all (0: never). */
  quietWait: { perRunMs: number; totalMs: number };
  /** Noisy runs (see medians.ts NOISY_SHARE) repeated right away, at most this many in all. */
  maxRetries: number;
  repeats: number;
  /** Memory figures vary much less than timings: the capacity scenario runs in the first N repeats only. */
  capacityRepeats: number;
  params: ScenarioParams;
  firstFrameRuns: number;
  profile: boolean;
  /** Time budget of one scenario on one target (the load generator is killed past it). */
  scenarioTimeoutMs: number;
  glass: GlassConfig;
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
    glass: { rounds: 1, seconds: 3, shapedSeconds: 3, warmupSeconds: 1, clipSeconds: 2, links: ["loopback"] },
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
    glass: { rounds: 2, seconds: 20, shapedSeconds: 20, warmupSeconds: 5, clipSeconds: 20, links: ["loopback", "4"] },
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
    glass: {
      rounds: 3,
      seconds: 20,
      shapedSeconds: 20,
      warmupSeconds: 8,
      clipSeconds: 20,
      links: ["loopback", "30", "4"],
    },
  },
};
