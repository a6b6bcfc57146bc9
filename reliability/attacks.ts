// The attack cases of issue "one hostile client must never hurt anyone else": each runs a bounded attack from
// its own 127.x address while a bystander probes /healthz, and returns its figure and verdict.
import { httpCall, rawPolling, rawWebSocket, type RawSocket } from "../signaling/testing/raw-client.js";
import { ask, connect, healthProbe, issueCode, scrape } from "./probe.js";
import type { ServerProcess } from "./server.js";

export interface CaseResult {
  name: string;
  figure: string;
  pass: boolean;
  /** Bystander /healthz worst latency during the attack (ms) and RSS growth (MiB). */
  worstHealthMs?: number;
  rssGrowthMiB?: number;
  note?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `attack` for its time with a bystander probe and RSS sampling around it. */
export async function underAttack(server: ServerProcess, attack: () => Promise<void>) {
  const rss0 = server.rssMiB();
  let rssMax = rss0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, server.rssMiB())), 250);
  const probe = healthProbe(server.url);
  try {
    await attack();
  } finally {
    clearInterval(sampler);
  }
  const health = await probe.stop();
  return { health, rssGrowthMiB: rssMax - rss0 };
}

/** Defect 1 (websocket): one socket sends `42["offer"]` as fast as it can. */
export async function floodWebsocket(server: ServerProcess, seconds: number): Promise<CaseResult> {
  let sent = 0;
  let cutAfterS: number | undefined;
  let replies = 0;
  const { health, rssGrowthMiB } = await underAttack(server, async () => {
    const raw = await rawWebSocket(server.url, { localAddress: "127.0.0.11" });
    raw.ws.on("message", () => replies++);
    const t0 = Date.now();
    void raw.closed.then(() => (cutAfterS = (Date.now() - t0) / 1000));
    while (cutAfterS === undefined && Date.now() - t0 < seconds * 1000) {
      // Never read-blocked: the frames queue in the client if the server stops reading.
      if (raw.ws.bufferedAmount < 8 * 1024 * 1024) for (let i = 0; i < 2_000; i++, sent++) raw.send('42["offer"]');
      await sleep(2);
    }
    // Not cut off by the server while the attack ran: the close that follows is ours.
    const cutByServer = cutAfterS !== undefined;
    raw.close();
    await raw.closed;
    if (!cutByServer) cutAfterS = undefined;
  });
  return {
    name: "flood: tiny frames over websocket",
    figure: `${sent.toLocaleString("en")} frames sent, ${replies.toLocaleString("en")} answers; ${cutAfterS === undefined ? "never cut off" : `cut off after ${cutAfterS.toFixed(1)} s`}`,
    pass: cutAfterS !== undefined && health.worstMs < 2_000 && health.failures === 0 && rssGrowthMiB < 100,
    worstHealthMs: health.worstMs,
    rssGrowthMiB,
  };
}

/** Defect 1 (polling): long-polling POSTs each packed with 2,000 packets, one session after another. */
export async function floodPolling(server: ServerProcess, seconds: number): Promise<CaseResult> {
  let posts = 0;
  let sessionsClosed = 0;
  const body = Array.from({ length: 2_000 }, () => '42["offer"]');
  const { health, rssGrowthMiB } = await underAttack(server, async () => {
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) {
      const s = await rawPolling(server.url, { localAddress: "127.0.0.12" }).catch(() => undefined);
      if (!s) continue;
      for (let i = 0; i < 20 && Date.now() - t0 < seconds * 1000; i++) {
        posts++;
        const a = await s.post(body).catch(() => ({ status: 0 }));
        if (a.status !== 200) break;
        if ((await s.poll()).status !== 200) {
          sessionsClosed++;
          break;
        }
      }
    }
  });
  return {
    name: "flood: packed long-polling POSTs",
    figure: `${posts} POSTs of 2,000 packets; ${sessionsClosed} sessions closed by the server`,
    pass: sessionsClosed > 0 && health.worstMs < 2_000 && health.failures === 0 && rssGrowthMiB < 100,
    worstHealthMs: health.worstMs,
    rssGrowthMiB,
  };
}

/**
 * Defect 2: cameras send 60 KB offers within their budget into viewers that never read, in 4 rooms, until the
 * server has cut every viewer off or `seconds` have passed (the kernel's buffers take several MB per viewer
 * first, so how long that takes depends on how fast the cameras can send).
 */
export async function slowReaders(server: ServerProcess, seconds: number): Promise<CaseResult> {
  const sdp = `v=0\r\n${"a=x:".padEnd(60_000, "x")}\r\n`;
  let offers = 0;
  let viewersCut = 0;
  let cutWhileAttacking = 0;
  let tookS = 0;
  const { health, rssGrowthMiB } = await underAttack(server, async () => {
    const rooms = await Promise.all(
      [1, 2, 3, 4].map(async (r) => {
        const addr = "127.0.0.13";
        const code = await issueCode(server.url, addr);
        const camera = await connect(server.url, addr);
        await ask(camera, "join_room", { code, type: "camera" });
        // The server cutting a viewer off is what its camera hears as peer_left.
        camera.on("peer_left", () => viewersCut++);
        const viewers: RawSocket[] = [];
        for (let v = 0; v < 4; v++) {
          const raw = await rawWebSocket(server.url, { localAddress: addr });
          raw.send(`420["join_room",{"code":"${code}","type":"viewer"}]`);
          await raw.next((f) => f.startsWith("430"));
          (raw.ws as unknown as { _socket: { pause(): void } })._socket.pause();
          viewers.push(raw);
        }
        return { r, code, camera, viewers };
      }),
    );
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000 && viewersCut < 16) {
      for (const { code, camera } of rooms) {
        camera.emit("offer", { room_code: code, offer: { type: "offer", sdp } });
        offers++;
      }
      await sleep(25); // 40 offers a second per camera: within the default budget of 50
    }
    tookS = (Date.now() - t0) / 1000;
    await sleep(1_000);
    cutWhileAttacking = viewersCut;
    for (const { camera, viewers } of rooms) {
      camera.disconnect();
      for (const v of viewers) v.close();
    }
  });
  return {
    name: "slow readers: 60 KB offers into viewers that never read",
    figure: `${offers} offers (${((offers * 60_000) / 2 ** 20).toFixed(0)} MiB) into 16 paused viewers in ${tookS.toFixed(1)} s; ${cutWhileAttacking} of 16 cut off by the server`,
    pass: cutWhileAttacking === 16 && health.worstMs < 2_000 && rssGrowthMiB < 150,
    worstHealthMs: health.worstMs,
    rssGrowthMiB,
  };
}

/** Defect 3: one address tries codes through GET /api/config?code= as fast as it can. */
export async function configOracle(server: ServerProcess, seconds: number): Promise<CaseResult> {
  let answered = 0;
  let limited = 0;
  const answeredAt: number[] = [];
  const { health, rssGrowthMiB } = await underAttack(server, async () => {
    const t0 = Date.now();
    const worker = async () => {
      while (Date.now() - t0 < seconds * 1000) {
        const code = String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
        const a = await httpCall(`${server.url}/api/config?code=${code}`, { localAddress: "127.0.0.14" }).catch(() => ({
          status: 0,
        }));
        if (a.status === 200) {
          answered++;
          answeredAt.push(Date.now());
        } else if (a.status === 429) limited++;
      }
    };
    await Promise.all([1, 2, 3, 4].map(worker));
  });
  const perHour = Math.round((answered / seconds) * 3600);
  const inAnyMinute = Math.max(0, ...answeredAt.map((t) => answeredAt.filter((u) => u >= t && u < t + 60_000).length));
  return {
    name: "code oracle: GET /api/config?code=",
    figure: `${answered.toLocaleString("en")} codes tested in ${seconds} s (${perHour.toLocaleString("en")}/hour, at most ${inAnyMinute.toLocaleString("en")} in any 60 s), ${limited.toLocaleString("en")} answered 429`,
    pass: inAnyMinute <= 10 && limited > 0,
    worstHealthMs: health.worstMs,
    rssGrowthMiB,
  };
}

/** Defect 4: one address opens `count` websocket connections and holds them. */
export async function connectionHog(server: ServerProcess, count: number): Promise<CaseResult> {
  let opened = 0;
  let refused = 0;
  let bystanderOk = false;
  const sockets: RawSocket[] = [];
  const { health, rssGrowthMiB } = await underAttack(server, async () => {
    for (let i = 0; i < count; i += 50) {
      const batch = await Promise.allSettled(
        Array.from({ length: Math.min(50, count - i) }, () => rawWebSocket(server.url, { localAddress: "127.0.0.15" })),
      );
      for (const r of batch) {
        if (r.status === "fulfilled") {
          opened++;
          sockets.push(r.value);
        } else refused++;
      }
    }
    const b = await connect(server.url, "127.0.1.4").then(
      (s) => {
        s.disconnect();
        return true;
      },
      () => false,
    );
    bystanderOk = b;
    for (const s of sockets) s.close();
  });
  return {
    name: "connection hog: one address opens many sockets",
    figure: `${opened.toLocaleString("en")} of ${count.toLocaleString("en")} opened, ${refused.toLocaleString("en")} refused at the handshake; bystander ${bystanderOk ? "connected" : "refused"}`,
    pass: bystanderOk && opened < count,
    worstHealthMs: health.worstMs,
    rssGrowthMiB,
  };
}

/** Defect 5: many live codes, /metrics scraped in a loop; and whether a proxied stranger may read it. */
export async function metricsScrape(server: ServerProcess, liveCodes: number, seconds: number): Promise<CaseResult> {
  const issue = async (n: number, w: number) => {
    for (let i = 0; i < n; i++) await issueCode(server.url, `127.0.4.${1 + (w % 250)}`);
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => issue(Math.ceil(liveCodes / 8), w)));
  const scrapeMs: number[] = [];
  const { health, rssGrowthMiB } = await underAttack(server, async () => {
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) {
      const s = performance.now();
      await httpCall(`${server.url}/metrics`);
      scrapeMs.push(performance.now() - s);
    }
  });
  const codes = (await scrape(server.url)).get("codecam_live_codes");
  const stranger = await httpCall(`${server.url}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.7" } });
  const mean = scrapeMs.reduce((a, b) => a + b, 0) / Math.max(1, scrapeMs.length);
  return {
    name: "metrics: scraped in a loop with many live codes",
    figure: `${codes?.toLocaleString("en")} live codes; scrape mean ${mean.toFixed(1)} ms over ${scrapeMs.length}; proxied stranger gets ${stranger.status}`,
    pass: health.worstMs < 1_000 && stranger.status !== 200,
    worstHealthMs: health.worstMs,
    rssGrowthMiB,
  };
}

/** Defect 6: one address floods joins past its limit; the log lines it causes are counted. */
export async function logFlood(server: ServerProcess, seconds: number, logLines: () => number): Promise<CaseResult> {
  const before = logLines();
  let joins = 0;
  const { health, rssGrowthMiB } = await underAttack(server, async () => {
    const s = await connect(server.url, "127.0.0.16");
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) {
      await ask(s, "join_room", {
        code: String(Math.floor(Math.random() * 1e6)).padStart(6, "0"),
        type: "viewer",
      }).catch(() => undefined);
      joins++;
      await sleep(22); // within the socket's event budget, so every join reaches the failed-join limit
    }
    s.disconnect();
  });
  const lines = logLines() - before;
  return {
    name: "log flood: refused joins",
    figure: `${joins.toLocaleString("en")} joins refused, ${lines} log lines`,
    pass: lines < 100,
    worstHealthMs: health.worstMs,
    rssGrowthMiB,
  };
}
