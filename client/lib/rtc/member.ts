// What the camera knows about one viewer in its room (design of issue 16): the Gatekeeper's record, which the
// phone's member list and request cards show.
import type { SasWords } from "../trust/sas.js";

/** Why a laptop may watch without a question. */
export type TrustReason = "qr" | "remembered" | "allowed";

/** Why the camera turned a viewer away. */
export type Refusal =
  /** Its description named no single certificate, or another one than before (peer-link.ts "unverified"). */
  | "unverifiable"
  /** Its words exchange broke the rules (a reveal that does not match its commitment, messages out of turn). */
  | "exchange"
  | "denied"
  | "expired";

export interface Member {
  /** Its socket id in the room. */
  id: string;
  status: "connecting" | "pending" | "verified" | "refused";
  how: TrustReason | undefined;
  refusal: Refusal | undefined;
  /** While pending: the words, and when the question was first shown (ms). */
  words: SasWords | undefined;
  askedAt: number | undefined;
  /** This page came from a QR link, and this viewer's answer named another certificate than that laptop's. */
  notScanned: boolean;
}

export function newMember(id: string): Member {
  return {
    id,
    status: "connecting",
    how: undefined,
    refusal: undefined,
    words: undefined,
    askedAt: undefined,
    notScanned: false,
  };
}
