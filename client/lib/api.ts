// The HTTP API (docs/PROTOCOL.md "HTTP"): GET /api/config and POST /api/code/generate, and the one error
// class for every refusal from the server, over HTTP or over the socket.
import {
  ErrorCode,
  type ClientConfig,
  type GeneratedCode,
  type HttpError,
  type RoomCode,
  type WireError,
} from "../../signaling/protocol.js";

/**
 * The server said no, with one of its closed set of error codes: a join_room refusal or an HTTP error body.
 * `retryAfterMs` comes with RATE_LIMITED when the server says how long to wait (HTTP Retry-After).
 */
export class ServerRefusal extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ServerRefusal";
  }

  /** A socket refusal: the wait, if any, is only in the message ("...; retry in 42 s", docs/PROTOCOL.md). */
  static fromWire(error: WireError): ServerRefusal {
    const seconds = /retry in (\d+) s/.exec(error.message)?.[1];
    return new ServerRefusal(error.code, error.message, ...(seconds ? [Number(seconds) * 1_000] : []));
  }
}

/** Used when /api/config cannot be reached: host candidates still connect two devices on the same network. */
export const FALLBACK_CONFIG: ClientConfig = {
  iceServers: [],
  maxViewers: 4,
  codeTtlSeconds: 600,
  shareOrigin: typeof location === "undefined" ? "" : location.origin,
};

const cache = new Map<string, Promise<ClientConfig>>();

/**
 * The server's client config. TURN credentials only come with `?code=` naming a live code, so callers ask
 * again once they know their code; answers are cached per code so repeated asks are free. Never rejects: on
 * failure it answers FALLBACK_CONFIG, because a missing TURN server only matters when the devices have no
 * direct path, and the status line explains that case when ICE fails.
 */
export function fetchClientConfig(code?: RoomCode): Promise<ClientConfig> {
  const key = code ?? "";
  let pending = cache.get(key);
  if (!pending) {
    const url = code ? `/api/config?code=${encodeURIComponent(code)}` : "/api/config";
    pending = fetchJson<ClientConfig>(url, { signal: AbortSignal.timeout(5_000) })
      .then((config) => ({ ...FALLBACK_CONFIG, ...config }))
      .catch((err: unknown) => {
        console.warn("codecam: /api/config failed, using host candidates only", err);
        cache.delete(key);
        return FALLBACK_CONFIG;
      });
    cache.set(key, pending);
  }
  return pending;
}

/** True when the config names a TURN relay, so an ICE failure can say whether a relay was even tried. */
export function hasTurn(config: ClientConfig): boolean {
  return config.iceServers.some((server) =>
    (Array.isArray(server.urls) ? server.urls : [server.urls]).some((url) => /^turns?:/i.test(url)),
  );
}

/**
 * POST /api/code/generate: a fresh six-digit code. `accessKey` for servers with access control (room/access-key.ts).
 * Throws ServerRefusal (e.g. RATE_LIMITED, or UNAUTHORIZED for a missing or wrong key) or a network error.
 */
export function generateCode(accessKey?: string): Promise<GeneratedCode> {
  const headers: Record<string, string> = accessKey ? { authorization: `Bearer ${accessKey}` } : {};
  return fetchJson<GeneratedCode>("/api/code/generate", {
    method: "POST",
    signal: AbortSignal.timeout(8_000),
    headers,
  });
}

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.values(ErrorCode));

async function fetchJson<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, {
    ...init,
    headers: { accept: "application/json", ...(init.headers as Record<string, string>) },
    cache: "no-store",
  });
  if (res.ok) return (await res.json()) as T;
  const body = (await res.json().catch(() => null)) as HttpError | null;
  const retryAfter = Number(res.headers.get("retry-after"));
  const code = body?.error?.code;
  throw new ServerRefusal(
    code && KNOWN_CODES.has(code) ? code : res.status === 429 ? ErrorCode.RATE_LIMITED : ErrorCode.UNAVAILABLE,
    body?.error?.message ?? `the server answered ${res.status}`,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? [retryAfter * 1_000] : []),
  );
}
