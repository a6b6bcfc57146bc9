// `npm run bench` options: what to run, how much of it, and where the results go.
import path from "node:path";
import { parseArgs } from "node:util";
import { TARGETS, type Target } from "./drivers.js";
import { SCENARIOS, type Scenario } from "./loadgen/protocol.js";
import { GLASS_LINKS, MODES, type Mode, type ModeConfig } from "./modes.js";
import { ROOT } from "./servers.js";

export const USAGE = `usage: npm run bench [-- options]
  --smoke            tiny counts, a few seconds (used by bench/bench.smoke.test.ts)
  --quick            fewer repeats and smaller counts
  (default)          full run: writes bench/results/latest.json and BENCHMARKS.md
  --repeats N        override the number of repeats
  --targets a,b      subset of floor,peerjs,socketio,codecam
  --scenarios a,b    subset of rtt,pairing,throughput,capacity
  --no-firstframe    skip figure 5 (Chromium), loopback and simulated Wi-Fi
  --no-wifi          skip figure 5 over the simulated phone Wi-Fi link only
  --only firstframe  run figure 5 alone, --repeats N times (default the mode's count), and print its milestones
  --only glass       run the glass-to-glass figure alone (codecam and the bare-WebRTC floor in Chromium)
  --no-glass         skip the glass-to-glass figure
  --glass-rounds N   interleaved rounds of the glass-to-glass figure (default: full 3, quick 2, smoke 1)
  --glass-links a,b  from loopback,30,4,1.5 (Mbit/s, tc-shaped; default loopback,30,4; needs e2e/isolated.sh)
  --glass-long       measure 60 s per run on the shaped links (the stall check) instead of 20 s
  --profile          then profile the servers (CPU profiles, heap snapshots) for BENCHMARKS.md "Where the time goes"
  --no-profile       do not profile
  --from-source      run codecam from signaling/index.ts through tsx (no build needed)
  --out FILE         JSON output (default bench/results/latest.json, smoke: bench/results/smoke.json)
  --no-md            do not write BENCHMARKS.md
  --md-from FILE     only rewrite BENCHMARKS.md from a saved full run's JSON (e.g. bench/results/latest.json)`;

export interface BenchOptions {
  mode: Mode;
  /** The mode's configuration with the command line's overrides applied. */
  config: ModeConfig;
  targets: Target[];
  scenarios: Scenario[];
  /** Figure 5 only: no load scenarios, no profile. */
  onlyFirstFrame: boolean;
  /** The glass-to-glass figure only: no load scenarios, no first frame, no profile. */
  onlyGlass: boolean;
  glass: boolean;
  firstFrame: boolean;
  wifi: boolean;
  fromSource: boolean;
  outFile: string;
  writeMd: boolean;
  /** The command line as typed, for the report. */
  command: string;
}

export type Parsed = { kind: "help" } | { kind: "md-from"; file: string } | { kind: "run"; options: BenchOptions };

function list<T extends string>(value: string | undefined, allowed: readonly T[], what: string): T[] {
  if (!value) return [...allowed];
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean) as T[];
  for (const item of items)
    if (!allowed.includes(item)) throw new Error(`unknown ${what} "${item}" (allowed: ${allowed.join(", ")})`);
  return items;
}

export function parseOptions(argv: string[]): Parsed {
  const { values } = parseArgs({
    args: argv,
    options: {
      smoke: { type: "boolean" },
      quick: { type: "boolean" },
      repeats: { type: "string" },
      targets: { type: "string" },
      scenarios: { type: "string" },
      "no-firstframe": { type: "boolean" },
      "no-wifi": { type: "boolean" },
      "no-glass": { type: "boolean" },
      "glass-rounds": { type: "string" },
      "glass-links": { type: "string" },
      "glass-long": { type: "boolean" },
      only: { type: "string" },
      "no-profile": { type: "boolean" },
      profile: { type: "boolean" },
      "from-source": { type: "boolean" },
      out: { type: "string" },
      "no-md": { type: "boolean" },
      "md-from": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return { kind: "help" };
  if (values["md-from"]) return { kind: "md-from", file: path.resolve(ROOT, values["md-from"]) };

  const mode: Mode = values.smoke ? "smoke" : values.quick ? "quick" : "full";
  const config: ModeConfig = structuredClone(MODES[mode]);
  if (values.only !== undefined && values.only !== "firstframe" && values.only !== "glass")
    throw new Error(`--only takes "firstframe" or "glass", not "${values.only}"`);
  const onlyFirstFrame = values.only === "firstframe";
  const onlyGlass = values.only === "glass";
  if (values["glass-rounds"]) config.glass.rounds = Math.max(1, Number(values["glass-rounds"]));
  if (values["glass-links"]) config.glass.links = list(values["glass-links"], GLASS_LINKS, "glass link");
  if (values["glass-long"]) config.glass.shapedSeconds = 60;
  if (onlyGlass) {
    config.repeats = 0;
    config.profile = false;
  } else if (onlyFirstFrame) {
    // The load scenarios are skipped; --repeats counts first-frame runs instead.
    if (values.repeats) config.firstFrameRuns = Math.max(1, Number(values.repeats));
    config.repeats = 0;
    config.profile = false;
  } else if (values.repeats) {
    config.repeats = Math.max(1, Number(values.repeats));
    config.capacityRepeats = Math.min(config.capacityRepeats, config.repeats);
  }
  if (values["no-profile"]) config.profile = false;
  if (values.profile && !onlyFirstFrame) config.profile = true;
  const defaultOut = onlyFirstFrame
    ? "bench/results/firstframe.json"
    : onlyGlass
      ? "bench/results/glass.json"
      : mode === "smoke"
        ? "bench/results/smoke.json"
        : "bench/results/latest.json";
  return {
    kind: "run",
    options: {
      mode,
      config,
      targets: list(values.targets, TARGETS, "target"),
      scenarios: list(values.scenarios, SCENARIOS, "scenario"),
      onlyFirstFrame,
      onlyGlass,
      glass: !values["no-glass"] && !onlyFirstFrame,
      firstFrame: !values["no-firstframe"] && !onlyGlass,
      wifi: !values["no-firstframe"] && !values["no-wifi"] && !onlyGlass,
      fromSource: values["from-source"] ?? false,
      outFile: path.resolve(ROOT, values.out ?? defaultOut),
      writeMd:
        mode === "full" && !onlyFirstFrame && !onlyGlass && !values["no-md"] && !values.targets && !values.scenarios,
      command: `npm run bench${argv.length ? ` -- ${argv.join(" ")}` : ""}`,
    },
  };
}
