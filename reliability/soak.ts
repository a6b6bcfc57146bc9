// The soak case: pairs churning for minutes with the brute force and a paused client beside them, and whether the
// server gives back its sockets, rooms, heap and handles afterwards.
import type { CaseResult } from "./attacks.js";
import { bruteForce } from "./brute-force.js";
import { pausedPastPingTimeout } from "./lifecycle.js";
import { churn } from "./load.js";
import { scrape } from "./probe.js";
import type { ServerProcess } from "./server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Soak with churn, with the brute-force attacks and a ping-timeout check running beside it. */
export async function soak(
  server: ServerProcess,
  seconds: number,
  pairs: number,
  tokens: string[],
): Promise<CaseResult[]> {
  // Heap figures after a full collection: without it they swing by tens of MiB with the collector's timing.
  await server.collectGarbage();
  const before = await scrape(server.url);
  const rss0 = server.rssMiB();
  const lagSamples: number[] = [];
  const lagTimer = setInterval(() => {
    void scrape(server.url).then(
      (m) => lagSamples.push(m.get("nodejs_eventloop_lag_p99_seconds") ?? 0),
      () => {},
    );
  }, 5_000);
  const [legit, brute, pingTimeout] = await Promise.all([
    churn(server.url, pairs, seconds, tokens),
    bruteForce(server, Math.min(seconds + 1, 65)),
    pausedPastPingTimeout(server),
  ]);
  clearInterval(lagTimer);
  // Clean-up: sockets close at once, empty codes after ROOM_GRACE_SECONDS (2 s in the suite), sweeps run.
  let after = await scrape(server.url);
  for (
    let i = 0;
    i < 40 &&
    ["codecam_connected_sockets", "codecam_live_rooms", "codecam_room_members", "codecam_live_codes"].some(
      (k) => (after.get(k) ?? 0) > 0,
    );
    i++
  ) {
    await sleep(500);
    after = await scrape(server.url);
  }
  await server.collectGarbage();
  after = await scrape(server.url);
  const left = ["codecam_connected_sockets", "codecam_live_rooms", "codecam_room_members", "codecam_live_codes"].map(
    (k) => `${k.replace("codecam_", "")} ${after.get(k)}`,
  );
  const zero = ["codecam_connected_sockets", "codecam_live_rooms", "codecam_room_members", "codecam_live_codes"].every(
    (k) => after.get(k) === 0,
  );
  const heap0 = (before.get("nodejs_heap_size_used_bytes") ?? 0) / 2 ** 20;
  const heap1 = (after.get("nodejs_heap_size_used_bytes") ?? 0) / 2 ** 20;
  const handles0 = before.get("nodejs_active_handles_total") ?? 0;
  const handles1 = after.get("nodejs_active_handles_total") ?? 0;
  const rssGrowth = server.rssMiB() - rss0;
  const lagP99 = Math.max(0, ...lagSamples) * 1000;
  const cycles = legit.joinMs.length;
  const soakCase: CaseResult = {
    name: `soak: ${pairs} pairs joining, signaling, leaving for ${seconds} s`,
    figure: `${cycles.toLocaleString("en")} pair cycles, ${legit.failures.length} failed; after: ${left.join(", ")}; handles ${handles0}→${handles1}; heap ${heap0.toFixed(0)}→${heap1.toFixed(0)} MiB; RSS +${rssGrowth.toFixed(0)} MiB; event-loop lag p99 ≤ ${lagP99.toFixed(0)} ms`,
    pass: zero && legit.failures.length === 0 && heap1 - heap0 < 30 && handles1 <= handles0 + 2 && rssGrowth < 100,
    rssGrowthMiB: rssGrowth,
    ...(legit.failures.length ? { note: legit.failures.slice(0, 3).join("; ") } : {}),
  };
  return [
    soakCase,
    {
      ...brute,
      figure: `${brute.figure}; legitimate pairs meanwhile: ${cycles} of ${cycles + legit.failures.length} succeeded`,
    },
    pingTimeout,
  ];
}
