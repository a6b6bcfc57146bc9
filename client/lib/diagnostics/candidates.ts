// ICE candidates as a person counts them: host (this device's own addresses), srflx (its public address, learnt
// from a STUN server), prflx (an address learnt from the other side's checks) and relay (an address on a TURN
// server). Pure: reads candidate lines (RFC 8839 §5.1) and RTCConfiguration ice servers.

export type CandidateType = "host" | "srflx" | "prflx" | "relay";

export interface ParsedCandidate {
  type: CandidateType;
  /** "udp" or "tcp", lower case. */
  protocol: string;
  /** An IP address, or a random `….local` name when the browser hides its addresses (mDNS). */
  address: string;
  port: number;
}

export type CandidateCounts = Record<CandidateType, number> & {
  /** Host candidates under a `.local` name: the browser hides this device's addresses until the camera is allowed. */
  mdns: number;
};

const TYPES: ReadonlySet<string> = new Set(["host", "srflx", "prflx", "relay"]);

/**
 * One candidate line (`candidate:1 1 udp 2122260223 10.0.0.5 50000 typ host …`, with or without the `a=` prefix)
 * as its parts; undefined for the end-of-candidates marker (""), or anything that is not a candidate.
 */
export function parseCandidate(line: string): ParsedCandidate | undefined {
  const fields = line.trim().replace(/^a=/, "").split(/\s+/);
  // foundation component protocol priority address port "typ" type …
  if (fields.length < 8 || !/^candidate:/i.test(fields[0] ?? "") || fields[6] !== "typ") return undefined;
  const type = fields[7] ?? "";
  const port = Number(fields[5]);
  if (!TYPES.has(type) || !Number.isInteger(port)) return undefined;
  return { type: type as CandidateType, protocol: (fields[2] ?? "").toLowerCase(), address: fields[4] ?? "", port };
}

/**
 * Counts candidate lines by type. Each distinct type+protocol+address+port counts once, so a candidate that
 * arrives twice (trickled and in the SDP) is not counted twice.
 */
export function countCandidates(lines: Iterable<string>): CandidateCounts {
  const counts: CandidateCounts = { host: 0, srflx: 0, prflx: 0, relay: 0, mdns: 0 };
  const seen = new Set<string>();
  for (const line of lines) {
    const c = parseCandidate(line);
    if (!c) continue;
    const key = `${c.type} ${c.protocol} ${c.address} ${c.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    counts[c.type] += 1;
    if (c.type === "host" && isMdnsName(c.address)) counts.mdns += 1;
  }
  return counts;
}

export function totalCandidates(counts: CandidateCounts): number {
  return counts.host + counts.srflx + counts.prflx + counts.relay;
}

export function isMdnsName(address: string): boolean {
  return /\.local\.?$/i.test(address);
}

/** The `turn:`/`turns:` and `stun:`/`stuns:` URLs an RTCConfiguration names, in order. */
export function iceServerUrls(servers: readonly RTCIceServer[] | undefined): { turn: string[]; stun: string[] } {
  const urls = (servers ?? []).flatMap((server) => [server.urls].flat());
  return { turn: urls.filter((u) => /^turns?:/i.test(u)), stun: urls.filter((u) => /^stuns?:/i.test(u)) };
}
