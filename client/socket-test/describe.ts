// One readable line per wire message for the diagnostic log: which event, and the values a person checks.
import type {
  ClientToServerEvents,
  Failure,
  ServerToClientEvents,
  SignalError,
  WireError,
} from "../../signaling/protocol.js";
import type { LogTone } from "./event-log.js";

export type IncomingEvent = keyof ServerToClientEvents;
export type OutgoingEvent = keyof ClientToServerEvents;

export interface Description {
  summary: string;
  tone: LogTone;
}

// `satisfies` keeps these lists equal to the protocol's event maps: a renamed or added event fails to compile.
const INCOMING_EVENTS = {
  connected: true,
  pong: true,
  join_room_success: true,
  join_room_error: true,
  peer_joined: true,
  peer_left: true,
  removed: true,
  offer: true,
  answer: true,
  ice_candidate: true,
  signal_error: true,
} as const satisfies Record<IncomingEvent, true>;

const OUTGOING_EVENTS = {
  ping: true,
  join_room: true,
  leave_room: true,
  remove_peer: true,
  offer: true,
  answer: true,
  ice_candidate: true,
} as const satisfies Record<OutgoingEvent, true>;

export function isIncomingEvent(name: string): name is IncomingEvent {
  return Object.hasOwn(INCOMING_EVENTS, name);
}

export function isOutgoingEvent(name: string): name is OutgoingEvent {
  return Object.hasOwn(OUTGOING_EVENTS, name);
}

/** A `{ok:false, error:{code, message}}` reply or event, as every error of docs/PROTOCOL.md "Error codes" is shaped. */
export function isFailure(value: unknown): value is Failure {
  if (!isRecord(value) || value.ok !== false || !isRecord(value.error)) return false;
  return typeof value.error.code === "string" && typeof value.error.message === "string";
}

/** `INVALID_CODE — code must be six digits`: the error code first, so it can be spotted in a long log. */
export function formatWireError(error: WireError): string {
  return error.message ? `${error.code} — ${error.message}` : error.code;
}

/** Describes an event the server pushed (not an ack reply). */
export function describeIncoming(event: IncomingEvent, payload: unknown): Description {
  const p = isRecord(payload) ? payload : {};
  switch (event) {
    case "connected":
      return ok(`server greets socket ${str(p.id)}`);
    case "pong":
      return ok(`server time ${formatServerTime(p.serverTime)}`);
    case "join_room_success":
      return success(`joined ${str(p.code)} as ${str(p.type)} · ${countPeers(p.peers)}`);
    case "peer_joined":
      return ok(`${str(p.type)} ${str(p.id)} joined the room`);
    case "peer_left":
      return ok(`${str(p.type)} ${str(p.id)} left the room`);
    case "removed":
      return ok(`the camera removed this page from ${str(p.code)}`);
    case "offer":
    case "answer":
    case "ice_candidate":
      return ok(describeRelayedSignal(event, p));
    case "join_room_error":
    case "signal_error":
      return isFailure(payload) ? failure(payload) : { summary: "malformed error payload", tone: "error" };
  }
}

/** Describes an event this page sent. */
export function describeOutgoing(event: OutgoingEvent, payload: unknown): Description {
  const p = isRecord(payload) ? payload : {};
  switch (event) {
    case "ping":
      return ok("round trip started");
    case "join_room":
      return ok(`ask to join ${str(p.code)} as ${str(p.type)}`);
    case "leave_room":
      return ok(payload === undefined ? "leave the current room" : `leave ${str(p.code)}`);
    case "remove_peer":
      return ok(`remove ${str(p.id)} from ${str(p.code)}`);
    case "offer":
    case "answer":
    case "ice_candidate": {
      const target = typeof p.to === "string" ? `to ${p.to}` : "to the room";
      return ok(`${signalSize(event, p)} for ${str(p.room_code)}, ${target}`);
    }
  }
}

/** Describes the ack reply to an event this page sent: docs/PROTOCOL.md "Acknowledgements". */
export function describeReply(event: OutgoingEvent, reply: unknown, roundTripMs: number): Description {
  const took = `${formatMs(roundTripMs)}`;
  if (isFailure(reply)) {
    const { summary } = failure(reply);
    return { summary: `${summary} (${took})`, tone: "error" };
  }
  const p = isRecord(reply) ? reply : {};
  switch (event) {
    case "ping":
      return success(`pong after ${took}`);
    case "join_room":
      return success(`joined ${str(p.code)} as ${str(p.type)} · ${countPeers(p.peers)} (${took})`);
    case "leave_room":
      return success(`left the room (${took})`);
    case "remove_peer":
      return success(`removed (${took})`);
    case "offer":
    case "answer":
    case "ice_candidate":
      return success(`forwarded (${took})`);
  }
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function describeRelayedSignal(event: "offer" | "answer" | "ice_candidate", p: Record<string, unknown>): string {
  return `${signalSize(event, p)} from ${str(p.from)} in ${str(p.room_code)}`;
}

function signalSize(event: "offer" | "answer" | "ice_candidate", p: Record<string, unknown>): string {
  if (event === "ice_candidate") {
    const candidate = isRecord(p.candidate) ? p.candidate.candidate : undefined;
    return candidate === "" ? "end-of-candidates" : "ICE candidate";
  }
  const description = p[event];
  const sdp = isRecord(description) ? description.sdp : undefined;
  return typeof sdp === "string" ? `${event} (${sdp.length}-character SDP)` : event;
}

function failure(reply: Failure | SignalError): Description {
  const prefix = "event" in reply && typeof reply.event === "string" ? `${reply.event} refused: ` : "";
  return { summary: prefix + formatWireError(reply.error), tone: "error" };
}

function countPeers(peers: unknown): string {
  if (!Array.isArray(peers)) return "no peer list";
  if (peers.length === 0) return "nobody else here";
  const list = peers.map((peer) => (isRecord(peer) ? `${str(peer.type)} ${str(peer.id)}` : "?")).join(", ");
  return `${peers.length === 1 ? "1 peer" : `${peers.length} peers`}: ${list}`;
}

function formatServerTime(value: unknown): string {
  return typeof value === "number" ? new Date(value).toISOString() : "unknown";
}

function ok(summary: string): Description {
  return { summary, tone: "neutral" };
}

function success(summary: string): Description {
  return { summary, tone: "success" };
}

function str(value: unknown): string {
  return typeof value === "string" && value !== "" ? value : "?";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
