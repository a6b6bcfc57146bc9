// Everything on the HTTP side except `POST /api/code/generate`: the config API, health, metrics on the main
// listener, the built pages, and JSON errors (or a 404 page for a browser) for everything else.
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { resolve } from "node:path";
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from "express";
import { SignalingError } from "../errors.js";
import { refuseForeignHosts } from "../guards/allowed-hosts.js";
import { rateLimitKey } from "../guards/client-ip.js";
import { ErrorCode, isRoomCode, type ClientConfig } from "../protocol.js";
import { iceServersFor } from "../turn/ice-servers.js";
import type { HttpContext } from "./http-context.js";
import { sendError } from "./json-response.js";
import { serveMetrics } from "./metrics-endpoint.js";
import { notFoundPage } from "./not-found-page.js";
import { shareOrigin } from "./share-urls.js";
import { builtFiles } from "./static-assets.js";

/** Page paths of docs/PROTOCOL.md "HTTP API" and the built file each serves. */
const PAGES: Record<string, string> = {
  "/": "index.html",
  "/camera": "camera.html",
  "/viewer": "viewer.html",
  "/socket-test": "socket-test.html",
};

/**
 * `onFault` answers a route's fault (http-app.ts's answerFault, shared with the plain code route).
 */
export function createExpressApp(
  ctx: HttpContext,
  security: RequestHandler,
  onFault: (req: IncomingMessage, res: ServerResponse, err: unknown) => void,
): Express {
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
  app.use(((err, req, res, _next) => onFault(req, res, err)) satisfies ErrorRequestHandler);
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

function methodNotAllowed(allow: string): RequestHandler {
  return (req, res) => {
    res.set("Allow", allow);
    sendError(res, new SignalingError(ErrorCode.METHOD_NOT_ALLOWED, `${req.method} is not allowed here; use ${allow}`));
  };
}
