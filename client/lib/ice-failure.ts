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

/**
 * The relay's trouble from the errors of one connection: none when a relay candidate was gathered (the relay
 * works from here) or no TURN server reported an error. Refusal wins over unreachability: a relay that
 * answered with 401 on one URL was reachable, and its credentials are the thing to fix.
 */
export function relayTrouble(errors: readonly IceServerError[], relayCandidates: number): RelayTrouble | undefined {
  if (relayCandidates > 0) return undefined;
  const turn = errors.filter((e) => /^turns?:/i.test(e.url));
  if (turn.some((e) => REFUSED.has(e.errorCode))) return "refused";
  if (turn.some((e) => e.errorCode >= 700)) return "unreachable";
  return undefined;
}

/**
 * Listens to one RTCPeerConnection's ICE gathering; the returned function says what went wrong with its relay
 * so far. Attach it before the first offer or answer, so no event is missed.
 */
export function watchRelay(pc: RTCPeerConnection): () => RelayTrouble | undefined {
  const errors: IceServerError[] = [];
  let relays = 0;
  pc.addEventListener("icecandidateerror", (event) => {
    const e = event as RTCPeerConnectionIceErrorEvent;
    errors.push({ url: e.url ?? "", errorCode: e.errorCode });
  });
  pc.addEventListener("icecandidate", (event) => {
    if (event.candidate?.type === "relay" || / typ relay /.test(event.candidate?.candidate ?? "")) relays += 1;
  });
  return () => relayTrouble(errors, relays);
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
