// Who may read /metrics. It tells how busy the server is and how often it refuses whom: not for the public.
// Either its own listener (METRICS_PORT, on METRICS_HOST: loopback by default), and then not on the main one at
// all; or the main listener, where only a bearer token (METRICS_TOKEN) or a request from this machine that
// came through no proxy gets it. Everyone else gets 404, as if it were not there.
import { timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import ipaddr from "ipaddr.js";
import type { Metrics } from "../observability/metrics.js";
import { ErrorCode, type HttpError } from "../protocol.js";

export interface MetricsAccess {
  token: string | undefined;
  /** Served on a listener of its own: there, anyone who can reach it (loopback by default) may scrape. */
  ownListener: boolean;
}

export type Verdict = "ok" | "unauthorized" | "hidden";

export function metricsVerdict(req: IncomingMessage, access: MetricsAccess): Verdict {
  const auth = req.headers.authorization;
  if (access.token !== undefined) {
    if (auth !== undefined && bearerMatches(auth, access.token)) return "ok";
    return access.ownListener || auth !== undefined || isLocal(req) ? "unauthorized" : "hidden";
  }
  if (access.ownListener) return "ok";
  return isLocal(req) ? "ok" : "hidden";
}

/** The TCP peer is this machine and no proxy header says the request came from elsewhere. */
function isLocal(req: IncomingMessage): boolean {
  if (req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined) return false;
  const peer = req.socket.remoteAddress;
  return peer !== undefined && ipaddr.isValid(peer) && ipaddr.process(peer).range() === "loopback";
}

function bearerMatches(header: string, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) return false;
  const given = Buffer.from(m[1]!);
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/** Answers a scrape on a request already routed to /metrics. */
export async function serveMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  metrics: Metrics,
  access: MetricsAccess,
): Promise<void> {
  const verdict = metricsVerdict(req, access);
  res.setHeader("Cache-Control", "no-store");
  if (verdict === "ok") {
    const body = await metrics.registry.metrics();
    res.writeHead(200, { "Content-Type": metrics.registry.contentType }).end(body);
    return;
  }
  if (verdict === "unauthorized") {
    res.writeHead(401, { "WWW-Authenticate": 'Bearer realm="metrics"', "Content-Type": "application/json" });
    const body: HttpError = {
      error: { code: ErrorCode.UNAUTHORIZED, message: "a valid bearer token is needed for /metrics" },
    };
    res.end(JSON.stringify(body));
    return;
  }
  res.writeHead(404, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: `nothing at ${req.method} /metrics` } }));
}

/** The listener of its own for METRICS_PORT: /metrics and nothing else. */
export function createMetricsServer(metrics: Metrics, token: string | undefined): Server {
  const access: MetricsAccess = { token, ownListener: true };
  return createServer((req, res) => {
    if (req.method === "GET" && new URL(req.url ?? "/", "http://x").pathname === "/metrics") {
      serveMetrics(req, res, metrics, access).catch(() => res.writeHead(500).end());
      return;
    }
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: { code: "NOT_FOUND", message: "only /metrics is served here" } }));
  });
}
