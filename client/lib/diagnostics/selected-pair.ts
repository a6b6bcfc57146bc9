// The candidate pair a connection actually uses, read from RTCPeerConnection.getStats() reports, and what kind
// of path it is: on the LAN, across networks (through NAT), or through a TURN relay. Pure: tests feed it reports
// recorded from Chromium.
import type { CandidateType } from "./candidates.js";

type Report = { id: string; type: string } & Record<string, unknown>;

export interface PairEnd {
  type: CandidateType | "unknown";
  /** The IP address; "" when the browser hides it (an mDNS host candidate in Chromium's stats). */
  address: string;
  /** Transport between the two ends ("udp" or "tcp"). */
  protocol: string;
  /** How this device reaches its TURN server ("udp", "tcp" or "tls"), for a local relay candidate. */
  relayProtocol?: string;
}

export interface SelectedPair {
  local: PairEnd;
  remote: PairEnd;
  /** The latest STUN round trip on the pair, in milliseconds. */
  rttMs?: number;
}

/** "lan": both ends on one network; "internet": direct across networks (NAT traversal); "relay": through TURN. */
export type Route = "lan" | "internet" | "relay";

/**
 * The pair in use: the one a transport names as selected (the spec, and Chromium), else the one flagged
 * `selected` (Firefox), else a nominated pair that succeeded. Undefined while there is none (not connected yet,
 * or ICE failed). Chromium lists several nominated pairs after a switch, so the flag alone is not enough.
 */
export function findSelectedPair(stats: Iterable<unknown>): SelectedPair | undefined {
  const byId = new Map<string, Report>();
  for (const r of stats) if (isReport(r)) byId.set(r.id, r);
  const all = [...byId.values()];
  const fromTransport = all
    .filter((r) => r.type === "transport" && typeof r.selectedCandidatePairId === "string")
    .map((r) => byId.get(r.selectedCandidatePairId as string))
    .find((r) => r !== undefined);
  const pair =
    fromTransport ??
    all.find((r) => r.type === "candidate-pair" && r.selected === true) ??
    all.find((r) => r.type === "candidate-pair" && r.nominated === true && r.state === "succeeded");
  if (!pair) return undefined;
  const local = byId.get(String(pair.localCandidateId));
  const remote = byId.get(String(pair.remoteCandidateId));
  const rtt = pair.currentRoundTripTime;
  return {
    local: toEnd(local),
    remote: toEnd(remote),
    ...(typeof rtt === "number" && Number.isFinite(rtt) ? { rttMs: rtt * 1000 } : {}),
  };
}

/**
 * What kind of path a pair is. A relay at either end means TURN carries the media. Two host candidates talk
 * directly on one network. A peer-reflexive end (an address learnt from the other side's checks, common when a
 * browser hides its host addresses behind mDNS) counts as the LAN when its address is a private one. A
 * server-reflexive end is a public address learnt from STUN: a direct path across networks.
 */
export function classifyRoute(pair: SelectedPair): Route {
  const ends = [pair.local, pair.remote];
  if (ends.some((e) => e.type === "relay")) return "relay";
  if (ends.some((e) => e.type === "srflx" || e.type === "unknown")) return "internet";
  const publicPrflx = ends.some((e) => e.type === "prflx" && e.address !== "" && !isPrivateAddress(e.address));
  return publicPrflx ? "internet" : "lan";
}

/**
 * Addresses that never leave a local network: RFC 1918 and loopback and link-local IPv4, IPv6 loopback,
 * link-local (fe80::/10) and unique-local (fc00::/7), and mDNS `.local` names. Carrier-grade NAT space
 * (100.64.0.0/10) is not: two phones on mobile data share it without sharing a network.
 */
export function isPrivateAddress(address: string): boolean {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  if (/\.local\.?$/.test(a)) return true;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(a);
  if (v4) {
    const [x, y] = [Number(v4[1]), Number(v4[2])];
    return (
      x === 10 || x === 127 || (x === 172 && y >= 16 && y <= 31) || (x === 192 && y === 168) || (x === 169 && y === 254)
    );
  }
  if (!a.includes(":")) return false;
  return a === "::1" || /^fe[89ab][0-9a-f]:/.test(a) || /^f[cd][0-9a-f]{2}:/.test(a);
}

function toEnd(report: Report | undefined): PairEnd {
  if (!report) return { type: "unknown", address: "", protocol: "" };
  const type = String(report.candidateType ?? "");
  const address = typeof report.address === "string" ? report.address : typeof report.ip === "string" ? report.ip : "";
  return {
    type: type === "host" || type === "srflx" || type === "prflx" || type === "relay" ? type : "unknown",
    address,
    protocol: typeof report.protocol === "string" ? report.protocol.toLowerCase() : "",
    ...(typeof report.relayProtocol === "string" ? { relayProtocol: report.relayProtocol.toLowerCase() } : {}),
  };
}

function isReport(value: unknown): value is Report {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  return typeof r.id === "string" && typeof r.type === "string";
}
