// The diagnostic page's one HTTP call: POST /api/code/generate (docs/PROTOCOL.md "HTTP API").
import type { GeneratedCode, WireError } from "../signaling/protocol.js";

/** An HTTP answer that was not the expected success; carries the server's error code when it sent one. */
export class HttpRequestError extends Error {
  constructor(readonly status: number, readonly error: WireError | undefined) {
    super(error ? `${error.code} — ${error.message}` : "unexpected answer from the server");
    this.name = "HttpRequestError";
  }
}

export interface TimedResponse<T> {
  body: T;
  status: number;
  roundTripMs: number;
}

/** Issues a fresh room code. Rejects with HttpRequestError on 429 and other errors, keeping the server's code. */
export async function requestCode(): Promise<TimedResponse<GeneratedCode>> {
  const startedAt = performance.now();
  const res = await fetch("/api/code/generate", { method: "POST", headers: { accept: "application/json" } });
  const body: unknown = await res.json().catch(() => undefined);
  const roundTripMs = performance.now() - startedAt;
  if (res.status !== 201 || !isGeneratedCode(body)) throw new HttpRequestError(res.status, readError(body));
  return { body, status: res.status, roundTripMs };
}

function isGeneratedCode(body: unknown): body is GeneratedCode {
  return typeof body === "object" && body !== null && typeof (body as GeneratedCode).code === "string";
}

function readError(body: unknown): WireError | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const error = (body as { error?: unknown }).error;
  if (typeof error !== "object" || error === null) return undefined;
  const { code, message } = error as Partial<WireError>;
  return typeof code === "string" ? { code, message: typeof message === "string" ? message : "" } : undefined;
}
