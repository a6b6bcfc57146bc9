// The glass-to-glass section of `npm run bench`: the mode's configuration turned into a measurement.
import type { BenchOptions } from "../cli.js";
import type { GlassLinkName } from "../modes.js";
import type { QuietWait } from "../quiet-gate.js";
import { CODECAM, CODECAM_LOW_DELAY, FLOOR, FLOOR_SAME_START, type GlassResult, measureGlass } from "./measure.js";
import { LINK_1_5, LINK_4, LINK_30, LOOPBACK, type ShapedLink } from "./shape.js";

export const LINKS: Record<GlassLinkName, ShapedLink> = {
  loopback: LOOPBACK,
  "30": LINK_30,
  "4": LINK_4,
  "1.5": LINK_1_5,
};

export async function runGlass(o: BenchOptions, quiet: QuietWait): Promise<GlassResult> {
  const g = o.config.glass;
  const links = g.links.map((name) => LINKS[name]);
  return measureGlass({
    variants: [CODECAM, CODECAM_LOW_DELAY, FLOOR, FLOOR_SAME_START],
    links,
    rounds: g.rounds,
    seconds: g.seconds,
    secondsByLink: Object.fromEntries(
      links.filter((l) => l.rateMbit !== undefined).map((l) => [l.name, g.shapedSeconds]),
    ),
    warmupSeconds: g.warmupSeconds,
    clipSeconds: g.clipSeconds,
    fromSource: o.fromSource,
    buildClient: o.fromSource,
    beforeRun: quiet,
    log: (line) => console.log(line),
  });
}
