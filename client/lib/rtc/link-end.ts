// Why a peer-to-peer link ended, in the terms a status line needs, and how a simple-peer error maps to it.
import type { PeerError } from "@thaunknown/simple-peer";
import type { RelayTrouble } from "./ice-failure.js";

/**
 * Why a link ended, in the terms a status line needs:
 * - no-path: ICE never found a working pair (different networks, strict NAT/firewall: TURN is needed)
 * - timeout: nothing connected in time (the other side never answered, or ICE was still checking)
 * - dropped: it was connected and then the network went away
 * - closed: the other page closed the connection (left, reloaded, stopped)
 * - error: a browser WebRTC error (detail has it)
 * - local: this page closed it
 * - unverified: a remote description named no single certificate, or not the one it named before (detail says
 *   "none", "several" or "changed"); the link is closed before the browser ever uses it (fail closed)
 */
export type LinkEndReason = "no-path" | "timeout" | "dropped" | "closed" | "error" | "local" | "unverified";
export interface LinkEnd {
  reason: LinkEndReason;
  wasConnected: boolean;
  detail?: string;
  /** What went wrong with the TURN relay on this side, when it did (ice-failure.ts). */
  relay?: RelayTrouble;
  /**
   * ICE candidates this side gathered, for a link that never connected. None at all means this device had no
   * network to offer, so the path between the devices was never the problem.
   */
  localCandidates?: number;
}

/** The end a simple-peer "close" implies: its last error, and whether the link had connected. */
export function classify(err: PeerError | undefined, wasConnected: boolean): LinkEnd {
  if (!err) return { reason: "closed", wasConnected };
  switch (err.code) {
    case "ERR_ICE_CONNECTION_FAILURE":
    case "ERR_CONNECTION_FAILURE":
      return { reason: wasConnected ? "dropped" : "no-path", wasConnected, detail: err.message };
    case "ERR_ICE_CONNECTION_CLOSED":
    case "ERR_DATA_CHANNEL":
      return { reason: "closed", wasConnected, detail: err.message };
    default:
      return { reason: "error", wasConnected, detail: `${err.code ?? err.name}: ${err.message}` };
  }
}
