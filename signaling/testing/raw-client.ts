// Raw Engine.IO/Socket.IO clients for tests and the reliability suite: a websocket or a long-polling session
// spoken by hand, so a test can send what no well-behaved client library would (floods, absurd ack ids, packed
// polling requests) and see exactly what comes back, close codes included.
import { request as httpRequest } from "node:http";
import WebSocket from "ws";

export interface RawOptions {
  /** Source address (any 127.x.y.z on loopback): one test client per simulated address. */
  localAddress?: string;
  headers?: Record<string, string>;
  /** Answer the server's pings, as a live client does (default true). */
  answerPings?: boolean;
}

export interface RawSocket {
  ws: WebSocket;
  /** Socket.IO id from the CONNECT reply. */
  id: string;
  /** Every text frame received after the handshake, in order. */
  received: string[];
  send(frame: string): void;
  /** Resolves with the close code once the connection is closed. */
  closed: Promise<number>;
  /** Resolves with the next received frame that satisfies `match`. */
  next(match: (frame: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): void;
}

function socketIoUrl(base: string, transport: "websocket" | "polling", sid?: string): string {
  const u = new URL("/socket.io/", base);
  u.searchParams.set("EIO", "4");
  u.searchParams.set("transport", transport);
  if (sid) u.searchParams.set("sid", sid);
  if (transport === "websocket") u.protocol = u.protocol === "https:" ? "wss:" : "ws:";
  return u.toString();
}

/** Opens a raw websocket session and connects to the main namespace; rejects if refused. */
export function rawWebSocket(base: string, opts: RawOptions = {}): Promise<RawSocket> {
  const ws = new WebSocket(socketIoUrl(base, "websocket"), {
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
  });
  const received: string[] = [];
  const waiters: Array<{ match: (f: string) => boolean; resolve: (f: string) => void }> = [];
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let id: string | undefined;
    ws.once("error", reject);
    ws.once("unexpected-response", (_req, res) => reject(new Error(`handshake refused: HTTP ${res.statusCode}`)));
    ws.on("message", (data) => {
      const frame = data.toString();
      if (frame.startsWith("0{")) {
        ws.send("40");
        return;
      }
      if (frame === "2") {
        if (opts.answerPings !== false) ws.send("3");
        return;
      }
      if (id === undefined && frame.startsWith("40")) {
        id = (JSON.parse(frame.slice(2)) as { sid: string }).sid;
        ws.off("error", reject);
        ws.on("error", () => {});
        resolve({
          ws,
          id,
          received,
          send: (f) => ws.send(f),
          closed,
          close: () => ws.terminate(),
          next: (match, timeoutMs = 5_000) =>
            new Promise((res, rej) => {
              const found = received.find(match);
              if (found !== undefined) return res(found);
              const timer = setTimeout(() => rej(new Error("no matching frame in time")), timeoutMs);
              waiters.push({
                match,
                resolve: (f) => {
                  clearTimeout(timer);
                  res(f);
                },
              });
            }),
        });
        return;
      }
      received.push(frame);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.match(frame)) waiters.splice(i, 1)[0]!.resolve(frame);
      }
    });
  });
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One plain HTTP request with a body, from a chosen source address; bounded by `timeoutMs`. */
export function httpCall(
  url: string,
  opts: {
    method?: string;
    body?: string;
    headers?: Record<string, string>;
    localAddress?: string;
    timeoutMs?: number;
  } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: opts.method ?? "GET",
        headers: {
          ...(opts.body === undefined ? {} : { "Content-Type": "text/plain;charset=UTF-8" }),
          ...opts.headers,
        },
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
        // A fresh connection per call: reusing a kept-alive one races the server closing it when idle (ECONNRESET).
        agent: false,
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export interface RawPolling {
  sid: string;
  /** POSTs packets joined as Engine.IO does (\x1e between them). */
  post(packets: string[]): Promise<HttpAnswer>;
  /** One GET poll: the packets the server had for this session (or a 400 once the session is gone). */
  poll(): Promise<{ status: number; packets: string[] }>;
}

/** Opens a raw long-polling session and connects to the main namespace. */
export async function rawPolling(base: string, opts: RawOptions = {}): Promise<RawPolling> {
  const common = {
    ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    ...(opts.headers ? { headers: opts.headers } : {}),
  };
  const open = await httpCall(socketIoUrl(base, "polling"), common);
  if (open.status !== 200) throw new Error(`handshake refused: HTTP ${open.status} ${open.body}`);
  const sid = (JSON.parse(open.body.slice(1)) as { sid: string }).sid;
  const url = socketIoUrl(base, "polling", sid);
  const session: RawPolling = {
    sid,
    post: (packets) => httpCall(url, { ...common, method: "POST", body: packets.join("\x1e") }),
    poll: async () => {
      const a = await httpCall(url, common);
      return { status: a.status, packets: a.status === 200 ? a.body.split("\x1e") : [] };
    },
  };
  await session.post(["40"]);
  const connected = await session.poll();
  if (!connected.packets.some((p) => p.startsWith("40")))
    throw new Error(`no CONNECT reply: ${connected.packets.join(" | ")}`);
  return session;
}
