// The figures of BENCHMARKS.md and their targets: each median set beside the floor's, as rows with ratios and a
// met or missed goal for codecam.
import { TARGETS, type Target } from "./drivers.js";
import type { FirstFrameResult } from "./firstframe/result.js";
import type { Scenario } from "./loadgen/protocol.js";
import type { Medians } from "./medians.js";
import { round } from "./stats.js";

export interface Row {
  figure: string;
  unit: string;
  scenario: Scenario | "firstframe";
  key: string;
  /** Which way is better, for the ratio's reading. */
  better: "lower" | "higher";
  values: Partial<Record<Target, number>>;
  /** codecam / floor, peerjs / floor, and codecam / bare Socket.IO. */
  codecamRatio?: number | undefined;
  peerjsRatio?: number | undefined;
  codecamToSocketio?: number | undefined;
  goal?: { text: string; met: boolean | undefined };
}

const FIGURES: Array<{
  figure: string;
  unit: string;
  scenario: Scenario;
  key: string;
  better: "lower" | "higher";
  goal?: { op: "<=" | ">="; ratio: number };
}> = [
  {
    figure: "1. round trip p50",
    unit: "µs",
    scenario: "rtt",
    key: "p50_us",
    better: "lower",
    goal: { op: "<=", ratio: 1.3 },
  },
  { figure: "1. round trip p99", unit: "µs", scenario: "rtt", key: "p99_us", better: "lower" },
  { figure: "1. server CPU per round trip", unit: "µs", scenario: "rtt", key: "server_cpu_us_per_rt", better: "lower" },
  {
    figure: "2. pairings/s",
    unit: "/s",
    scenario: "pairing",
    key: "pairings_per_s",
    better: "higher",
    goal: { op: ">=", ratio: 0.8 },
  },
  { figure: "2. pairing p50", unit: "ms", scenario: "pairing", key: "p50_ms", better: "lower" },
  { figure: "2. pairing p99", unit: "ms", scenario: "pairing", key: "p99_ms", better: "lower" },
  {
    figure: "2. server CPU per pairing",
    unit: "ms",
    scenario: "pairing",
    key: "server_cpu_ms_per_pairing",
    better: "lower",
    goal: { op: "<=", ratio: 1.3 },
  },
  {
    figure: "3. RSS per idle socket",
    unit: "KB",
    scenario: "capacity",
    key: "rss_kb_per_socket",
    better: "lower",
    goal: { op: "<=", ratio: 1.3 },
  },
  { figure: "3. connect rate", unit: "/s", scenario: "capacity", key: "connects_per_s", better: "higher" },
  {
    figure: "3. server CPU per connect",
    unit: "µs",
    scenario: "capacity",
    key: "server_cpu_us_per_connect",
    better: "lower",
  },
  // Not a target: on 2 shared cores the socket.io-client load generator saturates its own core first.
  { figure: "4. forwarded messages/s", unit: "/s", scenario: "throughput", key: "messages_per_s", better: "higher" },
  {
    figure: "4. server CPU per forwarded message",
    unit: "µs",
    scenario: "throughput",
    key: "server_cpu_us_per_msg",
    better: "lower",
    goal: { op: "<=", ratio: 1.3 },
  },
  {
    figure: "4. messages per server CPU-second",
    unit: "/s",
    scenario: "throughput",
    key: "server_msgs_per_cpu_s",
    better: "higher",
  },
  {
    figure: "4. server busy share during the run",
    unit: "",
    scenario: "throughput",
    key: "server_cpu_share",
    better: "higher",
  },
];

export function buildRows(
  medians: Medians,
  firstFrame: FirstFrameResult | undefined,
  firstFrameWifi?: FirstFrameResult,
): Row[] {
  const rows: Row[] = [];
  for (const f of FIGURES) {
    const byTarget = medians[f.scenario] ?? {};
    const values: Partial<Record<Target, number>> = {};
    for (const t of TARGETS) {
      const v = byTarget[t]?.[f.key];
      if (v !== undefined) values[t] = v;
    }
    const ratio = (t: Target, base: Target = "floor") =>
      values[t] !== undefined && values[base] !== undefined && values[base] !== 0
        ? round(values[t]! / values[base]!, 3)
        : undefined;
    const codecamRatio = ratio("codecam");
    const row: Row = {
      figure: f.figure,
      unit: f.unit,
      scenario: f.scenario,
      key: f.key,
      better: f.better,
      values,
      codecamRatio,
      peerjsRatio: ratio("peerjs"),
      codecamToSocketio: ratio("codecam", "socketio"),
    };
    if (f.goal) {
      const met =
        codecamRatio === undefined || !Number.isFinite(codecamRatio)
          ? undefined
          : f.goal.op === "<="
            ? codecamRatio <= f.goal.ratio
            : codecamRatio >= f.goal.ratio;
      row.goal = { text: `${f.goal.op} ${f.goal.ratio}× floor`, met };
    }
    rows.push(row);
  }
  rows.push(...firstFrameRows("", firstFrame, 600));
  rows.push(...firstFrameRows(" (simulated phone Wi-Fi)", firstFrameWifi, 900));
  return rows;
}

function firstFrameRows(link: string, ff: FirstFrameResult | undefined, goalMs: number): Row[] {
  const measured = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v);
  const open = ff?.openToFrameP50Ms;
  const join = ff?.joinToFrameP50Ms;
  return [
    {
      figure: `5. first frame p50${link}, camera page opened → viewer frame`,
      unit: "ms",
      scenario: "firstframe",
      key: link ? "wifi.openToFrameP50Ms" : "openToFrameP50Ms",
      better: "lower",
      values: measured(open) ? { codecam: round(open, 4) } : {},
      goal: { text: `<= ${goalMs} ms`, met: measured(open) ? open <= goalMs : undefined },
    },
    {
      figure: `5. first frame p50${link}, join_room_success → viewer frame`,
      unit: "ms",
      scenario: "firstframe",
      key: link ? "wifi.joinToFrameP50Ms" : "joinToFrameP50Ms",
      better: "lower",
      values: measured(join) ? { codecam: round(join, 4) } : {},
    },
  ];
}
