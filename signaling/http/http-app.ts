// The HTTP side as one request listener: the API of docs/PROTOCOL.md "HTTP API" (the rest in express-app.ts), with
// `POST /api/code/generate`, the one API call of every pairing, as a plain route in front of express.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { SignalingError } from "../errors.js";
import { refuseCrossSite, refuseForeignHosts } from "../guards/allowed-hosts.js";
import { clientAddress, rateLimitKey } from "../guards/client-ip.js";
import { maskCode } from "../observability/log.js";
import { ErrorCode, type GeneratedCode } from "../protocol.js";
import { createExpressApp } from "./express-app.js";
import type { HttpContext } from "./http-context.js";
import { sendError, sendJsonNoStore } from "./json-response.js";
import { pathOf, plainRoute, type Handler } from "./plain-route.js";
import { securityHeaders } from "./security-headers.js";

/**
 * The HTTP side as one request listener. `POST /api/code/generate`, the one API call of every pairing, runs its
 * checks (the same host check, security headers, cross-site check and error answers as express's routes) as a
 * plain handler in front of express: express's router, its request and response prototypes and its per-request
 * setup cost more than the route itself. Everything else, other methods on that path included, is express's.
 */
export function createHttpApp(ctx: HttpContext): RequestListener {
  const security = securityHeaders();
  const onFault = (req: IncomingMessage, res: ServerResponse, err: unknown) => answerFault(ctx, req, res, err);
  const app = createExpressApp(ctx, security, onFault);
  const codeRoute = plainRoute(
    [refuseForeignHosts(ctx.hostCheck), security as Handler, refuseCrossSite(ctx.hostCheck)],
    (req, res) => issueCode(ctx, req, res),
    onFault,
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
