// The words users see for every refusal and connection failure, in one place so both pages say the same thing
// the same way. The refusal table is a Record over ErrorCode: a new code does not compile until it has words.
import type { ErrorCode, Role } from "../../signaling/protocol.js";
import type { MediaProblem } from "./media/media.js";
import { noPathText } from "./rtc/ice-failure.js";
import type { LinkEnd } from "./rtc/peer-link.js";

export interface RefusalContext {
  role: Role;
  maxViewers: number;
}

const AGAIN = "The server can't take this right now. Try again in a moment.";

const REFUSALS: Record<ErrorCode, (ctx: RefusalContext) => string> = {
  BAD_REQUEST: () => "The server did not understand this page. Reload it and try again.",
  INVALID_CODE: () => "A code is six digits. Check it and try again.",
  CODE_NOT_FOUND: ({ role }) =>
    role === "viewer"
      ? "No camera has that code. Check the digits, or make a new code on the phone: codes end when they expire or are no longer used."
      : "That code isn't active. Check the digits, or make a new code: codes end when they expire or are no longer used.",
  ROOM_FULL: ({ role, maxViewers }) =>
    role === "viewer"
      ? `This camera already has ${plural(maxViewers, "viewer")}, the most it allows. Ask one to leave, then try again.`
      : "Another camera is already using this code. Make a new code for this phone.",
  ALREADY_IN_ROOM: () => "This page is already in a room. Reload it and try again.",
  NOT_IN_ROOM: () => "This page is no longer in the room. Reload it to join again.",
  PEER_NOT_FOUND: () => "The other device has left the room.",
  // The wait is added by the page, as a live countdown (rateLimitText).
  RATE_LIMITED: () => "Too many tries from this network.",
  UNAVAILABLE: () => AGAIN,
  INTERNAL: () => AGAIN,
  NOT_FOUND: () => "The server does not know this address. Reload the page.",
  METHOD_NOT_ALLOWED: () => "The server does not know this address. Reload the page.",
  UNAUTHORIZED: () =>
    "Creating codes on this server needs an access key: ask whoever runs it for one. Joining with a code needs none.",
};

/** What to tell the user when the server refused (docs/PROTOCOL.md "Error codes"). */
export function refusalText(code: ErrorCode, ctx: RefusalContext): string {
  return REFUSALS[code](ctx);
}

/** "Too many tries from this network. Try again in 42 s.": the seconds count down as the page re-renders. */
export function rateLimitText(secondsLeft: number): string {
  return secondsLeft > 0
    ? `${REFUSALS.RATE_LIMITED({ role: "viewer", maxViewers: 0 })} Try again in ${secondsLeft} s.`
    : "You can try again now.";
}

/** The server could not be reached at all. */
export function unreachableText(): string {
  return "Could not reach the codecam server. Check the connection and try again.";
}

/** Why a peer-to-peer connection ended, for the status line. `turn` says whether a TURN relay was configured. */
export function linkEndText(end: LinkEnd, turn: boolean): string {
  switch (end.reason) {
    case "no-path":
    case "timeout":
      if (end.wasConnected) return "The connection between the devices dropped. Reconnecting…";
      return noPathText(turn, end.relay);
    case "dropped":
      return "The connection between the devices dropped. Reconnecting…";
    case "closed":
      return "The other device closed the connection.";
    case "error":
      return `The browser stopped the connection (${end.detail ?? "unknown error"}).`;
    case "local":
      return "Connection closed.";
    case "unverified":
      return "The other device's answer could not be checked, so the connection was closed.";
  }
}

/** The connection never worked (as opposed to working and dropping): ICE found no path between the devices. */
export function isNoPath(end: LinkEnd | undefined): end is LinkEnd {
  return end !== undefined && !end.wasConnected && (end.reason === "no-path" || end.reason === "timeout");
}

/** Why the phone's camera did not open, as the laptop says it: "The phone could not open its camera: …". */
const PHONE_CAMERA: Record<MediaProblem, string> = {
  denied: "camera permission was denied on the phone",
  "in-use": "another app on the phone is using it",
  "no-device": "the phone has no camera the browser can use",
  insecure: "the phone opened an address that is not secure (it needs the https:// one)",
  unsupported: "the phone's browser can't share a camera",
  constraints: "it can't deliver the chosen quality",
  other: "it did not start",
};

export const PHONE_CAMERA_TITLE = "The phone could not open its camera";

/** Why the phone's camera could not open, as a sentence of its own. */
export function phoneCameraCause(problem: MediaProblem): string {
  const cause = PHONE_CAMERA[problem];
  return `${cause.charAt(0).toUpperCase()}${cause.slice(1)}.`;
}

/** The laptop's status line when the phone's camera could not open (link message "camera"). */
export function phoneCameraText(problem: MediaProblem): string {
  return `${PHONE_CAMERA_TITLE}: ${PHONE_CAMERA[problem]}`;
}

/** "1 viewer", "2 viewers". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "483 920": six digits read more easily in two groups of three. */
export function spaced(code: string): string {
  return `${code.slice(0, 3)} ${code.slice(3)}`;
}
