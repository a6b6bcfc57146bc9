// Why ICE found no path, in words a person can act on. The browser reports every STUN/TURN server it could not
// use as an `icecandidateerror` (error codes of RFC 8489 §14.8, plus 701 for "no answer from the server"), and
// each relay candidate it did get as a candidate of type "relay": together they tell a relay that refused this
// page's credentials or could not be reached from one that worked but still led nowhere.

/** What went wrong with the TURN relay on this side, when that is why there was no path. */
export type RelayTrouble = "refused" | "unreachable";

export interface IceServerError {
  url: string;
  errorCode: number;
}

/** STUN error codes that mean "not with these credentials" (RFC 8489 §14.8, RFC 8656 §19). */
const REFUSED = new Set([401, 403, 431, 437, 441, 486, 508]);

/** A relay that has not produced a candidate this long after gathering began is not answering (a working one takes well under a second). */
export const RELAY_SILENCE_MS = 5_000;

/** What one connection saw of its TURN servers. */
export interface RelayObservation {
  errors: readonly IceServerError[];
  relayCandidates: number;
  /** The connection was given at least one turn:/turns: server. */
  turnConfigured: boolean;
  /** Since ICE gathering began (0 when it has not). */
  gatheringMs: number;
}

/**
 * The relay's trouble on one connection: none when a relay candidate was gathered (the relay works from here).
 * Refusal wins over unreachability: a relay that answered 401 on one URL was reachable, and its credentials are
 * the thing to fix. A relay is unreachable when the browser says so (701), or when it stayed silent: browsers
 * retransmit to a TURN server for some 40 s before reporting 701, longer than a connection attempt lasts.
 */
export function relayTrouble(o: RelayObservation): RelayTrouble | undefined {
  if (o.relayCandidates > 0) return undefined;
  const turn = o.errors.filter((e) => /^turns?:/i.test(e.url));
  if (turn.some((e) => REFUSED.has(e.errorCode))) return "refused";
  if (turn.some((e) => e.errorCode >= 700)) return "unreachable";
  if (o.turnConfigured && o.gatheringMs >= RELAY_SILENCE_MS) return "unreachable";
  return undefined;
}

/**
 * What one connection's ICE gathering saw on this side: the relay's trouble, if any, and how many candidates
 * it gathered (none at all: this device had no network to offer). A link that never connected carries both.
 */
export interface GatheringSeen {
  relay?: RelayTrouble;
  localCandidates: number;
}

/**
 * Listens to one RTCPeerConnection's ICE gathering; the returned function says what it saw so far. Attach it
 * before the first offer or answer, so no event is missed.
 */
export function watchGathering(pc: RTCPeerConnection): () => GatheringSeen {
  const errors: IceServerError[] = [];
  let relayCandidates = 0;
  let localCandidates = 0;
  let gatheringSince: number | undefined;
  const turnConfigured = (pc.getConfiguration().iceServers ?? []).some((server) =>
    [server.urls].flat().some((url) => /^turns?:/i.test(url)),
  );
  pc.addEventListener("icecandidateerror", (event) => {
    const e = event as RTCPeerConnectionIceErrorEvent;
    errors.push({ url: e.url ?? "", errorCode: e.errorCode });
  });
  pc.addEventListener("icegatheringstatechange", () => {
    if (pc.iceGatheringState !== "new") gatheringSince ??= Date.now();
  });
  pc.addEventListener("icecandidate", (event) => {
    gatheringSince ??= Date.now();
    if (event.candidate?.candidate) localCandidates += 1;
    if (event.candidate?.type === "relay" || / typ relay /.test(event.candidate?.candidate ?? "")) relayCandidates += 1;
  });
  return () => {
    const gatheringMs = gatheringSince === undefined ? 0 : Date.now() - gatheringSince;
    const relay = relayTrouble({ errors, relayCandidates, turnConfigured, gatheringMs });
    return relay ? { relay, localCandidates } : { localCandidates };
  };
}

/**
 * The status line when two devices never connected. `turnConfigured`: the page was given a TURN server;
 * `relay`: what watchRelay() saw on this side.
 */
export function noPathText(turnConfigured: boolean, relay: RelayTrouble | undefined): string {
  if (!turnConfigured) {
    return "No direct path between the devices: a TURN relay is needed. Put both on the same Wi-Fi, or ask whoever runs codecam to set one up (TURN_URLS).";
  }
  if (relay === "refused") {
    return "No path between the devices: the relay (TURN) server refused this device's credentials. Reload to get new ones; if it keeps happening, whoever runs codecam should check TURN_SECRET against coturn's static-auth-secret.";
  }
  if (relay === "unreachable") {
    return "No path between the devices: the relay (TURN) server can't be reached from this device. The network may block it (UDP 3478, TLS 5349); try another network.";
  }
  return "No path between the devices, even through the relay (TURN) server. Check that both are online and that the network allows it.";
}
