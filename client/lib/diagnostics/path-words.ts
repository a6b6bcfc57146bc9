// The words /socket-test shows for what ICE found: the candidates this device gathered, the path two devices
// use, and when there is none, the likeliest reason and what to do. Pure; every sentence is unit-tested.
import { type CandidateCounts, totalCandidates } from "./candidates.js";
import type { Route, SelectedPair } from "./selected-pair.js";

/** What went wrong with a TURN relay on this side: it refused the credentials, or never answered. */
export type RelayTrouble = "refused" | "unreachable";

/** STUN/TURN error codes of an `icecandidateerror` that mean "not with these credentials" (RFC 8489 §14.8, RFC 8656 §19). */
const REFUSED_CODES: ReadonlySet<number> = new Set([401, 403, 431, 437, 441, 486, 508]);

/**
 * The relay's trouble from the `icecandidateerror` codes of its URLs: refused for an authentication error,
 * unreachable for 701 (no answer) or when it produced no relay candidate at all.
 */
export function relayTroubleFrom(errors: ReadonlyArray<{ url: string; errorCode: number }>): RelayTrouble {
  const turn = errors.filter((e) => /^turns?:/i.test(e.url));
  return turn.some((e) => REFUSED_CODES.has(e.errorCode)) ? "refused" : "unreachable";
}

export interface GatheringFacts {
  counts: CandidateCounts;
  /** How many stun:/turn: URLs the server's config named. */
  stunUrls: number;
  turnUrls: number;
  /** Set when TURN was configured and no relay candidate came. */
  relayTrouble?: RelayTrouble;
  /** The server asks pages to use the relay only (ICE_TRANSPORT_POLICY=relay or ?relay=1). */
  relayOnly: boolean;
  /** Why the config was asked for without a code, so TURN (only handed out with a live code) went unchecked. */
  turnUnchecked?: string;
}

/** "3 host · 0 srflx · 1 relay": the counts a person compares between two devices. */
export function formatCounts(c: CandidateCounts): string {
  const parts = [`${c.host} host`, `${c.srflx} srflx`, `${c.relay} relay`];
  if (c.prflx > 0) parts.push(`${c.prflx} prflx`);
  return parts.join(" · ");
}

/**
 * The ICE gathering check's verdict. It fails when this device has no address at all, or when a TURN server is
 * configured and gave no relay address (the fallback the devices count on is not there); it passes otherwise,
 * and says what is missing (no STUN answer, no TURN configured) without failing on it.
 */
export function judgeGathering(f: GatheringFacts): { passed: boolean; detail: string } {
  const counts = formatCounts(f.counts);
  if (totalCandidates(f.counts) === 0) {
    return { passed: false, detail: `${counts}: no network address at all. Is this device on a network?` };
  }
  if (f.turnUrls > 0 && f.counts.relay === 0) {
    const why =
      f.relayTrouble === "refused"
        ? "the TURN server refused this device's credentials (check TURN_SECRET on the server and coturn)"
        : "the TURN server can't be reached from this network (a firewall, or a wrong TURN_URLS)";
    return { passed: false, detail: `${counts}: ${why}` };
  }
  const notes: string[] = [];
  if (f.turnUrls > 0) notes.push("TURN relay reachable");
  else if (f.turnUnchecked !== undefined) notes.push(`TURN not checked: ${f.turnUnchecked}`);
  else if (f.relayOnly) notes.push("relay-only, but no TURN server configured");
  else notes.push("no TURN server configured: direct paths only");
  if (f.stunUrls === 0) notes.push("no STUN server configured");
  else if (f.counts.srflx === 0) notes.push("the STUN server did not answer");
  if (f.counts.mdns > 0) notes.push("host addresses hidden as .local names until the camera is allowed");
  const relayMissing = f.relayOnly && f.turnUrls === 0 && f.turnUnchecked === undefined;
  return { passed: !relayMissing, detail: `${counts} · ${notes.join(" · ")}` };
}

const ROUTE_WORDS: Record<Route, string> = {
  lan: "direct on the LAN",
  internet: "direct across networks (through NAT)",
  relay: "through the TURN relay",
};

/** "direct on the LAN · host ↔ prflx over udp, 3 ms round trip". */
export function describeRoute(route: Route, pair: SelectedPair): string {
  const protocol = pair.local.protocol || pair.remote.protocol;
  const via =
    pair.local.type === "relay" && pair.local.relayProtocol ? ` (to the relay over ${pair.local.relayProtocol})` : "";
  const rtt = pair.rttMs === undefined ? "" : `, ${Math.round(pair.rttMs)} ms round trip`;
  return `${ROUTE_WORDS[route]} · ${pair.local.type} ↔ ${pair.remote.type}${protocol ? ` over ${protocol}` : ""}${via}${rtt}`;
}

export interface NoPathFacts {
  /** The other device answered (an answer came back to our offer, or we answered its offer). */
  answered: boolean;
  local: CandidateCounts;
  /** What the other device sent over the signaling room. */
  remote: CandidateCounts;
  turnConfigured: boolean;
  relayTrouble?: RelayTrouble;
  relayOnly: boolean;
}

/**
 * "no path: …" with the likeliest reason first: the other device never answered; relay-only without a working
 * relay (there, no address at all means the relay gave none, not that the device is offline); one side has no
 * address; the relay refused or could not be reached; no relay to fall back on; or relays on both sides that
 * still did not meet.
 */
export function explainNoPath(f: NoPathFacts): string {
  const lead = "no path: ";
  const relayWords = (side: string) =>
    f.relayTrouble === "refused"
      ? `the TURN relay refused ${side} credentials`
      : `the TURN relay can't be reached from ${side === "this device's" ? "this device" : "there"}`;
  if (!f.answered) {
    return `${lead}the other device did not answer. Is /socket-test still open there, connected and in the room?`;
  }
  if (f.relayOnly) {
    if (!f.turnConfigured) return `${lead}the pages use the relay only, but the server has no TURN server configured.`;
    if (f.local.relay === 0) return `${lead}${relayWords("this device's")}, and the pages use the relay only.`;
    if (f.remote.relay === 0) return `${lead}the other device got no relay address, and the pages use the relay only.`;
    return `${lead}both devices have relay addresses, yet no pair worked: a firewall may block traffic to the TURN relay.`;
  }
  if (totalCandidates(f.local) === 0) return `${lead}this device found no network address of its own. Is it online?`;
  if (totalCandidates(f.remote) === 0) {
    return `${lead}the other device sent no network address. Is it online? Run the checks there too.`;
  }
  if (f.turnConfigured && f.local.relay === 0) {
    return `${lead}${relayWords("this device's")}, and the devices can't reach each other directly.`;
  }
  if (!f.turnConfigured) {
    return `${lead}the devices can't reach each other directly (different networks, or a Wi-Fi that keeps devices apart), and the server has no TURN relay to fall back on. Put both on one network, or configure TURN.`;
  }
  if (f.remote.relay === 0) {
    return `${lead}the other device got no relay address (the TURN relay can't be reached from there), and the devices can't reach each other directly.`;
  }
  return `${lead}both devices have relay addresses, yet no pair worked: a firewall may block traffic to the TURN relay.`;
}
