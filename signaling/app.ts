// createSignalingServer(config, deps): express + Socket.IO on one HTTP port (and the same on an HTTPS port).
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { Server as EngineServer, type Socket as EngineSocket } from "engine.io";
import { Server } from "socket.io";
import { CodeAccess } from "./guards/code-access.js";
import { createHostCheck } from "./guards/allowed-hosts.js";
import { createBackend } from "./store/create-backend.js";
import { clientAddress, compileTrust, rateLimitKey } from "./guards/client-ip.js";
import type { Config } from "./config/config.js";
import { ConnectionLimits } from "./guards/connection-limits.js";
import { CorkedWebSocketServer } from "./transport/corked-websocket.js";
import type { HandlerContext } from "./rooms/context.js";
import { ConnectionGuards, type GuardDeps } from "./guards/connection-guards.js";
import { closeForRestart } from "./transport/connection-control.js";
import { connectionDecoder, dropHandshakeRequest, engineClients } from "./transport/engine-internals.js";
import { floodLimits } from "./guards/event-budget.js";
import { registerHandlers } from "./rooms/handlers.js";
import { JsonOnlyDecoder, jsonOnlyParser } from "./transport/json-only-parser.js";
import { corsForPolling } from "./transport/polling-cors.js";
import { SignalFastPath } from "./transport/signal-fast-path.js";
import { createHttpApp } from "./http/http-app.js";
import { routeListener } from "./transport/listeners.js";
import { createLogger, type Logger } from "./observability/log.js";
import { LimitedLog } from "./observability/log-throttle.js";
import { createMetricsServer } from "./http/metrics-endpoint.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import type { BoundPorts } from "./http/share-urls.js";
import { CodeIssueLimit } from "./guards/code-issue-limit.js";
import { JoinGuard } from "./guards/join-guard.js";
import type { Backend } from "./store/store.js";
import type { SignalingIo } from "./types.js";

export interface ServerDeps {
  /** State store; the in-memory one when omitted. Closed with the server. */
  backend?: Backend;
  log?: Logger;
  /** Certificate and key (PEM) for the HTTPS listener; no HTTPS without them. */
  tls?: { cert: string; key: string };
  /** Node process metrics (CPU, memory, event loop) on /metrics: on for the real server, off for tests. */
  processMetrics?: boolean;
  /** The clock (ms since the epoch) of code expiry, room grace and the failed-join window: tests move it. */
  now?: () => number;
}

export interface SignalingServer {
  io: SignalingIo;
  http: HttpServer;
  https: HttpsServer | undefined;
  backend: Backend;
  metrics: Metrics;
  /** The listener of METRICS_PORT, when configured. */
  metricsServer: HttpServer | undefined;
  /** Listens on config.port (and config.httpsPort with TLS); resolves with the bound ports. */
  listen(): Promise<BoundPorts>;
  /**
   * Graceful stop: health turns 503 and new sockets are refused for SHUTDOWN_DRAIN_MS while the listeners still
   * answer (a balancer notices and sends new clients elsewhere), then every connection is closed so that its
   * client reconnects at once, then the listeners and the store close.
   */
  close(): Promise<void>;
}

const SOCKET_IO_PATH = "/socket.io";
/** After the drain, how long clients get to take their close before the listeners are shut regardless. */
const CLOSE_GRACE_MS = 2_000;

export function createSignalingServer(config: Readonly<Config>, deps: ServerDeps = {}): SignalingServer {
  const log = deps.log ?? createLogger(config.logLevel);
  const backend = deps.backend ?? createBackend(config, log, deps.now);
  const trust = compileTrust(config.trustProxy);
  const hostCheck = createHostCheck(config);
  const limits = new ConnectionLimits(config.maxConnectionsPerAddress, config.maxConnections);
  const limitedLog = new LimitedLog(log, 60_000, deps.now);
  let draining = false;
  let closing: Promise<void> | undefined;
  let bound: BoundPorts = { http: config.port };
  // Set below; allowRequest only runs once the server listens.
  let metrics: Metrics;

  // The client address and its rate-limit key are read once, in allowRequest, from the handshake request, which
  // is then dropped: keeping every socket's IncomingMessage alive costs several KB per idle connection.
  const addressOf = new WeakMap<object, { ip: string; key: string }>();

  const io: SignalingIo = new Server({ path: SOCKET_IO_PATH, serveClient: false, parser: jsonOnlyParser });
  // One engine for both listeners, so every socket is in the same io, the same rooms and the same counts.
  const engine = new EngineServer({
    maxHttpBufferSize: config.maxHttpBufferSize,
    wsEngine: CorkedWebSocketServer,
    // Phones drop off Wi-Fi without closing: notice within ~25 s rather than the default ~45 s.
    pingInterval: 15_000,
    pingTimeout: 10_000,
    allowRequest: (req, callback) => {
      const refuse = (reason: Parameters<Metrics["connectionsRefused"]>[0], message: string) => {
        metrics.connectionsRefused(reason);
        callback(message, false);
      };
      if (draining) return refuse("draining", "server is shutting down");
      if (!hostCheck.hostAllowed(req.headers.host)) return refuse("host", "host not allowed");
      if (!hostCheck.originAllowed(req.headers.origin, req.headers.host)) return refuse("origin", "origin not allowed");
      const ip = clientAddress(req, trust);
      const key = rateLimitKey(ip);
      const over = limits.admit(req, key);
      if (over !== undefined) {
        limitedLog.note(key, "connection refused", { ip, reason: over });
        return refuse(limits.countFor(key) >= config.maxConnectionsPerAddress ? "address_limit" : "total_limit", over);
      }
      addressOf.set(req, { ip, key });
      callback(null, true);
    },
  });
  io.bind(engine);

  metrics = createMetrics({
    connectedSockets: () => io.engine?.clientsCount ?? 0,
    storeStats: () => backend.rooms.stats(),
    processMetrics: deps.processMetrics ?? false,
  });
  backend.attach?.(io, metrics.registry);

  const joinGuard = new JoinGuard(backend, config.joinFailuresPerMinute, () => metrics.rateLimited("join"));
  const ctx: HandlerContext = {
    config,
    io,
    rooms: backend.rooms,
    sharedStore: backend.attach !== undefined,
    joinGuard,
    metrics,
    log,
    limitedLog,
    leaving: new Set(),
  };

  const metricsServer =
    config.metricsPort === undefined ? undefined : createMetricsServer(metrics, config.metricsToken);
  const app = createHttpApp({
    config,
    rooms: backend.rooms,
    codeLimit: new CodeIssueLimit(backend, config.codesPerMinute, () => metrics.rateLimited("code")),
    codeAccess: new CodeAccess(config, backend, () => metrics.rateLimited("access")),
    joinGuard,
    hostCheck,
    metricsAccess: metricsServer ? undefined : { token: config.metricsToken, ownListener: false },
    metrics,
    log,
    limitedLog,
    connectedSockets: () => io.engine?.clientsCount ?? 0,
    draining: () => draining,
    unavailableReason: () => backend.unavailableReason?.(),
    trustProxy: trust,
    boundPorts: () => bound,
  });

  const http = createHttpServer();
  const https = deps.tls && config.httpsPort > 0 ? createHttpsServer(deps.tls) : undefined;
  const routes = {
    enginePath: `${SOCKET_IO_PATH}/`,
    engine,
    pollingMiddleware: corsForPolling({ origin: config.corsOrigins, methods: ["GET", "POST"] }),
    app,
  };
  routeListener(http, routes);
  if (https) routeListener(https, routes);

  const guardDeps: GuardDeps = {
    config,
    floodLimits: floodLimits({ ratePerSecond: config.socketEventsPerSecond, burst: config.socketEventBurst }),
    limits,
    metrics,
    limitedLog,
  };
  engine.on("connection_error", (err: { req: object }) => limits.failed(err.req));
  engine.on("connection", (raw: EngineSocket) => {
    const req = dropHandshakeRequest(raw);
    const address = req ? addressOf.get(req) : undefined;
    const slot = req ? limits.connected(req) : undefined;
    const ip = address?.ip ?? raw.remoteAddress;
    new ConnectionGuards(guardDeps, raw, ip, address?.key ?? rateLimitKey(ip), slot);
  });
  io.use((socket, next) => {
    const guards = ConnectionGuards.of(socket.conn);
    socket.data.ip = guards?.ip ?? socket.handshake.address;
    socket.data.ipKey = guards?.key ?? rateLimitKey(socket.data.ip);
    socket.data.joining = false;
    const decoder = connectionDecoder(socket);
    if (guards && decoder instanceof JsonOnlyDecoder) {
      decoder.budget = guards.flood;
      decoder.fastPath = new SignalFastPath(ctx, socket);
    }
    next();
  });

  registerHandlers(ctx);

  return {
    io,
    http,
    https,
    backend,
    metrics,
    metricsServer,
    async listen() {
      await backend.ready?.();
      const httpPort = await listenOn(http, config.port, config.host);
      bound = https
        ? { http: httpPort, https: await listenOn(https, config.httpsPort, config.host) }
        : { http: httpPort };
      if (metricsServer && config.metricsPort !== undefined)
        await listenOn(metricsServer, config.metricsPort, config.metricsHost);
      return bound;
    },
    close() {
      closing ??= drainAndClose();
      return closing;
    },
  };

  async function drainAndClose(): Promise<void> {
    draining = true;
    if (config.shutdownDrainMs > 0) await delay(config.shutdownDrainMs);
    for (const raw of engineClients(io.engine)) closeForRestart(raw);
    const deadline = Date.now() + CLOSE_GRACE_MS;
    while (io.engine.clientsCount > 0 && Date.now() < deadline) await delay(20);
    // Whatever is still open (a client that did not answer the close) is cut by io.close(); open HTTP requests
    // (keep-alive, a slow scrape) would hold the listeners open.
    const closed = Promise.all([
      new Promise<void>((resolve) => io.close(() => resolve())),
      closeServer(http),
      https ? closeServer(https) : undefined,
      metricsServer ? closeServer(metricsServer) : undefined,
    ]);
    await closed;
    // The closed sockets' leaves (store update, then peer_left to room-mates on other processes) must land
    // before the store goes: bounded, so a store that hangs cannot hold the stop past its deadline.
    await Promise.race([Promise.allSettled([...ctx.leaving]), delay(CLOSE_GRACE_MS)]);
    limitedLog.close();
    await backend.close();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
