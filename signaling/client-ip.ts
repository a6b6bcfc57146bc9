// The client address that rate limits count by: the socket's peer, or the forwarded address behind a trusted proxy.
import type { IncomingMessage } from "node:http";
import { isIPv6 } from "node:net";
import proxyAddr from "proxy-addr";
import type { Config } from "./config.js";

export type TrustFn = (addr: string, hop: number) => boolean;

/** Express's `trust proxy` forms: false (default: ignore X-Forwarded-For), true, a hop count, or addresses/subnets. */
export function compileTrust(trust: Config["trustProxy"]): TrustFn {
  if (trust === true) return () => true;
  if (trust === false) return () => false;
  if (typeof trust === "number") return (_addr, hop) => hop < trust;
  return proxyAddr.compile(trust.split(",").map((s) => s.trim()));
}

export function clientAddress(req: IncomingMessage, trust: TrustFn): string {
  return proxyAddr(req, trust);
}

/**
 * The key a per-address limit counts by. An IPv6 host usually owns a whole /64, so one counter covers the /64;
 * otherwise one attacker would have 2^64 fresh addresses to guess from. IPv4-mapped IPv6 becomes plain IPv4.
 */
export function rateLimitKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(":")}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0");
  return [...left, ...(tail === undefined ? [] : zeros), ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ""));
}
