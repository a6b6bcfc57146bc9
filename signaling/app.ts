// createSignalingServer(config, deps): express + Socket.IO on one HTTP port (and the same on an HTTPS port).
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { clientAddress, compileTrust, rateLimitKey } from "./client-ip.js";
import type { Config } from "./config.js";
import type { HandlerContext } from "./context.js";
import { registerHandlers } from "./handlers.js";
import { jsonOnlyParser } from "./json-only-parser.js";
import { corsForPolling } from "./polling-cors.js";
import { createHttpApp } from "./http-routes.js";
import { createLogger, type Logger } from "./log.js";
import { createMemoryBackend } from "./memory-store.js";
import { createMetrics, type Metrics } from "./metrics.js";
import type { BoundPorts } from "./share-urls.js";
import { CodeIssueLimit, JoinGuard, TokenBucket } from "./rate-limit.js";
import type { Backend } from "./store.js";
import type { SignalingIo } from "./types.js";

export interface ServerDeps {
  /** State store; the in-memory one when omitted. Closed with the server. */
  backend?: Backend;
  log?: Logger;
  /** Certificate and key (PEM) for the HTTPS listener; no HTTPS without them. */
  tls?: { cert: string; key: string };
  /** Node process metrics (CPU, memory, event loop) on /metrics: on for the real server, off for tests. */
  processMetrics?: boolean;
}

export interface SignalingServer {
  io: SignalingIo;
  http: HttpServer;
  https: HttpsServer | undefined;
  backend: Backend;
  metrics: Metrics;
  /** Listens on config.port (and config.httpsPort with TLS); resolves with the bound ports. */
  listen(): Promise<BoundPorts>;
  /**
   * Graceful stop: health turns 503, no new connections, every socket's transport is closed so clients
   * reconnect (to this address once it is back, or elsewhere behind a balancer), then the store closes.
   */
  close(): Promise<void>;
}

const SOCKET_IO_PATH = "/socket.io";

export function createSignalingServer(config: Readonly<Config>, deps: ServerDeps = {}): SignalingServer {
  const log = deps.log ?? createLogger(config.logLevel);
  const backend =
    deps.backend ??
    createMemoryBackend({
      codeTtlMs: config.codeTtlSeconds * 1000,
      roomGraceMs: config.roomGraceSeconds * 1000,
      maxViewers: config.maxViewers,
    });
  const trust = compileTrust(config.trustProxy);
  let draining = false;
  let bound: BoundPorts = { http: config.port };

  const io: SignalingIo = new Server({
    path: SOCKET_IO_PATH,
    serveClient: false,
    maxHttpBufferSize: config.maxHttpBufferSize,
    parser: jsonOnlyParser,
    // Phones drop off Wi-Fi without closing: notice within ~25 s rather than the default ~45 s.
    pingInterval: 15_000,
    pingTimeout: 10_000,
    allowRequest: (req, callback) => {
      if (draining) return callback("server is shutting down", false);
      const allowed = isOriginAllowed(req, config.corsOrigins);
      callback(allowed ? null : "origin not allowed", allowed);
    },
  });

  const metrics = createMetrics({
    connectedSockets: () => io.engine?.clientsCount ?? 0,
    storeStats: () => backend.rooms.stats(),
    processMetrics: deps.processMetrics ?? false,
  });

  const ctx: HandlerContext = {
    config,
    io,
    rooms: backend.rooms,
    joinGuard: new JoinGuard(backend, config.joinFailuresPerMinute, () => metrics.rateLimited("join")),
    metrics,
    log,
  };

  const app = createHttpApp({
    config,
    rooms: backend.rooms,
    codeLimit: new CodeIssueLimit(backend, config.codesPerMinute, () => metrics.rateLimited("code")),
    metrics,
    log,
    connectedSockets: () => io.engine?.clientsCount ?? 0,
    draining: () => draining,
    trustProxy: trust,
    boundPorts: () => bound,
  });

  const http = createHttpServer(app);
  const https = deps.tls && config.httpsPort > 0 ? createHttpsServer(deps.tls, app) : undefined;
  io.attach(http);
  io.engine.use(corsForPolling({ origin: config.corsOrigins, methods: ["GET", "POST"] }));
  // One engine for both listeners, so every socket is in the same io, the same rooms and the same counts.
  if (https) io.engine.attach(https, { path: SOCKET_IO_PATH });

  // The client address is read once from the handshake request, which is then dropped: keeping every
  // socket's IncomingMessage alive costs several KB per idle connection.
  const addressOf = new WeakMap<object, string>();
  io.engine.on("connection", (raw: { request: IncomingMessage | null }) => {
    if (raw.request) addressOf.set(raw, clientAddress(raw.request, trust));
    raw.request = null;
  });
  io.use((socket, next) => {
    const ip = addressOf.get(socket.conn) ?? socket.handshake.address;
    socket.data.ip = ip;
    socket.data.ipKey = rateLimitKey(ip);
    socket.data.bucket = new TokenBucket(config.socketEventsPerSecond, config.socketEventBurst);
    socket.data.joining = false;
    next();
  });
  registerHandlers(ctx);

  return {
    io,
    http,
    https,
    backend,
    metrics,
    async listen() {
      const httpPort = await listenOn(http, config.port, config.host);
      bound = https ? { http: httpPort, https: await listenOn(https, config.httpsPort, config.host) } : { http: httpPort };
      return bound;
    },
    async close() {
      if (draining) return;
      draining = true;
      // io.close() closes every transport without a disconnect packet, so clients see "transport close" and
      // reconnect on their own; it also closes the HTTP server it is attached to.
      const closed = Promise.all([
        new Promise<void>((resolve) => io.close(() => resolve())),
        https ? closeServer(https) : undefined,
      ]);
      // Whatever HTTP requests are still open (keep-alive, a slow scrape) would hold the listeners open.
      http.closeAllConnections();
      await closed;
      await backend.close();
    },
  };
}

/** Browsers send Origin; same-origin pages and listed CORS_ORIGINS may connect. Non-browser clients send none. */
function isOriginAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed.includes(origin) || allowed.includes("*")) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function listenOn(server: HttpServer | HttpsServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: HttpServer | HttpsServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
