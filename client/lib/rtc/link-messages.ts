// Messages the camera and viewer pages send each other over the peer-to-peer data channel, for what the
// signaling protocol does not carry: they keep working while the signaling server is down.
import { isRoomCode, type RoomCode } from "../../../signaling/protocol.js";

export type LinkMessage =
  /** The camera's room now has this code (the server lost the old one, e.g. after a restart): join it. */
  | { t: "room"; code: RoomCode }
  /**
   * This side is leaving on purpose. From the camera: the viewer says "the phone stopped" instead of "the
   * connection dropped". From a viewer: the camera stops sending at once instead of after a timeout.
   */
  | { t: "bye" };

export function encodeLinkMessage(msg: LinkMessage): string {
  return JSON.stringify(msg);
}

/** Parses one data-channel message; anything malformed or unknown is undefined (a newer page, or garbage). */
export function decodeLinkMessage(data: Uint8Array | string): LinkMessage | undefined {
  try {
    const text = typeof data === "string" ? data : new TextDecoder().decode(data);
    if (text.length > 1_024) return undefined;
    const raw = JSON.parse(text) as { t?: unknown; code?: unknown };
    if (raw.t === "room" && isRoomCode(raw.code)) return { t: "room", code: raw.code };
    if (raw.t === "bye") return { t: "bye" };
  } catch {
    // fall through
  }
  return undefined;
}
