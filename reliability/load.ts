// The load case, and the churn of pairs forming, signaling and leaving that both it and the soak put on the
// server: how join times hold up while thousands of idle sockets are held.
import { rawWebSocket, type RawSocket } from "../signaling/testing/raw-client.js";
import type { CaseResult } from "./attacks.js";
import { healthProbe, pairAndSignal, percentile } from "./probe.js";
import type { ServerProcess } from "./server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pairs forming, signaling and leaving on `workers` loops for `seconds`; join times and failures counted. */
export async function churn(url: string, workers: number, seconds: number, tokens: string[], addressBase = "127.0.5") {
  const joinMs: number[] = [];
  const failures: string[] = [];
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      while (Date.now() - t0 < seconds * 1000) {
        try {
          joinMs.push(await pairAndSignal(url, `${addressBase}.${1 + (w % 250)}`, 3, tokens));
        } catch (err) {
          failures.push((err as Error).message);
          await sleep(200);
        }
      }
    }),
  );
  return { joinMs, failures };
}

/** As many concurrent sockets as the suite opens (spread over addresses under the per-address cap) while pairs form. */
export async function load(
  server: ServerProcess,
  sockets: number,
  seconds: number,
  pairs: number,
): Promise<CaseResult> {
  const held: RawSocket[] = [];
  let refused = 0;
  for (let i = 0; i < sockets; i += 100) {
    const batch = await Promise.allSettled(
      Array.from({ length: Math.min(100, sockets - i) }, (_, j) =>
        rawWebSocket(server.url, { localAddress: `127.0.6.${1 + Math.floor((i + j) / 200)}` }),
      ),
    );
    for (const r of batch) r.status === "fulfilled" ? held.push(r.value) : refused++;
  }
  const probe = healthProbe(server.url);
  const rss = server.rssMiB();
  const { joinMs, failures } = await churn(server.url, pairs, seconds, [], "127.0.7");
  const health = await probe.stop();
  for (const s of held) s.close();
  return {
    name: `load: ${held.length.toLocaleString("en")} idle sockets held while ${pairs} pair loops run ${seconds} s`,
    figure: `${joinMs.length} pairs, join_room_success p50 ${percentile(joinMs, 50).toFixed(1)} ms, p99 ${percentile(joinMs, 99).toFixed(1)} ms; ${failures.length} lost or misdelivered; ${refused} sockets refused; server RSS ${rss.toFixed(0)} MiB with them`,
    pass: failures.length === 0 && refused === 0,
    worstHealthMs: health.worstMs,
  };
}
