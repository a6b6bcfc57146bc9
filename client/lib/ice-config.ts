// GET /api/config: ICE servers for RTCPeerConnection and the room limits, fetched once per code.
import type { ClientConfig, GeneratedCode, HttpError, RoomCode } from "../../signaling/protocol.js";

/** Used when /api/config cannot be reached: host candidates still connect two devices on the same network. */
export const FALLBACK_CONFIG: ClientConfig = {
  iceServers: [],
  maxViewers: 4,
  codeTtlSeconds: 600,
  shareOrigin: location.origin,
};

const cache = new Map<string, Promise<ClientConfig>>();

/**
 * The server's client config. PROTOCOL.md "HTTP": TURN credentials only come with `?code=` naming a live code,
 * so callers ask again once they know their code; answers are cached per code so repeated asks are free.
 * Never rejects: on failure it answers FALLBACK_CONFIG, because a missing TURN server only matters when the
 * devices have no direct path, and the status line explains that case when ICE fails.
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

/** An HTTP error with the server's error code (PROTOCOL.md "Errors are JSON"). */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "HttpFailure";
  }
}

/**
 * POST /api/code/generate: a fresh six-digit code. `accessKey` for servers with access control (access-key.ts).
 * Throws HttpFailure (e.g. RATE_LIMITED, or 401 for a missing or wrong key) or a network error.
 */
export function generateCode(accessKey?: string): Promise<GeneratedCode> {
  const auth: Record<string, string> = accessKey ? { authorization: `Bearer ${accessKey}` } : {};
  return fetchJson<GeneratedCode>("/api/code/generate", { method: "POST", signal: AbortSignal.timeout(8_000), headers: auth });
}

async function fetchJson<T>(url: string, init: RequestInit): Promise<T> {
  const res = await fetch(url, { ...init, headers: { accept: "application/json", ...(init.headers as Record<string, string>) }, cache: "no-store" });
  if (res.ok) return (await res.json()) as T;
  const body = (await res.json().catch(() => null)) as HttpError | null;
  const retryAfter = Number(res.headers.get("retry-after"));
  throw new HttpFailure(
    res.status,
    body?.error?.code ?? `HTTP_${res.status}`,
    body?.error?.message ?? `the server answered ${res.status}`,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}
