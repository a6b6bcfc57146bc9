// Turning a bench run into figures: medians over repeats, ratios to the floor, the console table and the
// Markdown of BENCHMARKS.md.
import { TARGETS, type Target } from "./drivers.js";
import type { Figures, Scenario } from "./loadgen/protocol.js";
import type { FirstFrameResult } from "./firstframe/result.js";
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

function fmt(v: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return "—";
  const abs = Math.abs(v);
  if (abs >= 1000) return Math.round(v).toLocaleString("en-US");
  if (abs >= 100) return v.toFixed(0);
  if (abs >= 10) return v.toFixed(1);
  return v.toFixed(2);
}
function fmtRatio(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? "—" : `${v.toFixed(2)}×`;
}
function fmtGoal(row: Row): string {
  if (!row.goal) return "";
  const status = row.goal.met === undefined ? "not measured" : row.goal.met ? "met" : "MISSED";
  return `${row.goal.text}: ${status}`;
}

export function consoleTable(rows: readonly Row[]): string {
  const header = [
    "figure",
    "unit",
    "floor",
    "peerjs",
    "sio bare",
    "codecam",
    "codecam/floor",
    "peerjs/floor",
    "codecam/sio",
    "target",
  ];
  const body = rows.map((r) => [
    r.figure,
    r.unit,
    fmt(r.values.floor),
    fmt(r.values.peerjs),
    fmt(r.values.socketio),
    fmt(r.values.codecam),
    fmtRatio(r.codecamRatio),
    fmtRatio(r.peerjsRatio),
    fmtRatio(r.codecamToSocketio),
    fmtGoal(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join("\n");
}

export function markdownTable(rows: readonly Row[]): string {
  const out = [
    "| figure | unit | floor | peerjs | Socket.IO bare | codecam | codecam / floor | peerjs / floor | codecam / Socket.IO bare | target (codecam) |",
    "|---|---|--:|--:|--:|--:|--:|--:|--:|---|",
  ];
  for (const r of rows) {
    out.push(
      `| ${r.figure} | ${r.unit} | ${fmt(r.values.floor)} | ${fmt(r.values.peerjs)} | ${fmt(r.values.socketio)} | ${fmt(r.values.codecam)} | ${fmtRatio(r.codecamRatio)} | ${fmtRatio(r.peerjsRatio)} | ${fmtRatio(r.codecamToSocketio)} | ${fmtGoal(r).replace("MISSED", "**missed**")} |`,
    );
  }
  return out.join("\n");
}

/** Every figure of every repeat, one table per scenario. */
export function markdownRuns(runs: readonly RunRecord[]): string {
  const out: string[] = [];
  const scenarios = [...new Set(runs.map((r) => r.scenario))];
  for (const scenario of scenarios) {
    const rs = runs.filter((r) => r.scenario === scenario);
    const keys = [...new Set(rs.flatMap((r) => Object.keys(r.figures ?? {})))].filter((k) => !k.startsWith("_"));
    out.push(
      `#### ${scenario}`,
      "",
      `| repeat | order | target | in median | ${keys.join(" | ")} |`,
      `|--:|--:|---|---|${keys.map(() => "--:").join("|")}|`,
    );
    for (const r of rs) {
      const cells = r.figures
        ? keys.map((k) => fmt(r.figures![k]))
        : [`error: ${(r.error ?? "").replace(/\|/g, "/").slice(0, 160)}`];
      const used =
        r.figures && medianBasis(runs, r.scenario, r.target).includes(r) ? "yes" : r.figures ? "no (noisy)" : "no";
      out.push(
        `| ${r.repeat + 1}${r.retry ? " (retry)" : ""} | ${r.slot + 1} | ${r.target} | ${used} | ${cells.join(" | ")} |`,
      );
    }
    out.push("");
  }
  return out.join("\n");
}
