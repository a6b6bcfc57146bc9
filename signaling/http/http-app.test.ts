// The HTTP side against a real server on 127.0.0.1: the API of docs/PROTOCOL.md "HTTP API", errors, limits, headers,
// metrics, and which origins may open a Socket.IO connection.
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { io as ioc } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { connectClient, join, request, startTestServer, type TestServer } from "../testing/support.js";

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => unknown;
}

/** A plain node:http request, so any header (Host, X-Forwarded-For) can be set. Bounded by a 5 s timeout. */
function call(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: opts.method ?? "GET", headers: opts.headers, timeout: 5_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${opts.method ?? "GET"} ${url}: no answer within 5 s`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

const generate = (s: TestServer, headers?: Record<string, string>) =>
  call(`${s.url}/api/code/generate`, { method: "POST", ...(headers ? { headers } : {}) });

function expectErrorBody(a: Answer, status: number, code: string): void {
  expect(a.status).toBe(status);
  expect(a.headers["content-type"]).toMatch(/^application\/json/);
  const body = a.json() as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
}

/** The value of one sample line of Prometheus text, or undefined when the line is absent. */
function sample(text: string, name: string, labels = ""): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(" ") + 1));
}

describe("POST /api/code/generate", () => {
  it("answers 201 with a six-digit code, its expiry about ttlSeconds ahead, and ttlSeconds", async () => {
    const s = await startTestServer({ codeTtlSeconds: 120 });
    const before = Date.now();
    const a = await generate(s);
    const after = Date.now();
    expect(a.status).toBe(201);
    expect(a.headers["content-type"]).toMatch(/^application\/json/);
    expect(a.headers["cache-control"]).toBe("no-store");
    const body = a.json() as { code: string; expiresAt: string; ttlSeconds: number };
    expect(Object.keys(body).sort()).toEqual(["code", "expiresAt", "ttlSeconds"]);
    expect(body.code).toMatch(/^[0-9]{6}$/);
    expect(body.ttlSeconds).toBe(120);
    expect(body.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    const expires = Date.parse(body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 120_000 - 1_000);
    expect(expires).toBeLessThanOrEqual(after + 120_000 + 1_000);
  });

  it("issues a code a socket can join", async () => {
    const s = await startTestServer();
    const { code } = (await generate(s)).json() as { code: string };
    const socket = await s.connect();
    const res = await join(socket, code, "camera");
    expect(res.code).toBe(code);
  });

  it("answers a different code on each call", async () => {
    const s = await startTestServer();
    const codes = new Set<string>();
    for (let i = 0; i < 10; i++) codes.add(((await generate(s)).json() as { code: string }).code);
    expect(codes.size).toBe(10);
  });

  it.each(["GET", "PUT", "DELETE"])("answers %s with 405, an Allow header and the JSON error shape", async (method) => {
    const s = await startTestServer();
    const a = await call(`${s.url}/api/code/generate`, { method });
    expectErrorBody(a, 405, "METHOD_NOT_ALLOWED");
    expect(a.headers.allow).toBe("POST");
  });

  it("answers a malformed JSON body without a server error", async () => {
    const s = await startTestServer();
    const a = await call(`${s.url}/api/code/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"broken": ',
    });
    // The body carries nothing the endpoint needs: ignoring it (201) or refusing it (400) are both sensible.
    expect([201, 400]).toContain(a.status);
    if (a.status === 201) expect((a.json() as { code: string }).code).toMatch(/^[0-9]{6}$/);
    else expectErrorBody(a, 400, "BAD_REQUEST");
  });

  it("answers a fault of the store with 500 INTERNAL, and the next call is served", async () => {
    const s = await startTestServer();
    const rooms = s.server.backend.rooms;
    const issue = rooms.issueCode.bind(rooms);
    rooms.issueCode = () => Promise.reject(new Error("store broke"));
    const failed = await generate(s);
    expectErrorBody(failed, 500, "INTERNAL");
    expect(failed.headers["cache-control"]).toBe("no-store");
    expect(failed.text).not.toContain("store broke");
    rooms.issueCode = issue;
    expect((await generate(s)).status).toBe(201);
  });

  it("answers 429 RATE_LIMITED with Retry-After once an address used up codesPerMinute", async () => {
    const s = await startTestServer({ codesPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await generate(s)).status).toBe(201);
    const a = await generate(s);
    expectErrorBody(a, 429, "RATE_LIMITED");
    const retry = Number(a.headers["retry-after"]);
    expect(Number.isInteger(retry)).toBe(true);
    expect(retry).toBeGreaterThanOrEqual(1);
    expect(retry).toBeLessThanOrEqual(60);
    expect((a.json() as { error: { message: string } }).error.message).toMatch(/retry in \d+ s/);
    // Still limited, and nothing was issued for the refused calls.
    expect((await generate(s)).status).toBe(429);
    const metrics = (await call(`${s.url}/metrics`)).text;
    expect(sample(metrics, "codecam_live_codes")).toBe(3);
    expect(sample(metrics, "codecam_rate_limited_total", '{scope="code"}')).toBe(2);
  });

  it("gives the 31st call from one address in a minute 429 with the default limit of 30", async () => {
    const s = await startTestServer();
    expect(s.config.codesPerMinute).toBe(30);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await generate(s)).status);
    expect(statuses.slice(0, 30)).toEqual(Array<number>(30).fill(201));
    expect(statuses[30]).toBe(429);
  });

  it("counts per client address behind a trusted proxy, one /64 as one address", async () => {
    const s = await startTestServer({ codesPerMinute: 2, trustProxy: "loopback" });
    const from = (ip: string) => generate(s, { "x-forwarded-for": ip });
    expect((await from("2001:db8::1")).status).toBe(201);
    expect((await from("2001:db8::2")).status).toBe(201);
    expect((await from("2001:db8:0:0:ffff::3")).status).toBe(429); // same /64
    expect((await from("2001:db8:0:1::1")).status).toBe(201); // next /64
    expect((await from("203.0.113.5")).status).toBe(201);
  });

  it("ignores X-Forwarded-For when no proxy is trusted", async () => {
    const s = await startTestServer({ codesPerMinute: 2 });
    expect((await generate(s, { "x-forwarded-for": "203.0.113.1" })).status).toBe(201);
    expect((await generate(s, { "x-forwarded-for": "203.0.113.2" })).status).toBe(201);
    expect((await generate(s, { "x-forwarded-for": "203.0.113.3" })).status).toBe(429);
  });
});

describe("GET /api/config", () => {
  const ICE = [
    { urls: "stun:stun.example.org:3478" },
    { urls: ["turn:turn.example.org:3478?transport=udp"], username: "cam", credential: "s3cret" },
  ];

  it("answers iceServers, maxViewers, codeTtlSeconds and shareOrigin", async () => {
    const s = await startTestServer({ maxViewers: 3, codeTtlSeconds: 300, iceServers: [ICE[0]!] });
    const a = await call(`${s.url}/api/config`);
    expect(a.status).toBe(200);
    const body = a.json() as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["codeTtlSeconds", "iceServers", "maxViewers", "shareOrigin"]);
    expect(body).toMatchObject({ iceServers: [ICE[0]], maxViewers: 3, codeTtlSeconds: 300 });
    expect(body.shareOrigin).toEqual(expect.stringMatching(/^https?:\/\//));
  });

  it("answers PUBLIC_URL as shareOrigin when it is set", async () => {
    const s = await startTestServer({ publicUrl: "https://cam.example.org" });
    expect(((await call(`${s.url}/api/config`)).json() as { shareOrigin: string }).shareOrigin).toBe(
      "https://cam.example.org",
    );
  });

  it("answers an origin that can be opened as shareOrigin when HTTPS is off and the server listens on loopback", async () => {
    // Port 0 in the config means "any free port": the answer must name the port actually bound.
    const s = await startTestServer();
    const { shareOrigin } = (await call(`${s.url}/api/config`)).json() as { shareOrigin: string };
    expect(shareOrigin).toBe(s.url);
  });

  it("hands out TURN credentials only with the code of a live code", async () => {
    const s = await startTestServer({ iceServers: ICE });
    const servers = async (query: string) =>
      ((await call(`${s.url}/api/config${query}`)).json() as { iceServers: unknown[] }).iceServers;

    expect(await servers("")).toEqual([ICE[0]]);
    const code = await s.issueCode();
    const unknown = code === "000000" ? "000001" : "000000";
    expect(await servers(`?code=${unknown}`)).toEqual([ICE[0]]);
    expect(await servers(`?code=${code}`)).toEqual(ICE);
  });

  it.each(["abc", "12345", "1234567", "12345a", ""])("answers ?code=%s with 400 INVALID_CODE", async (code) => {
    const s = await startTestServer();
    expectErrorBody(await call(`${s.url}/api/config?code=${code}`), 400, "INVALID_CODE");
  });

  it("answers a repeated ?code= with 400 INVALID_CODE, credentials withheld", async () => {
    const s = await startTestServer({ iceServers: ICE });
    const code = await s.issueCode();
    expectErrorBody(await call(`${s.url}/api/config?code=${code}&code=${code}`), 400, "INVALID_CODE");
  });

  it("answers POST with 405 and an Allow header", async () => {
    const s = await startTestServer();
    const a = await call(`${s.url}/api/config`, { method: "POST" });
    expectErrorBody(a, 405, "METHOD_NOT_ALLOWED");
    expect(a.headers.allow).toMatch(/GET/);
  });
});

describe("GET /healthz", () => {
  it("answers 200 with status ok while the server accepts work", async () => {
    const s = await startTestServer();
    const a = await call(`${s.url}/healthz`);
    expect(a.status).toBe(200);
    expect(a.json()).toMatchObject({ status: "ok" });
  });

  it("answers 503 UNAVAILABLE from the still-listening server while it drains, and refuses new sockets", async () => {
    const s = await startTestServer({ shutdownDrainMs: 1_500 });
    const closing = s.server.close();
    const a = await call(`${s.url}/healthz`);
    expectErrorBody(a, 503, "UNAVAILABLE");
    await expect(connectClient(s.url)).rejects.toThrow();
    await closing;
  });
});

describe("GET /metrics", () => {
  it("serves Prometheus text with the codecam series", async () => {
    const s = await startTestServer();
    const a = await call(`${s.url}/metrics`);
    expect(a.status).toBe(200);
    expect(a.headers["content-type"]).toMatch(/^text\/plain/);
    for (const name of [
      "codecam_connected_sockets",
      "codecam_live_codes",
      "codecam_joins_total",
      "codecam_signals_forwarded_total",
    ]) {
      expect(a.text).toContain(`# TYPE ${name} `);
    }
    expect(sample(a.text, "codecam_connected_sockets")).toBe(0);
    expect(sample(a.text, "codecam_live_codes")).toBe(0);
    expect(sample(a.text, "codecam_signals_forwarded_total", '{event="offer"}')).toBe(0);
  });

  it("moves with real actions: a code, sockets, a join, a forwarded offer", async () => {
    const s = await startTestServer();
    const metrics = async () => (await call(`${s.url}/metrics`)).text;

    const code = await s.issueCode();
    expect(sample(await metrics(), "codecam_live_codes")).toBe(1);

    // Both on the server whose /metrics is read: in the Redis run s.connect() alternates between two servers.
    const cam = await connectClient(s.url);
    expect(sample(await metrics(), "codecam_connected_sockets")).toBe(1);
    const viewer = await connectClient(s.url);
    expect(sample(await metrics(), "codecam_connected_sockets")).toBe(2);

    await join(cam, code, "camera");
    await join(viewer, code, "viewer");
    let m = await metrics();
    expect(sample(m, "codecam_joins_total", '{result="ok"}')).toBe(2);
    expect(sample(m, "codecam_live_rooms")).toBe(1);
    expect(sample(m, "codecam_room_members")).toBe(2);

    const res = await request(cam, "offer", { room_code: code, offer: { type: "offer", sdp: "v=0\r\n" } });
    expect(res).toEqual({ ok: true });
    m = await metrics();
    expect(sample(m, "codecam_signals_forwarded_total", '{event="offer"}')).toBe(1);
    expect(sample(m, "codecam_signals_forwarded_total", '{event="answer"}')).toBe(0);
  });
});

describe("other paths", () => {
  it.each([
    ["GET", "/nope"],
    ["POST", "/nope"],
    ["GET", "/api/unknown"],
    ["GET", "/api/code"],
  ])("answers %s %s with 404 NOT_FOUND in the JSON error shape", async (method, path) => {
    const s = await startTestServer();
    expectErrorBody(await call(`${s.url}${path}`, { method }), 404, "NOT_FOUND");
  });
});

describe("security headers", () => {
  it.each(["/healthz", "/api/config", "/nope"])("sets the security headers on %s", async (path) => {
    const s = await startTestServer();
    const a = await call(`${s.url}${path}`);
    const csp = String(a.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain(`ws://127.0.0.1:${new URL(s.url).port}`);
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(a.headers["x-content-type-options"]).toBe("nosniff");
    expect(a.headers["x-powered-by"]).toBeUndefined();
    expect(a.headers["permissions-policy"]).toMatch(/(^|,\s*)camera=\(self\)/);
    expect(a.headers["strict-transport-security"]).toBeUndefined();
  });
});

describe("Socket.IO origin check", () => {
  const sockets: Array<{ disconnect(): unknown }> = [];
  afterEach(() => {
    for (const s of sockets.splice(0)) s.disconnect();
  });

  /** Resolves "connected" or "refused: <message>", within 5 s. */
  function tryConnect(url: string, transport: "websocket" | "polling", origin?: string): Promise<string> {
    const socket = ioc(url, {
      transports: [transport],
      reconnection: false,
      forceNew: true,
      timeout: 5_000,
      ...(origin === undefined ? {} : { extraHeaders: { origin } }),
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve("no answer"), 5_000);
      socket.once("connected" as never, () => {
        clearTimeout(timer);
        resolve("connected");
      });
      socket.once("connect_error", (err: Error) => {
        clearTimeout(timer);
        resolve(`refused: ${err.message}`);
      });
    });
  }

  it.each(["websocket", "polling"] as const)("refuses a foreign Origin over %s", async (transport) => {
    const s = await startTestServer();
    expect(await tryConnect(s.url, transport, "https://evil.example")).toMatch(/^refused/);
    expect(s.server.io.engine.clientsCount).toBe(0);
  });

  it.each(["websocket", "polling"] as const)(
    "accepts the server's own origin and no Origin over %s",
    async (transport) => {
      const s = await startTestServer();
      expect(await tryConnect(s.url, transport, s.url)).toBe("connected");
      expect(await tryConnect(s.url, transport)).toBe("connected");
    },
  );

  it("refuses an origin on the same host name but another port", async () => {
    const s = await startTestServer();
    const port = Number(new URL(s.url).port);
    expect(await tryConnect(s.url, "websocket", `http://127.0.0.1:${port === 65_535 ? port - 1 : port + 1}`)).toMatch(
      /^refused/,
    );
  });

  it("accepts a foreign origin listed in corsOrigins, and still refuses others", async () => {
    const s = await startTestServer({ corsOrigins: ["https://evil.example"] });
    expect(await tryConnect(s.url, "websocket", "https://evil.example")).toBe("connected");
    expect(await tryConnect(s.url, "websocket", "https://other.example")).toMatch(/^refused/);
  });
});
