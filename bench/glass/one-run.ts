// One measured run: a call opened, warmed up, measured over its window, its records analysed, and closed.
import os, { availableParallelism } from "node:os";
import type { Browser } from "playwright-core";
import { machineCpuMs } from "../proc.js";
import { round } from "../stats.js";
import { analyze, MAX_AGE_MS } from "./analyze.js";
import { readOverlay, watchOverlay } from "./overlay.js";
import type { Shaper } from "./shape.js";
import type { Variant, GlassOptions, GlassRun } from "./model.js";
import { openCodecam, openFloor } from "./sessions.js";
import { record, pageNow, stats, presented, traceOf } from "./page-records.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function oneRun(
  browser: Browser,
  baseURL: string,
  variant: Variant,
  seconds: number,
  o: GlassOptions,
  shaper: Shaper | undefined,
): Promise<Omit<GlassRun, "variant" | "target" | "link" | "round" | "slot">> {
  const levers = variant.levers ?? {};
  const timeoutMs = 30_000;
  const before = shaper?.counters();
  const session =
    variant.target === "codecam"
      ? await openCodecam(browser, baseURL, variant, timeoutMs)
      : await openFloor(browser, levers, o.keepRecords === true);
  try {
    const { camera, viewer } = session;
    await presented(viewer, timeoutMs);
    if (variant.target === "codecam") await watchOverlay(viewer);
    await sleep(o.warmupSeconds * 1000);
    const [cam0, view0, from] = await Promise.all([stats(camera), stats(viewer), pageNow(viewer)]);
    const cpu0 = machineCpuMs();
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const [cam1, view1, to] = await Promise.all([stats(camera), stats(viewer), pageNow(viewer)]);
    const cpu1 = machineCpuMs();
    const machineBusy =
      (cpu1.busyMs - cpu0.busyMs + cpu1.stealMs - cpu0.stealMs) / ((performance.now() - t0) * availableParallelism());
    const [c, v] = await Promise.all([record(camera), record(viewer)]);
    const overlay = variant.target === "codecam" ? await readOverlay(viewer, from, to) : undefined;
    const after = shaper?.counters();
    // Half the clip's loop: a frame shown later than that after its index was captured is not that frame.
    const figures = analyze(c.cam, v.view, from, to, Math.min(MAX_AGE_MS, (o.clipSeconds * 1000) / 2));
    const pings =
      o.keepRecords && variant.target === "floor"
        ? ((await viewer.evaluate(() => (window as unknown as { __pings: number[][] }).__pings)) ?? [])
        : [];
    const inbound = v.stats[0]?.["inbound-rtp"];
    const pageErrors = [...c.errors.map((e) => `camera: ${e}`), ...v.errors.map((e) => `viewer: ${e}`)];
    return {
      figures,
      ...(overlay ? { overlay } : {}),
      trace: traceOf(cam0[0], cam1[0], view0[0], view1[0], seconds),
      ...(typeof inbound?.codec === "string" ? { codec: inbound.codec } : {}),
      ...(v.stats[0]?.path ? { path: `${v.stats[0].path.remote} → ${v.stats[0].path.local}` } : {}),
      applied: { ...c.applied, ...v.applied },
      machineBusy: round(machineBusy, 3),
      loadavg: round(os.loadavg()[0]!, 3),
      ...(before && after
        ? { shapedBytes: after.bytes - before.bytes, shapedDrops: after.dropped - before.dropped }
        : {}),
      ...(pageErrors.length ? { pageErrors } : {}),
      ...(o.keepRecords ? { records: { cam: c.cam, view: v.view, from, to, pings } } : {}),
    };
  } finally {
    await session.close();
  }
}
