// The RTCConfiguration of one connection attempt: fetched fresh from GET /api/config?code= every time, so each
// new peer connection gets TURN credentials of its own and a session outlives any one credential's lifetime;
// relay-only when the page's URL says `relay=1` or the server sets ICE_TRANSPORT_POLICY=relay.
import type { ClientConfig, RoomCode } from "../../../signaling/protocol.js";

/** `?relay=1` (or `true`/`yes`) on a page URL: use the TURN relay only, so neither device learns the other's address. */
export function relayRequested(search: string): boolean {
  return /^(1|true|yes|on)$/i.test(new URLSearchParams(search).get("relay") ?? "");
}

/** Read once, from the address the page was opened with: pages rewrite their URL later (a failed join drops `?code=`). */
const RELAY_AT_LOAD = typeof location !== "undefined" && relayRequested(location.search);

/** The RTCConfiguration for a client config: its ICE servers, and the relay-only policy when asked for. */
export function toRtcConfiguration(
  config: Pick<ClientConfig, "iceServers" | "iceTransportPolicy">,
  relayOnly: boolean,
): RTCConfiguration {
  const policy = relayOnly || config.iceTransportPolicy === "relay" ? "relay" : undefined;
  return { iceServers: config.iceServers, ...(policy ? { iceTransportPolicy: policy } : {}) };
}

/**
 * A fresh RTCConfiguration for room `code` (no cache: TURN credentials are per connection). Never rejects: when
 * the server cannot be reached it answers no ICE servers, which still connects two devices on one network.
 */
export async function freshRtcConfig(code: RoomCode | undefined, relayOnly = RELAY_AT_LOAD): Promise<RTCConfiguration> {
  const url = code ? `/api/config?code=${encodeURIComponent(code)}` : "/api/config";
  try {
    const res = await fetch(url, {
      headers: { accept: "application/json" },
      cache: "no-store",
      signal: AbortSignal.timeout(5_000),
    });
    if (!res.ok) throw new Error(`the server answered ${res.status}`);
    return toRtcConfiguration((await res.json()) as ClientConfig, relayOnly);
  } catch (err) {
    console.warn("codecam: /api/config failed, using host candidates only", err);
    return toRtcConfiguration({ iceServers: [] }, relayOnly);
  }
}
