// One hostile client must never hurt anyone else: floods, slow readers, connection caps, the /api/config code
// oracle, host and cross-site checks, log floods, graceful shutdown, and malformed transport traffic. Each attack
// runs against a real server on 127.0.0.1 and ends with the bystanders' view.
import { Writable } from "node:stream";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { httpCall, rawPolling, rawWebSocket } from "../testing/raw-client.js";
import {
  BIG_SDP,
  connectClient,
  fakeClock,
  join,
  nextEvent,
  offersToPausedViewer,
  request,
  startTestServer,
  waitFor,
  type TestServer,
} from "../testing/support.js";

/** A code that is well-formed but not live on this server. */
async function deadCode(t: TestServer): Promise<string> {
  for (;;) {
    const code = String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
    if (!(await t.server.backend.rooms.isLive(code))) return code;
  }
}

/** A fresh camera and viewer pair up and a signal gets through: the server still serves everyone else. */
async function expectPairingWorks(t: TestServer, localAddress = "127.0.0.9"): Promise<void> {
  const code = await t.issueCode();
  const [camera, viewer] = await Promise.all([
    t.connect({ localAddress } as object),
    t.connect({ localAddress } as object),
  ]);
  await join(camera, code, "camera");
  await join(viewer, code, "viewer");
  const got = nextEvent(viewer, "offer");
  expect(await request(camera, "offer", { room_code: code, offer: { type: "offer", sdp: "v=0" } })).toEqual({
    ok: true,
  });
  expect(await got).toMatchObject({ from: camera.id });
  camera.disconnect();
  viewer.disconnect();
}

describe("flood", () => {
  it("answers one RATE_LIMITED per window to a raw flood of frames, not one per frame", async () => {
    const t = await startTestServer({ socketEventsPerSecond: 1, socketEventBurst: 20 });
    const raw = await rawWebSocket(t.url);
    const started = Date.now();
    for (let i = 0; i < 300; i++) raw.send('42["offer"]');
    // A ping with an ack, sent until one is admitted: by then every frame before it has been handled.
    let pong: string | undefined;
    for (let i = 0; i < 10 && pong === undefined; i++) {
      raw.send(`42${i}["ping"]`);
      pong = await raw.next((f) => f.startsWith(`43${i}[`), 1_500).catch(() => undefined);
    }
    expect(pong).toBeDefined();
    // One answered refusal per 1 s window the flood spanned (the old server answered all 280).
    const windows = Math.ceil((Date.now() - started) / 1_000);
    const limited = raw.received.filter((f) => f.includes('"RATE_LIMITED"'));
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.length).toBeLessThanOrEqual(windows);
    // The ones within the budget were read and refused for what they are.
    expect(raw.received.filter((f) => f.includes('"BAD_REQUEST"')).length).toBeGreaterThanOrEqual(19);
    raw.close();
  });

  it("stops reading a websocket that keeps flooding, then cuts it off; others keep pairing", async () => {
    const t = await startTestServer();
    const raw = await rawWebSocket(t.url, { localAddress: "127.0.0.2" });
    let closed = false;
    void raw.closed.then(() => (closed = true));
    // Bounded: at most 40 s and 4 million frames, stopping as soon as the server lets go.
    const until = Date.now() + 40_000;
    for (let sent = 0; !closed && sent < 4_000_000 && Date.now() < until; sent += 2_000) {
      if (raw.ws.bufferedAmount < 4 * 1024 * 1024) for (let i = 0; i < 2_000; i++) raw.send('42["offer"]');
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(closed).toBe(true);
    expect(await (await fetch(`${t.url}/healthz`)).json()).toMatchObject({ status: "ok" });
    await expectPairingWorks(t);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^codecam_connections_cut_total\{reason="flood"\} 1$/m);
  }, 60_000);

  it("closes a polling session whose request packs more packets than the burst, before decoding them", async () => {
    const t = await startTestServer({ socketEventBurst: 50 });
    const session = await rawPolling(t.url);
    await session.post(Array.from({ length: 1_000 }, () => '42["offer"]'));
    expect((await session.poll()).status).toBe(400); // the session is gone
    await expectPairingWorks(t);
  });
});

describe("slow readers", () => {
  it("cuts off a websocket viewer that stops reading once its queue passes maxQueuedBytes; the camera hears it left", async () => {
    const t = await startTestServer({ maxQueuedBytes: 256 * 1024 });
    const { left, viewerId, camera } = await offersToPausedViewer(t, false);
    expect(left).toEqual({ id: viewerId, type: "viewer" });
    expect(camera.connected).toBe(true);
    await expectPairingWorks(t);
  }, 40_000);

  it("cuts off a polling viewer that never polls once its queue passes maxQueuedBytes", async () => {
    const t = await startTestServer({ maxQueuedBytes: 128 * 1024 });
    const code = await t.issueCode();
    const camera = await t.connect();
    await join(camera, code, "camera");
    const viewer = await rawPolling(t.url);
    await viewer.post([`420["join_room",{"code":"${code}","type":"viewer"}]`]);
    expect((await viewer.poll()).packets.some((p) => p.startsWith("430"))).toBe(true);
    const left = nextEvent(camera, "peer_left", 10_000);
    for (let i = 0; i < 4; i++) {
      expect(await request(camera, "offer", { room_code: code, offer: { type: "offer", sdp: BIG_SDP } })).toEqual({
        ok: true,
      });
    }
    await left;
    expect((await viewer.poll()).status).toBe(400);
  });
});

describe("GET /api/config?code= is no code oracle", () => {
  it("counts a wrong code as a failed join, then answers RATE_LIMITED, a live code included, and so does join_room", async () => {
    const t = await startTestServer({
      joinFailuresPerMinute: 3,
      iceServers: [{ urls: "turn:turn.example.org:3478", username: "u", credential: "secret" }],
    });
    const live = await t.issueCode();
    for (let i = 0; i < 3; i++) {
      const a = await httpCall(`${t.url}/api/config?code=${await deadCode(t)}`);
      expect(a.status).toBe(200);
      expect(a.body).not.toContain("secret");
    }
    const over = await httpCall(`${t.url}/api/config?code=${live}`);
    expect(over.status).toBe(429);
    expect(JSON.parse(over.body)).toMatchObject({ error: { code: "RATE_LIMITED" } });
    const socket = await t.connect();
    expect(await request(socket, "join_room", { code: live, type: "viewer" })).toMatchObject({
      error: { code: "RATE_LIMITED" },
    });
    // Another address is not affected, and a live code there does not count.
    for (let i = 0; i < 5; i++) {
      const a = await httpCall(`${t.url}/api/config?code=${live}`, { localAddress: "127.0.0.3" });
      expect(a.status).toBe(200);
      expect(a.body).toContain("secret");
    }
  });
});

describe("connection caps", () => {
  it("refuses a connection over the per-address cap at the handshake, frees the slot on close, and keeps others in", async () => {
    const t = await startTestServer({ maxConnectionsPerAddress: 3 });
    const mine = await Promise.all([1, 2, 3].map(() => t.connect({ localAddress: "127.0.0.4" } as object)));
    await expect(t.connect({ localAddress: "127.0.0.4" } as object)).rejects.toThrow();
    await expect(rawPolling(t.url, { localAddress: "127.0.0.4" })).rejects.toThrow(/403/);
    await t.connect({ localAddress: "127.0.0.5" } as object);
    mine[0]!.disconnect();
    await waitFor(() => t.server.io.engine.clientsCount === 3);
    await t.connect({ localAddress: "127.0.0.4" } as object);
  });

  it("refuses connections over the total cap", async () => {
    const t = await startTestServer({ maxConnections: 2 });
    await t.connect({ localAddress: "127.0.0.6" } as object);
    await t.connect({ localAddress: "127.0.0.7" } as object);
    await expect(t.connect({ localAddress: "127.0.0.8" } as object)).rejects.toThrow();
  });
});

describe("/metrics access", () => {
  it("needs the bearer token when METRICS_TOKEN is set", async () => {
    const t = await startTestServer({ metricsToken: "0123456789abcdef-token" });
    const refused = await httpCall(`${t.url}/metrics`);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ error: { code: "UNAUTHORIZED" } });
    expect(
      (await httpCall(`${t.url}/metrics`, { headers: { Authorization: "Bearer wrong-token-0123456" } })).status,
    ).toBe(401);
    const ok = await httpCall(`${t.url}/metrics`, { headers: { Authorization: "Bearer 0123456789abcdef-token" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatch(/^codecam_connected_sockets /m);
  });

  it("without a token, answers only a local request that came through no proxy", async () => {
    const t = await startTestServer();
    expect((await httpCall(`${t.url}/metrics`)).status).toBe(200);
    expect((await httpCall(`${t.url}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.9" } })).status).toBe(404);
  });

  it("with METRICS_PORT, serves /metrics there and not on the main listener", async () => {
    const t = await startTestServer({ metricsPort: 0 });
    const port = (t.server.metricsServer!.address() as { port: number }).port;
    expect((await httpCall(`${t.url}/metrics`)).status).toBe(404);
    const a = await httpCall(`http://127.0.0.1:${port}/metrics`);
    expect(a.status).toBe(200);
    expect(a.body).toMatch(/^codecam_live_codes /m);
  });
});

describe("logs under attack", () => {
  it("writes one line per limited address per window, with the count, not one per refusal", async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        lines.push(...chunk.toString().trim().split("\n"));
        done();
      },
    });
    const clock = fakeClock();
    const t = await startTestServer(
      { joinFailuresPerMinute: 2 },
      { log: pino({ level: "info" }, sink), now: clock.now },
    );
    const guesser = await t.connect();
    for (let i = 0; i < 40; i++) await request(guesser, "join_room", { code: await deadCode(t), type: "viewer" });
    const limited = () =>
      lines
        .map((l) => JSON.parse(l) as { msg: string; count?: number })
        .filter((l) => l.msg.startsWith("join rate-limited"));
    expect(limited()).toHaveLength(1);
    clock.advance(61_000);
    await request(guesser, "join_room", { code: await deadCode(t), type: "viewer" });
    await request(guesser, "join_room", { code: await deadCode(t), type: "viewer" });
    await request(guesser, "join_room", { code: await deadCode(t), type: "viewer" });
    // The window's count, then the first of the next window.
    expect(limited().map((l) => l.count)).toEqual([1, 37, 1]);
  });
});

describe("failed-join limit over any 60 s", () => {
  it("does not give a guesser a second allowance across a minute boundary", async () => {
    const clock = fakeClock();
    const t = await startTestServer({ joinFailuresPerMinute: 10 }, { now: clock.now });
    const guesser = await t.connect();
    const guess = async () =>
      (await request(guesser, "join_room", { code: await deadCode(t), type: "viewer" })) as { error: { code: string } };
    expect((await guess()).error.code).toBe("CODE_NOT_FOUND");
    clock.advance(58_000);
    for (let i = 0; i < 9; i++) expect((await guess()).error.code).toBe("CODE_NOT_FOUND");
    expect((await guess()).error.code).toBe("RATE_LIMITED");
    clock.advance(2_001); // 60 s after the first guess: that one slot frees, the other nine do not
    expect((await guess()).error.code).toBe("CODE_NOT_FOUND");
    expect((await guess()).error.code).toBe("RATE_LIMITED");
    clock.advance(58_000);
    expect((await guess()).error.code).toBe("CODE_NOT_FOUND");
  });
});

describe("allowed hosts and cross-site calls", () => {
  it("refuses a rebound host name (Host and Origin evil.example) on HTTP and on the Socket.IO handshake", async () => {
    const t = await startTestServer();
    const evil = { Host: "evil.example", Origin: "http://evil.example" };
    expect((await httpCall(`${t.url}/healthz`, { headers: { Host: "evil.example" } })).status).toBe(403);
    // Engine.IO answers every refused upgrade with 400 and the reason; a refused polling handshake with 403.
    await expect(rawWebSocket(t.url, { headers: evil })).rejects.toThrow(/HTTP 400/);
    await expect(rawPolling(t.url, { headers: evil })).rejects.toThrow(/403/);
    expect(t.server.io.engine.clientsCount).toBe(0);
    // The machine's own names and addresses pass.
    expect((await httpCall(`${t.url}/healthz`, { headers: { Host: "localhost" } })).status).toBe(200);
    expect((await rawWebSocket(t.url, { headers: { Origin: t.url } })).id).toEqual(expect.any(String));
  });

  it("lets ALLOWED_HOSTS and PUBLIC_URL's host in", async () => {
    const t = await startTestServer({ allowedHosts: [".example.net"], publicUrl: "https://cam.example.org" });
    expect((await httpCall(`${t.url}/healthz`, { headers: { Host: "a.example.net" } })).status).toBe(200);
    expect((await httpCall(`${t.url}/healthz`, { headers: { Host: "cam.example.org" } })).status).toBe(200);
    expect((await httpCall(`${t.url}/healthz`, { headers: { Host: "example.com" } })).status).toBe(403);
  });

  it("refuses a cross-site POST /api/code/generate and issues nothing", async () => {
    const t = await startTestServer();
    const crossOrigin = await httpCall(`${t.url}/api/code/generate`, {
      method: "POST",
      headers: { Origin: "http://evil.example" },
    });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await httpCall(`${t.url}/api/code/generate`, {
      method: "POST",
      headers: { "Sec-Fetch-Site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    expect((await t.server.backend.rooms.stats()).codes).toBe(0);
    const own = await httpCall(`${t.url}/api/code/generate`, {
      method: "POST",
      headers: { Origin: t.url, "Sec-Fetch-Site": "same-origin" },
    });
    expect(own.status).toBe(201);
  });
});

describe("graceful shutdown", () => {
  it("closes websockets with 1001 and polling sessions with a close packet, so clients reconnect at once", async () => {
    const t = await startTestServer();
    const raw = await rawWebSocket(t.url);
    const polling = await connectClient(t.url, { transports: ["polling"] });
    const pollingReason = new Promise<string>((resolve) => polling.once("disconnect", resolve));
    await t.server.close();
    expect(await raw.closed).toBe(1001);
    expect(await pollingReason).toBe("transport close");
  });
});

describe("malformed transport traffic", () => {
  it("closes a polling session whose POST was refused with 413, as a websocket is closed for an oversized frame", async () => {
    const t = await startTestServer();
    const session = await rawPolling(t.url);
    const big = await session.post([`42["offer",{"x":"${"a".repeat(t.config.maxHttpBufferSize + 10)}"}]`]);
    expect(big.status).toBe(413);
    expect((await session.poll()).status).toBe(400);
  });

  it("does not answer an absurd ack id as `43Infinity`: the reply comes as an event", async () => {
    const t = await startTestServer();
    const raw = await rawWebSocket(t.url);
    raw.send(`42${"9".repeat(400)}["ping"]`);
    const reply = await raw.next((f) => /^4[23]/.test(f) && f.includes('"pong"'));
    expect(reply).toMatch(/^42\["pong",/);
    expect(raw.received.some((f) => f.includes("Infinity"))).toBe(false);
  });
});

describe("mistyped paths", () => {
  it("gives a browser an HTML page with a link back to /, and an API client JSON", async () => {
    const t = await startTestServer();
    const page = await httpCall(`${t.url}/camra`, { headers: { Accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    expect(page.status).toBe(404);
    expect(page.body).toMatch(/<a href="\/">/);
    expect(page.body).toContain("/camra");
    const api = await httpCall(`${t.url}/camra`, { headers: { Accept: "*/*" } });
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body)).toMatchObject({ error: { code: "NOT_FOUND" } });
    const apiPath = await httpCall(`${t.url}/api/nope`, { headers: { Accept: "text/html" } });
    expect(JSON.parse(apiPath.body)).toMatchObject({ error: { code: "NOT_FOUND" } });
  });
});
