// Experiment (not part of `npm run bench`): first frame for two or more builds of the pages, interleaved run by
// run against one server per build, on loopback or over the simulated phone Wi-Fi link. Run (after a build):
//   sh e2e/isolated.sh node --import tsx bench/experiments/firstframe-ab.ts [--runs N] [--link wifi|loopback|both] NAME=STATIC_DIR ...
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, oneRun } from "../firstframe.js";
import { PHONE_WIFI, type LinkConditions } from "../link.js";
import { CHROMIUM } from "../meta.js";
import { killAllChildren, ROOT, startServer, type RunningServer } from "../servers.js";
import { median } from "../stats.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string" }, link: { type: "string" } },
});
const runs = Number(values.runs ?? 10);
const links: Array<[string, LinkConditions | undefined]> =
  values.link === "wifi"
    ? [["wifi", PHONE_WIFI]]
    : values.link === "loopback"
      ? [["loopback", undefined]]
      : [
          ["loopback", undefined],
          ["wifi", PHONE_WIFI],
        ];
const variants = positionals.map((p) => {
  const [name, dir] = p.split("=") as [string, string];
  return { name, dir: path.resolve(ROOT, dir) };
});
if (variants.length < 1)
  throw new Error("usage: firstframe-ab.ts [--runs N] [--link wifi|loopback|both] NAME=STATIC_DIR ...");

const servers = new Map<string, RunningServer>();
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const results: Record<string, number[]> = {};
const joins: Record<string, number[]> = {};
try {
  for (const v of variants)
    servers.set(v.name, await startServer("codecam", { env: { STATIC_DIR: v.dir, PUBLIC_URL: "" } }));
  for (const v of variants)
    for (const [, link] of links) await oneRun(browser, servers.get(v.name)!.baseUrl, 20_000, link).catch(() => {}); // warm-up
  for (let i = 0; i < runs; i++) {
    // Rotate the order every run so that neither build always goes first.
    for (let k = 0; k < variants.length; k++) {
      const v = variants[(i + k) % variants.length]!;
      for (const [linkName, link] of links) {
        const key = `${linkName} ${v.name}`;
        try {
          const r = await oneRun(browser, servers.get(v.name)!.baseUrl, 20_000, link);
          results[key] = [...(results[key] ?? []), r.openToFrameMs];
          joins[key] = [...(joins[key] ?? []), r.openToJoinMs];
          console.log(
            `${i + 1} ${key.padEnd(24)} open→frame ${r.openToFrameMs.toFixed(0)} ms  open→joined ${r.openToJoinMs.toFixed(0)} ms  js ${r.cameraJsBytes} B`,
          );
        } catch (err) {
          console.log(`${i + 1} ${key}: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
        }
      }
    }
  }
  for (const [key, v] of Object.entries(results)) {
    console.log(
      `median ${key.padEnd(24)} open→frame ${median(v).toFixed(0)} ms  open→joined ${median(joins[key]!).toFixed(0)} ms  (${v.length} runs)`,
    );
  }
} finally {
  await browser.close().catch(() => {});
  for (const s of servers.values()) await s.stop();
  killAllChildren();
}
