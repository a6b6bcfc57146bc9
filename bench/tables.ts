// The rows as text: the console table a run prints, and the Markdown tables bench/markdown.ts puts in
// BENCHMARKS.md (the summary and every figure of every repeat).
import { medianBasis, type RunRecord } from "./medians.js";
import type { Row } from "./report.js";

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
