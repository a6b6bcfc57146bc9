// HTTP side: the API of docs/PROTOCOL.md "HTTP API", health, metrics, the built pages, and JSON errors for everything else.
import { existsSync } from "node:fs";
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { resolve } from "node:path";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import helmet from "helmet";
import { refuseForeignHosts, refuseCrossSite, type HostCheck } from "../guards/allowed-hosts.js";
import { clientAddress, rateLimitKey } from "../guards/client-ip.js";
import type { CodeAccess } from "../guards/code-access.js";
import type { Config } from "../config/config.js";
import { SignalingError, httpStatusOf, toWireError } from "../errors.js";
import { iceServersFor } from "../turn/ice-servers.js";
import type { Logger } from "../observability/log.js";
import { maskCode } from "../observability/log.js";
import type { LimitedLog } from "../observability/log-throttle.js";
import { serveMetrics, type MetricsAccess } from "./metrics-endpoint.js";
import type { Metrics } from "../observability/metrics.js";
import { notFoundPage } from "./not-found-page.js";
import { ErrorCode, isRoomCode, type ClientConfig, type GeneratedCode, type HttpError } from "../protocol.js";
import type { CodeIssueLimit, JoinGuard } from "../guards/join-guard.js";
import { shareOrigin, type BoundPorts } from "./share-urls.js";
import { builtFiles } from "./static-assets.js";
import { cachedByHost } from "./cached-headers.js";
import { sendJsonNoStore } from "./json-response.js";
import type { RoomStore } from "../store/store.js";

export interface HttpContext {
  config: Readonly<Config>;
  rooms: RoomStore;
  codeLimit: CodeIssueLimit;
  /** Access keys / JWTs for code creation; lets everyone through when none are configured. */
  codeAccess: CodeAccess;
  /** The failed-join limit: a lookup of a wrong code in /api/config counts against it as a failed join does. */
  joinGuard: JoinGuard;
  hostCheck: HostCheck;
  /** Where /metrics may be read on this listener; undefined when it has a listener of its own. */
  metricsAccess: MetricsAccess | undefined;
  metrics: Metrics;
  log: Logger;
  limitedLog: LimitedLog;
  connectedSockets: () => number;
  /** True once shutdown began: health turns 503 so a balancer stops sending work. */
  draining: () => boolean;
  /** Why the backend cannot take work (e.g. Redis unreachable); undefined while it can. */
  unavailableReason?: () => string | undefined;
  trustProxy: (addr: string, hop: number) => boolean;
  boundPorts: () => BoundPorts;
}

/** Page paths of docs/PROTOCOL.md "HTTP API" and the built file each serves. */
const PAGES: Record<string, string> = {
  "/": "index.html",
  "/camera": "camera.html",
  "/viewer": "viewer.html",
  "/socket-test": "socket-test.html",
};

/**
 * The HTTP side as one request listener. `POST /api/code/generate`, the one API call of every pairing, runs its
 * checks (the same host check, security headers, cross-site check and error answers as express's routes) as a
 * plain handler in front of express: express's router, its request and response prototypes and its per-request
 * setup cost more than the route itself. Everything else, other methods on that path included, is express's.
 */
export function createHttpApp(ctx: HttpContext): RequestListener {
  const security = securityHeaders();
  const app = createExpressApp(ctx, security);
  const codeRoute = plainRoute(
    [refuseForeignHosts(ctx.hostCheck), security as Handler, refuseCrossSite(ctx.hostCheck)],
    (req, res) => issueCode(ctx, req, res),
    (req, res, err) => answerFault(ctx, req, res, err),
  );
  return (req, res) => {
    if (req.method === "POST" && pathOf(req.url) === "/api/code/generate") codeRoute(req, res);
    else app(req, res);
  };
}

async function issueCode(ctx: HttpContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ip = clientAddress(req, ctx.trustProxy);
  const addressKey = rateLimitKey(ip);
  await ctx.codeAccess.authorize(req.headers.authorization, addressKey);
  await ctx.codeLimit.take(addressKey);
  const issued = await ctx.rooms.issueCode();
  ctx.metrics.codesIssued();
  ctx.log.info({ ip, code: maskCode(issued.code) }, "code issued");
  const body: GeneratedCode = {
    code: issued.code,
    expiresAt: new Date(issued.expiresAt).toISOString(),
    ttlSeconds: ctx.config.codeTtlSeconds,
  };
  sendJsonNoStore(res, 201, body);
}

type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Connect-style steps, then an async handler; a step's error or the handler's rejection goes to `onFault`. */
function plainRoute(
  steps: readonly Handler[],
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onFault: (req: IncomingMessage, res: ServerResponse, err: unknown) => void,
): RequestListener {
  return (req, res) => {
    let i = 0;
    const next = (err?: unknown) => {
      if (err !== undefined) {
        onFault(req, res, err);
        return;
      }
      const step = steps[i++];
      if (step) step(req, res, next);
      else handler(req, res).catch((e: unknown) => onFault(req, res, e));
    };
    next();
  };
}

function pathOf(url: string | undefined): string {
  const q = url?.indexOf("?") ?? -1;
  return q === -1 ? (url ?? "") : url!.slice(0, q);
}

function createExpressApp(ctx: HttpContext, security: RequestHandler): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.trustProxy);
  app.use(refuseForeignHosts(ctx.hostCheck));
  app.use(security);
  // Route handlers may be async: Express 5 passes a rejected promise to the error handler.

  app.all("/api/code/generate", methodNotAllowed("POST"));

  app.get("/api/config", async (req, res) => {
    const code = req.query.code;
    // Servers with credentials (TURN) are only handed out for a live code, so the credentials do not leak to
    // anyone who asks; and so that the answer tells no guesser which codes are live, a lookup is a join attempt.
    const withCredentials = code !== undefined && (await lookUpCode(ctx, rateLimitKey(req.ip ?? "unknown"), code));
    const body: ClientConfig = {
      iceServers: iceServersFor(ctx.config, withCredentials),
      maxViewers: ctx.config.maxViewers,
      codeTtlSeconds: ctx.config.codeTtlSeconds,
      shareOrigin: shareOrigin(ctx.config, req.headers, ctx.boundPorts()),
      ...(ctx.config.iceTransportPolicy ? { iceTransportPolicy: ctx.config.iceTransportPolicy } : {}),
    };
    res.set("Cache-Control", "no-store").json(body);
  });
  app.all("/api/config", methodNotAllowed("GET, HEAD"));

  app.get("/healthz", (_req, res) => {
    if (ctx.draining()) {
      sendError(res, new SignalingError(ErrorCode.UNAVAILABLE, "the server is shutting down"));
      return;
    }
    const unavailable = ctx.unavailableReason?.();
    if (unavailable !== undefined) {
      sendError(res, new SignalingError(ErrorCode.UNAVAILABLE, unavailable));
      return;
    }
    res.set("Cache-Control", "no-store").json({
      status: "ok",
      uptimeSeconds: Math.round(process.uptime()),
      connections: ctx.connectedSockets(),
    });
  });

  const metricsAccess = ctx.metricsAccess;
  if (metricsAccess) app.get("/metrics", (req, res) => serveMetrics(req, res, ctx.metrics, metricsAccess));

  servePages(app, ctx.config.staticDir);

  app.use((req, res) => {
    // A person who mistyped a path in a browser gets a page with a way back; API clients keep JSON.
    if (
      (req.method === "GET" || req.method === "HEAD") &&
      !req.path.startsWith("/api/") &&
      req.accepts(["json", "html"]) === "html"
    ) {
      res.status(404).set("Cache-Control", "no-store").type("html").send(notFoundPage(req.path));
      return;
    }
    sendError(res, new SignalingError(ErrorCode.NOT_FOUND, `nothing at ${req.method} ${req.path.slice(0, 100)}`));
  });
  app.use(((err, req, res, _next) => answerFault(ctx, req, res, err)) satisfies ErrorRequestHandler);
  return app;
}

/** True for a live code. Counted as a join attempt: a wrong or malformed code is a failure, over the limit RATE_LIMITED. */
async function lookUpCode(ctx: HttpContext, key: string, code: unknown): Promise<boolean> {
  const reservation = await ctx.joinGuard.reserve(key);
  const live = isRoomCode(code) && (await ctx.rooms.isLive(code));
  if (live) await ctx.joinGuard.release(key, reservation);
  else if (!isRoomCode(code)) throw new SignalingError(ErrorCode.INVALID_CODE, "code must be exactly six digits");
  return live;
}

function servePages(app: Express, staticDir: string): void {
  const root = resolve(staticDir);
  const built = existsSync(resolve(root, "index.html"));
  for (const [path, file] of Object.entries(PAGES)) {
    app.get(path, (_req, res) => {
      if (!built) {
        res.status(503).type("text/plain").send("The pages are not built yet: run `npm run build` (or `npm start`).\n");
        return;
      }
      res.set("Cache-Control", "no-cache").sendFile(file, { root });
    });
  }
  app.use(builtFiles(root));
}

function securityHeaders(): RequestHandler {
  const permissions = "camera=(self), microphone=(self), fullscreen=(self), screen-wake-lock=(self), geolocation=()";
  const helmetHandler = helmet({
    contentSecurityPolicy: {
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:", "mediastream:"],
        // 'self' covers same-host ws:/wss: in current browsers; older Safari needs them named.
        "connect-src": ["'self'", (req) => sameHostSockets(req.headers.host)],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        // Off: on the plain-HTTP LAN port it would send the page's requests to an HTTPS port that is not there.
        "upgrade-insecure-requests": null,
      },
    },
    // Off: HSTS on localhost or a LAN address would lock the browser out of the plain-HTTP port.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  return cachedByHost((req, res, next) => {
    res.setHeader("Permissions-Policy", permissions);
    helmetHandler(req, res, next);
  });
}

function sameHostSockets(host: string | undefined): string {
  return host && /^[A-Za-z0-9.\-:[\]]{1,255}$/.test(host) ? `ws://${host} wss://${host}` : "";
}

function methodNotAllowed(allow: string): RequestHandler {
  return (req, res) => {
    res.set("Allow", allow);
    sendError(res, new SignalingError(ErrorCode.METHOD_NOT_ALLOWED, `${req.method} is not allowed here; use ${allow}`));
  };
}

export function sendError(res: ServerResponse, err: unknown): void {
  const error = toWireError(err);
  if (err instanceof SignalingError && err.retryAfterMs !== undefined) {
    res.setHeader("Retry-After", String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
  }
  if (error.code === ErrorCode.UNAUTHORIZED) res.setHeader("WWW-Authenticate", 'Bearer realm="codecam"');
  const body: HttpError = { error };
  sendJsonNoStore(res, httpStatusOf(error.code), body);
}

/** The answer to a route's fault, express's or the plain code route's: logged as the kind of fault it is. */
function answerFault(ctx: HttpContext, req: IncomingMessage, res: ServerResponse, err: unknown): void {
  if (res.headersSent) return;
  // body-parser and friends mark client faults with a 4xx status.
  const status = (err as { status?: unknown }).status;
  if (!(err instanceof SignalingError) && typeof status === "number" && status >= 400 && status < 500) {
    sendError(res, new SignalingError(ErrorCode.BAD_REQUEST, "the request could not be read"));
    return;
  }
  const path = pathOf(req.url);
  if (!(err instanceof SignalingError)) ctx.log.error({ err, method: req.method, path }, "http fault");
  else if (err.code === ErrorCode.RATE_LIMITED) {
    const ip = clientAddress(req, ctx.trustProxy);
    ctx.limitedLog.note(rateLimitKey(ip), "http rate-limited", { ip, path });
  }
  sendError(res, err);
}
