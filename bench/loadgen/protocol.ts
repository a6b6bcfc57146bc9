// The load generator's contract with the orchestrator: the scenarios, their parameters, and the IPC messages
// (bench/loadgen-client.ts sends a RunRequest to the child, bench/loadgen.ts answers with a RunReply).
import type { Target } from "../drivers.js";

export type Scenario = "rtt" | "pairing" | "throughput" | "capacity";
/** Not a benchmark figure: heap snapshots of the server with 0 and with N idle sockets (bench/profile.ts). */
export type ProfileScenario = "heap";
export const SCENARIOS: readonly Scenario[] = ["rtt", "pairing", "throughput", "capacity"];

export interface ScenarioParams {
  rtt: { warmup: number; count: number };
  pairing: { count: number; ice: number; sdpBytes: number };
  throughput: { pairs: number; window: number; warmupMs: number; durationMs: number };
  capacity: { count: number; concurrency: number; settleMs: number };
  /** Per-operation timeout (connect, join, one pairing). */
  opTimeoutMs: number;
}

export interface HeapParams {
  count: number;
  concurrency: number;
  settleMs: number;
  /** Where the server writes Heap.*.heapsnapshot (its --diagnostic-dir). */
  snapshotDir: string;
  /** A cheap GET the server answers once it is done writing a snapshot. */
  readyPath: string;
}

export interface RunRequest {
  id: number;
  scenario: Scenario | ProfileScenario;
  heap?: HeapParams;
  target: Target;
  baseUrl: string;
  serverPid: number;
  params: ScenarioParams;
}
export type Figures = Record<string, number>;
export type RunReply = { id: number; ok: true; figures: Figures } | { id: number; ok: false; error: string };
