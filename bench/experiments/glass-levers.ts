// Issue 20, item 5: the levers on the glass-to-glass delay, each measured on codecam's pages (applied by the
// bench's init script, bench/glass/instrument.ts, so the product is unchanged) beside codecam as shipped and the
// bare-WebRTC floor, in interleaved rounds. Run in the bench's namespace (shaping needs it):
//   npm run build:client && sh e2e/isolated.sh node --import tsx bench/experiments/glass-levers.ts \
//     [--rounds 2] [--seconds 15] [--links loopback,4] [--only name,name]
// Prints a Markdown table (means over rounds; ratios to codecam as shipped and to the floor on the same link) and
// writes bench/results/glass-levers.json.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CODECAM, CODECAM_LOW_DELAY, FLOOR, FLOOR_SAME_START, measureGlass, type Variant } from "../glass/measure.js";
import { LINKS } from "../glass/section.js";
import type { GlassLinkName } from "../modes.js";
import { waitForQuiet } from "../proc.js";
import { ROOT } from "../servers.js";

const codecam = (name: string, levers: NonNullable<Variant["levers"]>): Variant => ({
  name,
  target: "codecam",
  levers,
});
export const LEVERS: Variant[] = [
  CODECAM,
  FLOOR,
  FLOOR_SAME_START,
  CODECAM_LOW_DELAY,
  codecam("jitterBufferTarget 0", { jitterBufferTargetMs: 0 }),
  codecam("jitterBufferTarget 100", { jitterBufferTargetMs: 100 }),
  codecam("maintain-framerate", { degradationPreference: "maintain-framerate" }),
  codecam("maintain-resolution", { degradationPreference: "maintain-resolution" }),
  codecam("VP9", { codec: "VP9" }),
  codecam("H264", { codec: "H264" }),
  codecam("AV1", { codec: "AV1" }),
  codecam("start 300 kbps", { startBitrateKbps: 300 }),
  codecam("start 2500 kbps", { startBitrateKbps: 2500 }),
  codecam("scale ½", { scaleResolutionDownBy: 2 }),
];

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "2" },
    seconds: { type: "string", default: "15" },
    links: { type: "string", default: "loopback,4" },
    only: { type: "string" },
  },
});
const only = values.only?.split(",");
const variants = LEVERS.filter((v) => !only || only.includes(v.name) || v === CODECAM || v === FLOOR);
const links = values.links.split(",").map((l) => {
  const link = LINKS[l as GlassLinkName];
  if (!link) throw new Error(`unknown link ${l}`);
  return link;
});
const result = await measureGlass({
  variants,
  links,
  rounds: Number(values.rounds),
  seconds: Number(values.seconds),
  warmupSeconds: 5,
  clipSeconds: 20,
  fromSource: false,
  buildClient: false,
  beforeRun: () => waitForQuiet(10_000),
  log: (line) => console.log(line),
});
mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
writeFileSync(path.join(ROOT, "bench/results/glass-levers.json"), `${JSON.stringify(result, null, 2)}\n`);

const f = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : "—");
console.log(
  "\n| link | variant | mean ms | p50 | p95 | p99 | mean / shipped | p95 / shipped | mean / floor | delivered | fps | stalls | codec | applied |",
);
console.log("|---|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|---|---|");
for (const s of result.summaries) {
  const base = result.summaries.find((b) => b.link === s.link && b.variant === CODECAM.name);
  const runs = result.runs.filter((r) => r.link === s.link && r.variant === s.variant);
  const codecs = [...new Set(runs.map((r) => r.codec?.split(" ")[0]).filter(Boolean))].join(", ");
  const applied = [...new Set(runs.map((r) => JSON.stringify(r.applied ?? {})))].join(" ");
  console.log(
    `| ${s.link} | ${s.variant} | ${f(s.meanMs)} | ${f(s.p50Ms)} | ${f(s.p95Ms)} | ${f(s.p99Ms)} | ${base ? (s.meanMs / base.meanMs).toFixed(2) : "—"}× | ${base ? (s.p95Ms / base.p95Ms).toFixed(2) : "—"}× | ${s.ratio ? s.ratio.meanMs.toFixed(2) : "—"}× | ${s.width}×${s.height} | ${s.fps.toFixed(1)} | ${s.stalls} | ${codecs} | ${applied} |`,
  );
}
for (const r of result.runs.filter((r) => r.error || r.pageErrors))
  console.log(`  ${r.link} ${r.variant} round ${r.round}: ${r.error ?? ""} ${(r.pageErrors ?? []).join("; ")}`);
