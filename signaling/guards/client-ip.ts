// The client address that rate limits count by: the socket's peer, or the forwarded address behind a trusted proxy.
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";
import type { Config } from "../config/config.js";

export type TrustFn = (addr: string, hop: number) => boolean;

/** Express's `trust proxy` forms: false (default: ignore X-Forwarded-For), true, a hop count, or addresses/subnets. */
export function compileTrust(trust: Config["trustProxy"]): TrustFn {
  if (trust === true) return () => true;
  if (trust === false) return TRUST_NONE;
  if (typeof trust === "number") return (_addr, hop) => hop < trust;
  return proxyAddr.compile(trust.split(",").map((s) => s.trim()));
}

/** No proxy is trusted (the default): X-Forwarded-For is never read. */
const TRUST_NONE: TrustFn = () => false;

export function clientAddress(req: IncomingMessage, trust: TrustFn): string {
  // proxy-addr would parse X-Forwarded-For only to trust none of it: the peer's address is the answer.
  if (trust === TRUST_NONE) return req.socket.remoteAddress ?? "";
  return proxyAddr(req, trust);
}

/**
 * The key a per-address limit counts by. An IPv6 host usually owns a whole /64, so one counter covers the /64;
 * otherwise one attacker would have 2^64 fresh addresses to guess from. An IPv4-mapped IPv6 address, in any of
 * its spellings (`::ffff:203.0.113.7`, `::ffff:cb00:7107`, fully expanded), is the IPv4 address it maps.
 */
export function rateLimitKey(address: string): string {
  let key = recentKeys.get(address);
  if (key === undefined) {
    key = keyOf(address);
    // Every handshake and code request asks, mostly for addresses seen a moment ago; bounded, so a spray of
    // addresses only empties it.
    if (recentKeys.size >= RECENT_KEYS_MAX) recentKeys.clear();
    recentKeys.set(address, key);
  }
  return key;
}

const RECENT_KEYS_MAX = 4096;
const recentKeys = new Map<string, string>();

function keyOf(address: string): string {
  const plain = address.split("%")[0]!; // a zone index (fe80::1%eth0) names an interface, not a host
  if (!ipaddr.isValid(plain)) return address;
  const ip = ipaddr.process(plain);
  if (ip.kind() === "ipv4") return ip.toString();
  return `${ip.toNormalizedString().split(":").slice(0, 4).join(":")}::/64`;
}
