// What a bench run measures after the load scenarios, one entry per section. A section runs once per bench run,
// its result (or its error) is kept in the JSON under its key, and it can print a summary line and render its
// own part of BENCHMARKS.md. To add one, write it in its own module and add an entry to SECTIONS.
import type { BenchOptions } from "./cli.js";
import type { FirstFrameResult } from "./firstframe/result.js";
import type { QuietWait } from "./quiet-gate.js";
import { PHONE_WIFI } from "./link.js";
import { formatRedisScaling, type RedisScalingResult } from "./redis-scaling.js";
import { glassMarkdown, glassSummary } from "./glass/report.js";
import type { GlassResult } from "./glass/measure.js";

export interface SectionContext {
  options: BenchOptions;
  quiet: QuietWait;
}

export interface Section<T = unknown> {
  key: string;
  /** Heading of its part of BENCHMARKS.md (when it renders one). */
  title: string;
  wanted(o: BenchOptions): boolean;
  run(ctx: SectionContext): Promise<T>;
  /** Printed after it ran. */
  summary?(data: T, o: BenchOptions): string[];
  /** Its own part of BENCHMARKS.md (first frame and profile are rendered by markdown.ts itself). */
  markdown?(data: T): string;
}

export type SectionOutcome = { data: unknown } | { error: string };

const codecamRuns = (o: BenchOptions) => o.targets.includes("codecam");

function firstFrameSummary(label: string) {
  return (ff: FirstFrameResult, o: BenchOptions) => {
    const lines = [
      `  first frame, ${label}: ${ff.runs.map((r) => Math.round(r.openToFrameMs)).join(", ")} ms (open → frame)${ff.errors.length ? `; errors: ${ff.errors.join("; ")}` : ""}`,
    ];
    if (o.onlyFirstFrame) {
      for (const e of ff.timeline ?? [])
        lines.push(
          `  ${String(Math.round(e.ms)).padStart(6)} ms  ${e.page.padEnd(6)}  ${e.name}${e.count > 1 ? ` ×${e.count}` : ""}`,
        );
    }
    return lines;
  };
}

/** Figure 5, on loopback or over an emulated link: the same measurement, the link the only difference. */
async function firstFrame({ options, quiet }: SectionContext, link?: typeof PHONE_WIFI): Promise<FirstFrameResult> {
  const { measureFirstFrame } = await import("./firstframe.js");
  return measureFirstFrame({
    runs: options.config.firstFrameRuns,
    fromSource: options.fromSource,
    buildClient: options.fromSource,
    beforeRun: quiet,
    ...(link ? { link } : {}),
  });
}

// biome-ignore lint/suspicious/noExplicitAny: each entry is a Section of its own data type; runSections treats them alike.
export const SECTIONS: Section<any>[] = [
  {
    key: "firstFrame",
    title: "Time to first frame",
    wanted: (o) => o.firstFrame && codecamRuns(o),
    run: (ctx) => firstFrame(ctx),
    summary: firstFrameSummary("loopback"),
  } satisfies Section<FirstFrameResult>,
  {
    key: "firstFrameWifi",
    title: "Time to first frame over a simulated phone Wi-Fi link",
    wanted: (o) => o.wifi && codecamRuns(o),
    run: (ctx) => firstFrame(ctx, PHONE_WIFI),
    summary: firstFrameSummary(PHONE_WIFI.name),
  } satisfies Section<FirstFrameResult>,
  {
    key: "profile",
    title: "Where the time goes",
    wanted: (o) => o.config.profile && codecamRuns(o),
    async run({ options, quiet }) {
      const { profileServers } = await import("./profile.js");
      const { config } = options;
      return profileServers({
        params: config.params,
        fromSource: options.fromSource,
        targets: options.targets,
        timeoutMs: config.scenarioTimeoutMs,
        beforeRun: quiet,
      });
    },
  },
  {
    // Glass to glass (issue 20): codecam's camera page → viewer delay per frame beside two bare
    // RTCPeerConnections, on loopback and over tc-shaped links. bench/glass/.
    key: "glass",
    title: "Glass to glass",
    wanted: (o) => o.glass && codecamRuns(o),
    async run({ options, quiet }) {
      const { runGlass } = await import("./glass/section.js");
      return runGlass(options, quiet);
    },
    summary: (d: GlassResult) => glassSummary(d),
    markdown: (d: GlassResult) => glassMarkdown(d),
  } satisfies Section<GlassResult>,
  {
    // Pairings/s and relay round trip for one process in memory, one on Redis and two on Redis, in turns, with
    // what Redis costs per pairing. Needs redis-server and the built server, so not in the smoke run.
    key: "redisScaling",
    title: "Scaling over Redis",
    wanted: (o) => codecamRuns(o) && !o.onlyFirstFrame && !o.onlyGlass && o.mode !== "smoke",
    async run({ quiet }) {
      await quiet();
      const { runRedisScaling } = await import("./redis-scaling.js");
      return runRedisScaling();
    },
    summary: (d: RedisScalingResult) =>
      d.setups.map(
        (s) =>
          `  ${s.setup}: ${s.pairingsPerSecond.toFixed(1)} pairings/s, relay RTT median ${s.rttMedianMs.toFixed(3)} ms`,
      ),
    markdown: (d: RedisScalingResult) => formatRedisScaling(d),
  },
];

/** Runs every wanted section in order; a failing section is recorded and the others still run. */
export async function runSections(ctx: SectionContext): Promise<Record<string, SectionOutcome>> {
  const out: Record<string, SectionOutcome> = {};
  for (const section of SECTIONS) {
    if (!section.wanted(ctx.options)) continue;
    try {
      const data = await section.run(ctx);
      out[section.key] = { data };
      for (const line of section.summary?.(data, ctx.options) ?? []) console.log(line);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      out[section.key] = { error };
      console.log(`  ${section.title}: not measured: ${error}`);
    }
  }
  return out;
}

export function sectionData<T>(sections: Record<string, SectionOutcome> | undefined, key: string): T | undefined {
  const s = sections?.[key];
  return s && "data" in s ? (s.data as T) : undefined;
}

export function sectionError(sections: Record<string, SectionOutcome> | undefined, key: string): string | undefined {
  const s = sections?.[key];
  return s && "error" in s ? s.error : undefined;
}
