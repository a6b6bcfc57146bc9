// CORS headers for Socket.IO's HTTP long-polling requests only. A WebSocket upgrade is not subject to CORS (the
// browser sends Origin and reads no headers from the answer), and the Origin check that does protect it runs in
// allowRequest (app.ts). engine.io's own `cors` option runs the cors middleware, header parsing and Vary
// handling included, on every upgrade too: about 2.5% of a pairing's server CPU, for headers nobody reads.
import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "cors";

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** For routeListener (listeners.ts): `cors` with these options on polling requests, nothing on WebSocket upgrades. */
export function corsForPolling(options: cors.CorsOptions): Middleware {
  const handler = cors(options) as unknown as Middleware;
  return (req, res, next) => {
    if (req.headers.upgrade !== undefined) return next();
    handler(req, res, next);
  };
}
