// One JSON body written straight to Node's response: express's res.status().set().json() chain re-parses and
// rewrites Content-Type and hashes the body for an ETag that no-store makes useless: about a fifth of a
// `POST /api/code/generate` on this server (bench/experiments/http-cost.ts). Headers set before (security
// headers) are kept: writeHead merges them.
import type { ServerResponse } from "node:http";
import { SignalingError, httpStatusOf, toWireError } from "../errors.js";
import { ErrorCode, type HttpError } from "../protocol.js";

/** Sends `body` as a `no-store` JSON response with `status`; for API answers that no cache may keep. */
export function sendJsonNoStore(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res
    .writeHead(status, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": Buffer.byteLength(text),
      "Cache-Control": "no-store",
    })
    .end(text);
}

/** The HTTP form of an error: its status, Retry-After for a rate limit, and `{ error: { code, message } }`. */
export function sendError(res: ServerResponse, err: unknown): void {
  const error = toWireError(err);
  if (err instanceof SignalingError && err.retryAfterMs !== undefined) {
    res.setHeader("Retry-After", String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
  }
  if (error.code === ErrorCode.UNAUTHORIZED) res.setHeader("WWW-Authenticate", 'Bearer realm="codecam"');
  const body: HttpError = { error };
  sendJsonNoStore(res, httpStatusOf(error.code), body);
}
