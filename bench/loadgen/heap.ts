// Heap snapshots of the server with 0 and with N idle sockets, for bench/profile.ts: not a benchmark figure,
// the evidence behind figure 3's memory per socket.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Driver, IdleSocket } from "../drivers.js";
import { rssKb } from "../proc.js";
import type { Figures, HeapParams, ScenarioParams } from "./protocol.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function snapshots(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const name of readdirSync(dir))
    if (name.endsWith(".heapsnapshot")) out.set(name, statSync(path.join(dir, name)).size);
  return out;
}

/** Sends SIGUSR2 (the server runs with --heapsnapshot-signal=SIGUSR2) and waits for the new snapshot file. */
async function takeSnapshot(pid: number, baseUrl: string, h: HeapParams, timeoutMs: number): Promise<string> {
  const before = snapshots(h.snapshotDir);
  process.kill(pid, "SIGUSR2");
  const deadline = performance.now() + timeoutMs;
  let name: string | undefined;
  while (!name) {
    if (performance.now() > deadline) throw new Error("heap snapshot: no file appeared");
    await sleep(100);
    name = [...snapshots(h.snapshotDir).keys()].find((n) => !before.has(n));
  }
  // Writing blocks the server's main thread: once it answers HTTP again and the size holds, the file is complete.
  for (let last = -1; ; ) {
    if (performance.now() > deadline) throw new Error("heap snapshot: file never settled");
    await fetch(baseUrl + h.readyPath, { signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.arrayBuffer());
    const size = statSync(path.join(h.snapshotDir, name)).size;
    if (size === last && size > 0) break;
    last = size;
    await sleep(300);
  }
  return path.join(h.snapshotDir, name);
}

export async function heap(
  driver: Driver,
  pid: number,
  p: ScenarioParams,
  baseUrl: string,
  h: HeapParams,
): Promise<Figures> {
  const warm = await Promise.all(Array.from({ length: 20 }, () => driver.connectIdle(p.opTimeoutMs)));
  for (const s of warm) s.close();
  await sleep(h.settleMs);
  await takeSnapshot(pid, baseUrl, h, 60_000);
  const rss0 = rssKb(pid);
  const sockets: IdleSocket[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(h.concurrency, h.count) }, async () => {
      while (next < h.count) {
        next++;
        sockets.push(await driver.connectIdle(p.opTimeoutMs));
      }
    }),
  );
  await sleep(h.settleMs);
  const rss1 = rssKb(pid);
  await takeSnapshot(pid, baseUrl, h, 60_000);
  for (const s of sockets) s.close();
  return { sockets: h.count, rss_kb_per_socket: (rss1 - rss0) / h.count };
}
