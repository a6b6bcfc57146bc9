// Messages the camera and viewer pages send each other over the peer-to-peer data channel, for what the
// signaling protocol does not carry: they keep working while the signaling server is down.
import { isRoomCode, type RoomCode } from "../../../signaling/protocol.js";
import { consoleIncoming, decodeConsoleMessage, type ConsoleFault, type ConsoleMessage } from "../console/messages.js";
import type { MediaProblem } from "../media/media.js";
import { isBase64Url32 } from "../trust/base64url.js";

/** What the camera tells a viewer about its access (verified pairing). */
export const ACCESS_STATES = ["verified", "pending", "allowed", "denied", "removed"] as const;
export type AccessState = (typeof ACCESS_STATES)[number];

/** Verified pairing, step 1, viewer -> camera: the commitment c = base64url(SHA-256(label + nV)), 43 characters. */
export interface SasCommit {
  t: "sas-commit";
  c: string;
}
/** Step 2, camera -> viewer, only after the commitment arrived: the camera's nonce nC, 32 bytes base64url. */
export interface SasNonce {
  t: "sas-nonce";
  n: string;
}
/** Step 3, viewer -> camera: the viewer's nonce nV, which the camera checks against the commitment. */
export interface SasReveal {
  t: "sas-reveal";
  n: string;
}
/**
 * Camera -> viewer: "verified" (the QR-named or a remembered laptop: no question), "pending" (the holder is asked),
 * "allowed", "denied" (the link closes), "removed" (the holder removed this viewer from the room).
 */
export interface AccessMessage {
  t: "access";
  state: AccessState;
}

/** Every MediaProblem, so that a message naming one can be checked (a Record: a new problem must be added here). */
const MEDIA_PROBLEMS: Record<MediaProblem, true> = {
  insecure: true,
  unsupported: true,
  denied: true,
  "in-use": true,
  "no-device": true,
  constraints: true,
  other: true,
};

/**
 * Camera -> viewer: the phone's camera could not open, and why; `null` once it has. The phone stays in the room
 * without a picture, so the laptop can say why instead of waiting for one (issue 19).
 */
export interface CameraMessage {
  t: "camera";
  problem: MediaProblem | null;
}

/**
 * The glass-to-glass delay (docs/PROTOCOL.md "Data channel"), step 1, viewer -> camera: the viewer's clock (ms)
 * as the ping left. The camera answers only a viewer that may watch.
 */
export interface ClockPing {
  t: "clock-ping";
  t0: number;
}
/** camera -> viewer: t0 echoed; t1, t2 the camera's clock (ms) as the ping arrived and as the reply left. */
export interface ClockPong {
  t: "clock-pong";
  t0: number;
  t1: number;
  t2: number;
}
/**
 * camera -> viewer, while the viewer pings: when the camera captured recent frames, by RTP timestamp, as
 * `f` = [rtpTimestamp, captureMs, rtpTimestamp, captureMs, …] (camera clock, ms), at most MAX_FRAME_TIMES pairs.
 */
export interface FrameTimes {
  t: "frame-times";
  f: number[];
}
/** Pairs in one frame-times message: 16 fit well inside the 1,024-character limit with epoch-ms times. */
export const MAX_FRAME_TIMES = 16;

/**
 * Viewer -> camera: this laptop's Low delay setting (issue 20, item 5), sent as its link opens, when the camera lets
 * it watch, and on every change. The camera applies it to that link's video sender only (rtc/low-delay.ts), and
 * only for a viewer that may watch.
 */
export interface DelayMode {
  t: "delay-mode";
  low: boolean;
}

export type LinkMessage =
  /** The camera's room now has this code (the server lost the old one, e.g. after a restart): join it. */
  | { t: "room"; code: RoomCode }
  /**
   * This side is leaving on purpose. From the camera: the viewer says "the phone stopped" instead of "the
   * connection dropped". From a viewer: the camera stops sending at once instead of after a timeout.
   */
  | { t: "bye" }
  | SasCommit
  | SasNonce
  | SasReveal
  | AccessMessage
  /** The remote console (client/lib/console/messages.ts): its own decoder, size limit and faults. */
  | ConsoleMessage
  | ConsoleFault
  | CameraMessage
  | ClockPing
  | ClockPong
  | FrameTimes
  | DelayMode;

export function encodeLinkMessage(msg: LinkMessage): string {
  return JSON.stringify(msg);
}

/**
 * Parses one data-channel message; anything malformed or unknown is undefined (a newer page, or garbage). The
 * verified-pairing messages must have exactly their fields, each value well-formed.
 */
export function decodeLinkMessage(data: Uint8Array | string): LinkMessage | undefined {
  // The console's messages are checked by its own decoder: capabilities with a lens list outgrow 1,024 characters.
  const remoteConsole = decodeConsoleMessage(data);
  if (remoteConsole) return consoleIncoming(remoteConsole);
  try {
    const text = typeof data === "string" ? data : new TextDecoder().decode(data);
    if (text.length > 1_024) return undefined;
    const raw: unknown = JSON.parse(text);
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
    const msg = raw as Record<string, unknown>;
    switch (msg.t) {
      case "room":
        return isRoomCode(msg.code) ? { t: "room", code: msg.code } : undefined;
      case "bye":
        return { t: "bye" };
      case "sas-commit":
        return hasExactly(msg, "c") && isBase64Url32(msg.c) ? { t: "sas-commit", c: msg.c } : undefined;
      case "sas-nonce":
        return hasExactly(msg, "n") && isBase64Url32(msg.n) ? { t: "sas-nonce", n: msg.n } : undefined;
      case "sas-reveal":
        return hasExactly(msg, "n") && isBase64Url32(msg.n) ? { t: "sas-reveal", n: msg.n } : undefined;
      case "access":
        return hasExactly(msg, "state") && isAccessState(msg.state) ? { t: "access", state: msg.state } : undefined;
      case "camera":
        return hasExactly(msg, "problem") && (msg.problem === null || isMediaProblem(msg.problem))
          ? { t: "camera", problem: msg.problem }
          : undefined;
      case "clock-ping":
        return hasExactly(msg, "t0") && isTime(msg.t0) ? { t: "clock-ping", t0: msg.t0 } : undefined;
      case "clock-pong":
        return Object.keys(msg).length === 4 && isTime(msg.t0) && isTime(msg.t1) && isTime(msg.t2)
          ? { t: "clock-pong", t0: msg.t0, t1: msg.t1, t2: msg.t2 }
          : undefined;
      case "frame-times":
        return hasExactly(msg, "f") && isFrameTimes(msg.f) ? { t: "frame-times", f: msg.f } : undefined;
      case "delay-mode":
        return hasExactly(msg, "low") && typeof msg.low === "boolean" ? { t: "delay-mode", low: msg.low } : undefined;
    }
  } catch {
    // fall through
  }
  return undefined;
}

/** A console message that passed its checks (not a fault). */
export function isConsoleMessage(msg: LinkMessage): msg is ConsoleMessage {
  return msg.t.startsWith("console-") && msg.t !== "console-fault";
}

function isAccessState(value: unknown): value is AccessState {
  return (ACCESS_STATES as readonly unknown[]).includes(value);
}

function isMediaProblem(value: unknown): value is MediaProblem {
  return typeof value === "string" && Object.hasOwn(MEDIA_PROBLEMS, value);
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

/** Pairs of a whole 32-bit RTP timestamp and a time, at most MAX_FRAME_TIMES of them. */
function isFrameTimes(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length % 2 !== 0 || value.length > 2 * MAX_FRAME_TIMES) return false;
  for (let i = 0; i < value.length; i += 2) {
    const rtp: unknown = value[i];
    if (!Number.isInteger(rtp) || (rtp as number) < 0 || (rtp as number) > 0xffffffff || !isTime(value[i + 1]))
      return false;
  }
  return true;
}

/** True when the message has `t` and this one field, nothing else. */
function hasExactly(msg: Record<string, unknown>, field: string): boolean {
  const keys = Object.keys(msg);
  return keys.length === 2 && keys.includes("t") && keys.includes(field);
}
