// One JSON body written straight to Node's response: express's res.status().set().json() chain re-parses and
// rewrites Content-Type and hashes the body for an ETag that no-store makes useless: about a fifth of a
// `POST /api/code/generate` on this server (bench/experiments/http-cost.ts). Headers set before (security
// headers) are kept: writeHead merges them.
import type { ServerResponse } from "node:http";

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
