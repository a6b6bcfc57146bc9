// The sentences the pages show for server errors and connection failures, in one place so both pages say
// the same thing the same way.
import { ErrorCode, type Role, type WireError } from "../../signaling/protocol.js";
import { noPathText } from "./ice-failure.js";
import type { LinkEnd } from "./peer-link.js";

/** What to tell the user when join_room failed (PROTOCOL.md "Error codes"). */
export function joinErrorText(error: Pick<WireError, "code" | "message">, role: Role, maxViewers = 4): string {
  switch (error.code) {
    case ErrorCode.INVALID_CODE:
      return "A code is six digits. Check it and try again.";
    case ErrorCode.CODE_NOT_FOUND:
      return role === "viewer"
        ? "No camera has that code. Check the digits, or make a new code on the phone: codes end when they expire or are no longer used."
        : "That code isn't active. Check the digits, or make a new code: codes end when they expire or are no longer used.";
    case ErrorCode.ROOM_FULL:
      return role === "viewer"
        ? `This camera already has ${maxViewers} viewers, the most it allows. Ask one to leave, then try again.`
        : "Another camera is already using this code. Make a new code for this phone.";
    case ErrorCode.RATE_LIMITED:
      return `Too many tries from this network. ${capitalize(error.message)}`;
    case ErrorCode.UNAVAILABLE:
    case ErrorCode.INTERNAL:
      return "The server can't take this right now. Try again in a moment.";
    default:
      return capitalize(error.message);
  }
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
  }
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function capitalize(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text;
}
