// Test helpers: a real server on a loopback port, real socket.io-client sockets, and promise wrappers for events.
import { io as ioc, type Socket, type ManagerOptions, type SocketOptions } from "socket.io-client";
import { nanoid } from "nanoid";
import { afterEach, inject } from "vitest";
import { createSignalingServer, type ServerDeps, type SignalingServer } from "../app.js";
import { testConfig } from "./config.js";
import type { Config } from "../config/config.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../protocol.js";
import { rawWebSocket } from "./raw-client.js";

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  server: SignalingServer;
  url: string;
  config: Readonly<Config>;
  /** Connects a client and waits for `connected`; closed after the test. */
  connect(opts?: Partial<ManagerOptions & SocketOptions>): Promise<TestClient>;
  /** POST /api/code/generate → the code. */
  issueCode(): Promise<string>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by vitest.redis.config.ts: every test server is two servers on this Redis (the protocol suite's second run). */
    redisUrl: string | undefined;
  }
}

/**
 * True in the protocol suite's second run, on two servers over one Redis. Expiry there is Redis's own TTL, which
 * an injected clock cannot move: the few tests that step a fake clock through expiry run on the memory store only.
 */
export function onSharedRedis(): boolean {
  return inject("redisUrl") !== undefined;
}

/**
 * Starts a server on 127.0.0.1:0 with `testConfig` plus overrides; it and its clients stop after the test.
 * Under vitest.redis.config.ts it starts two servers sharing one Redis (a key prefix of their own) and connects
 * clients to them in turn, so every protocol test also runs across processes: `server` and `url` are the first.
 */
export async function startTestServer(overrides: Partial<Config> = {}, deps: ServerDeps = {}): Promise<TestServer> {
  const redisUrl = inject("redisUrl");
  const config = testConfig(
    // A long command timeout: on a loaded test machine a slow Redis reply must not read as Redis being away.
    redisUrl
      ? { redisUrl, redisKeyPrefix: `test-${nanoid(10)}:`, redisCommandTimeoutMs: 10_000, ...overrides }
      : overrides,
  );
  const servers = Array.from({ length: redisUrl ? 2 : 1 }, () => createSignalingServer(config, deps));
  if (servers.length > 1) {
    for (const server of servers) {
      (server.io.on as (ev: string, fn: (ack: () => void) => void) => void)(FLUSH, (ack) => ack());
      sharedServers.add(server);
      cleanups.push(() => void sharedServers.delete(server));
    }
  }
  const urls: string[] = [];
  for (const server of servers) {
    const { http } = await server.listen();
    urls.push(`http://127.0.0.1:${http}`);
    cleanups.push(() => server.close());
  }
  const server = servers[0]!;
  const url = urls[0]!;
  let turn = 0;
  return {
    server,
    url,
    config,
    connect: (opts) => connectClient(urls[turn++ % urls.length]!, opts),
    issueCode: async () => {
      const res = await fetch(`${url}/api/code/generate`, { method: "POST" });
      if (res.status !== 201) throw new Error(`generate answered ${res.status}`);
      return ((await res.json()) as { code: string }).code;
    },
  };
}

export async function connectClient(
  url: string,
  opts: Partial<ManagerOptions & SocketOptions> = {},
): Promise<TestClient> {
  const socket: TestClient = ioc(url, { transports: ["websocket"], reconnection: false, forceNew: true, ...opts });
  cleanups.push(() => {
    socket.disconnect();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connected", () => resolve());
    socket.once("connect_error", reject);
  });
  return socket;
}

type Reply<E extends keyof ClientToServerEvents> = Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0];

/**
 * Emits with an ack and resolves with the reply. Socket.IO's emitWithAck typing does not take optional acks
 * (socket.io#5367), so the ack is wrapped by hand.
 */
export function request<E extends keyof ClientToServerEvents>(
  socket: TestClient,
  event: E,
  ...payload: unknown[]
): Promise<Reply<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within 3 s`)), 3_000);
    (socket.emit as (ev: string, ...args: unknown[]) => void)(event, ...payload, (res: Reply<E>) => {
      clearTimeout(timer);
      resolve(res);
    });
  });
}

/** Emits without an ack, as a client that does not use them. */
export function send(socket: TestClient, event: string, ...payload: unknown[]): void {
  (socket.emit as (ev: string, ...args: unknown[]) => void)(event, ...payload);
}

/** Resolves with the next `event` the socket receives. */
export function nextEvent<T = unknown>(socket: TestClient, event: string, timeoutMs = 3_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      (socket.off as (ev: string, fn: unknown) => void)(event, handler);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (msg: T) => {
      clearTimeout(timer);
      resolve(msg);
    };
    (socket.once as (ev: string, fn: (msg: T) => void) => void)(event, handler);
  });
}

/**
 * Collects every event a socket receives from now on. Used to prove a negative: after a round trip through the
 * server (which orders all deliveries before it), `events` must still be empty.
 */
export function recordEvents(socket: TestClient): Array<{ event: string; args: unknown[] }> {
  const events: Array<{ event: string; args: unknown[] }> = [];
  socket.onAny((event: string, ...args: unknown[]) => events.push({ event, args }));
  return events;
}

/** Servers of the current test that share one Redis (the protocol suite's second run). */
const sharedServers = new Set<SignalingServer>();
const FLUSH = "test:flush";

/**
 * A ping round trip on each socket. The server handles one socket's events in order and emits synchronously,
 * so once these pongs are back, anything the earlier messages would have caused has been sent and received.
 * With servers on one Redis, what one server published for another's sockets is flushed too: each server asks
 * every other for an ack over the adapter (one ordered Redis pub/sub stream per server, so the ack comes after
 * everything published before it), then a second ping on each socket brings those deliveries home.
 */
export async function settle(...sockets: TestClient[]): Promise<void> {
  await Promise.all(sockets.map((s) => request(s, "ping")));
  if (sharedServers.size < 2) return;
  await Promise.all(
    [...sharedServers].map((server) => (server.io.serverSideEmitWithAck as (ev: string) => Promise<unknown>)(FLUSH)),
  );
  await Promise.all(sockets.map((s) => request(s, "ping")));
}

/** Joins and returns the success reply; fails the test on an error reply. */
export async function join(socket: TestClient, code: string, type: "camera" | "viewer", token?: string) {
  const res = await request(socket, "join_room", token === undefined ? { code, type } : { code, type, token });
  if (!res.ok) throw new Error(`join failed: ${res.error.code} ${res.error.message}`);
  return res;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds; fails after `timeoutMs`. For conditions, never as a stand-in for one. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(20);
  }
}

/** A clock for `deps.now` that moves only when told: expiry and windows without waiting for them. */
export function fakeClock(start = Date.now()): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A 60 KB SDP: a few of them fill a reader's TCP buffers. */
export const BIG_SDP = `v=0\r\n${"a=x-filler:".padEnd(60_000, "x")}\r\n`;

/**
 * A camera (socket.io-client) and a raw viewer in one room; the viewer stops reading its TCP socket (the kernel
 * buffers fill, then the server's queue grows) while the camera sends big offers, to the room or, `addressed`,
 * to the viewer (the hot path), until it hears the viewer left or has sent 150. Resolves with what it heard:
 * peer_left within 10 s, well before the server's next ping (15 s), which would pass through the cap too.
 */
export async function offersToPausedViewer(
  t: TestServer,
  addressed: boolean,
): Promise<{ left: unknown; viewerId: string; camera: TestClient }> {
  const code = await t.issueCode();
  const camera = await t.connect();
  await join(camera, code, "camera");
  const viewer = await rawWebSocket(t.url);
  viewer.send(`420["join_room",{"code":"${code}","type":"viewer"}]`);
  await viewer.next((f) => f.startsWith("430"));
  const left = nextEvent(camera, "peer_left", 10_000);
  (viewer.ws as unknown as { _socket: { pause(): void } })._socket.pause();
  for (let i = 0; i < 150 && camera.connected; i++) {
    send(camera, "offer", {
      room_code: code,
      offer: { type: "offer", sdp: BIG_SDP },
      ...(addressed ? { to: viewer.id } : {}),
    });
    if (i % 10 === 9) await sleep(20);
  }
  return { left: await left, viewerId: viewer.id, camera };
}
