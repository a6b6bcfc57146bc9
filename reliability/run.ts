// npm run reliability [-- --long] [--server-dir DIR] [--out FILE]: the bounded attack, soak, load, lifecycle and
// privacy cases against a real server process on 127.0.0.1; prints a line per case and writes RELIABILITY.md.
// Short mode (the default, for CI) takes about 4 minutes; --long runs each case longer (soak: --soak-minutes,
// 30 by default).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  configOracle,
  connectionHog,
  floodPolling,
  floodWebsocket,
  logFlood,
  metricsScrape,
  slowReaders,
  type CaseResult,
} from "./attacks.js";
import { healthCheck, issuedCodes } from "./probe.js";
import { renderReport } from "./report.js";
import { privacy } from "./privacy.js";
import { protocolAbuse } from "./protocol-abuse.js";
import { sigkillRestart, sigterm } from "./lifecycle.js";
import { load } from "./load.js";
import { SUITE_ENV, startServer, stopServer } from "./server.js";
import { soak } from "./soak.js";
import { strangerWithCode } from "./stranger.js";

const { values } = parseArgs({
  options: {
    long: { type: "boolean", default: false },
    "soak-minutes": { type: "string" },
    "server-dir": { type: "string", default: "." },
    out: { type: "string" },
  },
});
const long = values.long;
const serverDir = resolve(values["server-dir"]);
const soakSeconds = values["soak-minutes"] ? Number(values["soak-minutes"]) * 60 : long ? 30 * 60 : 60;
const out = values.out ?? (long ? "RELIABILITY.md" : undefined);
const dir = mkdtempSync(join(tmpdir(), "codecam-reliability-"));
const logFile = join(dir, "server.log");
const tokens: string[] = [];
const results: CaseResult[] = [];
const started = new Date();
const loadAtStart = loadavg()[0]!;

function print(r: CaseResult): void {
  const extra = [
    r.worstHealthMs === undefined ? "" : `bystander /healthz worst ${r.worstHealthMs.toFixed(0)} ms`,
    r.rssGrowthMiB === undefined ? "" : `RSS +${r.rssGrowthMiB.toFixed(0)} MiB`,
  ]
    .filter(Boolean)
    .join(", ");
  process.stdout.write(
    `${r.pass ? "PASS" : "FAIL"}  ${r.name}: ${r.figure}${extra ? ` (${extra})` : ""}${r.note ? ` [${r.note}]` : ""}\n`,
  );
}

// A stray rejection in a client of the suite is reported, not allowed to end the run (and orphan its server).
process.on("unhandledRejection", (err) => process.stderr.write(`reliability: unhandled: ${(err as Error).message}\n`));

async function main(): Promise<void> {
  process.stdout.write(`reliability (${long ? "long" : "short"} mode) against ${serverDir}, soak ${soakSeconds} s\n`);
  const server = await startServer({ serverDir, logFile });
  const logLines = () => readFileSync(logFile, "utf8").split("\n").length;
  const cases: Array<[string, () => Promise<CaseResult | CaseResult[]>]> = [
    ["protocol abuse", () => protocolAbuse(server)],
    ["flood: websocket", () => floodWebsocket(server, long ? 30 : 8)],
    ["flood: polling", () => floodPolling(server, long ? 20 : 6)],
    ["slow readers", () => slowReaders(server, long ? 40 : 25)],
    ["code oracle", () => configOracle(server, long ? 60 : 5)],
    ["connection hog", () => connectionHog(server, long ? 5_000 : 2_000)],
    ["log flood", () => logFlood(server, long ? 65 : 5, logLines)],
    ["soak, brute force, ping timeout", () => soak(server, soakSeconds, long ? 200 : 100, tokens)],
    ["brute force: a correct guess", () => strangerWithCode(server, long ? 20 : 10)],
    ["load", () => load(server, long ? 5_000 : 1_500, long ? 60 : 10, 20)],
    ["metrics", () => metricsScrape(server, long ? 100_000 : 10_000, long ? 30 : 5)],
  ];
  for (const [name, run] of cases) {
    let got: CaseResult[];
    try {
      const r = await run();
      got = Array.isArray(r) ? r : [r];
    } catch (err) {
      got = [{ name, figure: `crashed: ${(err as Error).message}`, pass: false }];
    }
    // Every case ends with the health check: the process alive, /healthz 200, a fresh pair pairs and signals.
    const sick = await healthCheck(server);
    for (const r of got) {
      if (sick) Object.assign(r, { pass: false, note: sick });
      results.push(r);
      print(r);
    }
  }
  await stopServer(server);

  const lifecycleLog = join(dir, "lifecycle.log");
  for (const run of [
    () => sigterm({ serverDir, logFile: lifecycleLog }, 1_000),
    () => sigkillRestart({ serverDir, logFile: lifecycleLog }),
  ]) {
    const r = await run().catch((err: unknown) => ({
      name: "lifecycle",
      figure: `crashed: ${(err as Error).message}`,
      pass: false,
    }));
    results.push(r);
    print(r);
  }
  const p = await privacy([logFile, lifecycleLog], tokens, issuedCodes);
  results.push(p);
  print(p);

  const failed = results.filter((r) => !r.pass).length;
  process.stdout.write(`${results.length - failed} of ${results.length} cases passed\n`);
  if (out) {
    writeFileSync(
      out,
      renderReport({
        results,
        mode: long ? `long (soak ${Math.round(soakSeconds / 60)} min)` : "short",
        command: `npm run reliability${long ? ` -- --long${values["soak-minutes"] ? ` --soak-minutes ${values["soak-minutes"]}` : ""}` : ""}`,
        code: describeCode(),
        started,
        finished: new Date(),
        machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${process.platform}; load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end`,
        env: SUITE_ENV,
      }),
    );
    process.stdout.write(`wrote ${out}\n`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  process.stderr.write(`reliability: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});

/** The commit under test, marked when the tree has changes, or "an unknown commit" outside a git checkout. */
function describeCode(): string {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty"], { cwd: serverDir, encoding: "utf8" }).trim();
  } catch {
    return "an unknown commit";
  }
}
