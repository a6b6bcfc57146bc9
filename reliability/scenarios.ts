// Soak, load, brute force, protocol abuse, lifecycle and privacy: the longer cases of the reliability suite.
import { httpCall, rawPolling, rawWebSocket, type RawSocket } from "../signaling/testing/raw-client.js";
import { io as ioc } from "socket.io-client";
import type { CaseResult } from "./attacks.js";
import { ask, connect, healthProbe, issueCode, pairAndSignal, percentile, scrape } from "./probe.js";
import { startServer, type ServerProcess, type StartOptions } from "./server.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pairs forming, signaling and leaving on `workers` loops for `seconds`; join times and failures counted. */
async function churn(url: string, workers: number, seconds: number, tokens: string[], addressBase = "127.0.5") {
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

/**
 * Brute force from five addresses at once, each its own way: one socket, a new socket per guess, 20 sockets in
 * parallel, a spoofed X-Forwarded-For (no proxy is trusted), and the /api/config route. The figure is the
 * guesses the server actually decided (not refused by the limit) per hour, and the odds they give.
 */
async function bruteForce(server: ServerProcess, seconds: number): Promise<CaseResult> {
  const decided: Record<string, number> = {
    "one socket": 0,
    "socket per guess": 0,
    "20 parallel sockets": 0,
    "spoofed X-Forwarded-For": 0,
    "/api/config": 0,
  };
  const worstWindow: number[] = [];
  const t0 = Date.now();
  const guess = () => String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
  const running = () => Date.now() - t0 < seconds * 1000;
  const counted = (kind: string, res: { ok: boolean; error?: { code: string } }) => {
    if (!res.ok && res.error?.code !== "RATE_LIMITED") decided[kind]!++;
  };
  // Send and answer times of the single socket's decided guesses. The server takes its slot somewhere between
  // the two, so guesses i..j break the window only if j was answered less than 60 s after i was sent.
  const times: Array<{ sent: number; answered: number }> = [];
  const note = (kind: string, sent: number, res: { ok: boolean; error?: { code: string } }) => {
    const n = decided[kind]!;
    counted(kind, res);
    if (decided[kind]! > n && kind === "one socket") times.push({ sent, answered: Date.now() });
  };
  await Promise.all([
    (async () => {
      const s = await connect(server.url, "127.0.0.21");
      while (running()) {
        const sent = Date.now();
        note(
          "one socket",
          sent,
          await ask(s, "join_room", { code: guess(), type: "viewer" }).catch(() => ({ ok: false })),
        );
        await sleep(25);
      }
      s.disconnect();
    })(),
    (async () => {
      while (running()) {
        const s = await connect(server.url, "127.0.0.22").catch(() => undefined);
        if (s) {
          counted(
            "socket per guess",
            await ask(s, "join_room", { code: guess(), type: "viewer" }).catch(() => ({ ok: false })),
          );
          s.disconnect();
        }
        await sleep(25);
      }
    })(),
    (async () => {
      const ss = await Promise.all(Array.from({ length: 20 }, () => connect(server.url, "127.0.0.23")));
      while (running()) {
        await Promise.all(
          ss.map(async (s) =>
            counted(
              "20 parallel sockets",
              await ask(s, "join_room", { code: guess(), type: "viewer" }).catch(() => ({ ok: false })),
            ),
          ),
        );
        await sleep(25);
      }
      for (const s of ss) s.disconnect();
    })(),
    (async () => {
      let i = 0;
      while (running()) {
        const s = await connect(server.url, "127.0.0.24", {
          extraHeaders: { "X-Forwarded-For": `198.51.100.${i++ % 250}` },
        }).catch(() => undefined);
        if (s) {
          counted(
            "spoofed X-Forwarded-For",
            await ask(s, "join_room", { code: guess(), type: "viewer" }).catch(() => ({ ok: false })),
          );
          s.disconnect();
        }
        await sleep(25);
      }
    })(),
    (async () => {
      while (running()) {
        const a = await httpCall(`${server.url}/api/config?code=${guess()}`, { localAddress: "127.0.0.25" }).catch(
          () => ({ status: 0 }),
        );
        if (a.status === 200) decided["/api/config"]!++;
        await sleep(10);
      }
    })(),
  ]);
  // The most guesses of the single-socket attacker inside any 60 s: the sliding window's promise.
  for (let i = 0; i < times.length; i++) {
    const start = times[i]!.sent;
    worstWindow.push(times.slice(i).filter((t) => t.answered < start + 60_000).length);
  }
  const elapsedH = (Date.now() - t0) / 3_600_000;
  const perHour = Object.values(decided).map((n) => n / elapsedH);
  const worstPerHour = Math.max(...perHour);
  // Odds that one address hits one of 100 live codes within an hour at its achieved rate.
  const odds = 1 - (1 - 100 / 1e6) ** worstPerHour;
  return {
    name: "brute force: five ways from five addresses",
    figure: `decided guesses/hour ${Object.entries(decided)
      .map(([k, n]) => `${k} ${Math.round(n / elapsedH)}`)
      .join(
        ", ",
      )}; most in any 60 s (one socket) ${Math.max(0, ...worstWindow)}; odds of hitting one of 100 live codes in an hour from one address ${(odds * 100).toFixed(2)} %`,
    pass:
      Math.max(0, ...worstWindow) <= 10 && Object.values(decided).every((n) => n <= 10 * Math.ceil(seconds / 60) + 10),
  };
}

/** A viewer stops answering pings (paused, as a phone that lost its network): it is removed, the camera told. */
async function pausedPastPingTimeout(server: ServerProcess): Promise<CaseResult> {
  const code = await issueCode(server.url, "127.0.0.31");
  const camera = await connect(server.url, "127.0.0.31");
  await ask(camera, "join_room", { code, type: "camera" });
  const viewer = await rawWebSocket(server.url, { localAddress: "127.0.0.31", answerPings: false });
  viewer.send(`420["join_room",{"code":"${code}","type":"viewer"}]`);
  await viewer.next((f) => f.startsWith("430"));
  const t0 = Date.now();
  const told = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 45_000);
    camera.once("peer_left", (m: { id: string }) => {
      clearTimeout(timer);
      resolve(m.id === viewer.id);
    });
  });
  camera.disconnect();
  viewer.close();
  return {
    name: "lifecycle: a client paused past the ping timeout",
    figure: told
      ? `removed and its room-mate told after ${((Date.now() - t0) / 1000).toFixed(1)} s (ping interval 15 s + timeout 10 s)`
      : "never removed",
    pass: told,
  };
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

/** Protocol abuse over raw websocket and raw polling: the transport-level cases of the server tests. */
export async function protocolAbuse(server: ServerProcess): Promise<CaseResult> {
  const outcomes: string[] = [];
  const ws = await rawWebSocket(server.url, { localAddress: "127.0.0.41" });
  ws.send(`42${"9".repeat(400)}["ping"]`);
  const pong = await ws.next((f) => f.includes('"pong"')).catch(() => "none");
  outcomes.push(
    pong.startsWith('42["pong"') ? "absurd ack id answered as an event" : `absurd ack id: ${pong.slice(0, 20)}`,
  );
  for (const junk of [
    "42[",
    '42{"a":1}',
    "4x",
    "9",
    '451-["offer",{"_placeholder":true,"num":0}]',
    '42["join_room",{"__proto__":{"x":1}}]',
  ])
    ws.send(junk);
  ws.ws.send(Buffer.from([1, 2, 3]));
  await sleep(300);
  outcomes.push(`junk frames: connection ${ws.ws.readyState === 1 ? "kept or closed cleanly" : "closed"}`);
  ws.close();
  const poll = await rawPolling(server.url, { localAddress: "127.0.0.42" });
  const big = await poll.post([`42["offer",{"x":"${"a".repeat(200_000)}"}]`]);
  const after = await poll.poll();
  outcomes.push(`oversized POST ${big.status}, session then ${after.status === 400 ? "closed" : "open"}`);
  const ok = pong.startsWith('42["pong"') && big.status === 413 && after.status === 400;
  return { name: "protocol abuse: raw websocket and polling", figure: outcomes.join("; "), pass: ok };
}

/** SIGTERM with `count` sockets connected: every client told (close 1001 or a close packet), exit within the deadline. */
export async function sigterm(opts: StartOptions, count: number): Promise<CaseResult> {
  const server = await startServer(opts);
  const socks: RawSocket[] = [];
  for (let i = 0; i < count; i += 100) {
    socks.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(100, count - i) }, (_, j) =>
          rawWebSocket(server.url, { localAddress: `127.0.8.${1 + Math.floor((i + j) / 200)}` }),
        ),
      )),
    );
  }
  const codes = socks.map((s) => s.closed);
  const t0 = Date.now();
  server.child.kill("SIGTERM");
  const exit = await server.exited;
  const exitS = (Date.now() - t0) / 1000;
  const closeCodes = await Promise.all(codes.map((c) => Promise.race([c, sleep(5_000).then(() => -1)])));
  const told = closeCodes.filter((c) => c === 1001).length;
  return {
    name: `lifecycle: SIGTERM with ${count.toLocaleString("en")} sockets`,
    figure: `exit ${exit} after ${exitS.toFixed(1)} s (deadline 10 s, drain 0.5 s); ${told} of ${count} clients got close 1001 (others: ${[...new Set(closeCodes.filter((c) => c !== 1001))].join(", ") || "none"})`,
    pass: exit === 0 && exitS < 10 && told === count,
  };
}

/** SIGKILL and restart on the same port: clients reconnect on their own and pair again. */
export async function sigkillRestart(opts: StartOptions): Promise<CaseResult> {
  const server = await startServer(opts);
  const clients = Array.from({ length: 10 }, () =>
    ioc(server.url, {
      transports: ["websocket"],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1_000,
      localAddress: "127.0.0.51",
    } as never),
  );
  await Promise.all(clients.map((c) => new Promise((r) => c.once("connected", r))));
  const reconnected = clients.map((c) => new Promise<void>((r) => c.io.once("reconnect", () => r())));
  server.child.kill("SIGKILL");
  await server.exited;
  // The old process's port may take a moment to be free for the new listener: a few tries.
  let again: ServerProcess | undefined;
  for (let i = 0; i < 5 && !again; i++)
    again = await startServer({ ...opts, port: server.port }).catch(() => sleep(500).then(() => undefined));
  if (!again) again = await startServer({ ...opts, port: server.port });
  const t0 = Date.now();
  const back = await Promise.race([Promise.all(reconnected).then(() => true), sleep(20_000).then(() => false)]);
  const backS = (Date.now() - t0) / 1000;
  let paired = 0;
  for (let i = 0; i + 1 < clients.length; i += 2) {
    const code = await issueCode(again.url, "127.0.0.51");
    const a = await ask(clients[i]!, "join_room", { code, type: "camera" });
    const b = await ask(clients[i + 1]!, "join_room", { code, type: "viewer" });
    if (a.ok && b.ok) paired++;
  }
  for (const c of clients) c.disconnect();
  await stop(again);
  return {
    name: "lifecycle: SIGKILL and restart",
    figure: back
      ? `all 10 clients reconnected ${backS.toFixed(1)} s after the restart; ${paired} of 5 pairs joined again`
      : "clients did not all reconnect within 20 s",
    pass: back && paired === 5,
  };
}

async function stop(s: ServerProcess): Promise<void> {
  s.child.kill("SIGTERM");
  await s.exited;
}
