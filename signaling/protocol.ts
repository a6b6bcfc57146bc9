// The wire contract of docs/PROTOCOL.md as types and constants, shared by the server and the pages.
// No Node imports: Vite bundles this file into the browser pages.

/** Error codes of docs/PROTOCOL.md "Error codes". The set is closed: add a code here and in docs/PROTOCOL.md together. */
export const ErrorCode = {
  BAD_REQUEST: "BAD_REQUEST",
  INVALID_CODE: "INVALID_CODE",
  CODE_NOT_FOUND: "CODE_NOT_FOUND",
  ROOM_FULL: "ROOM_FULL",
  ALREADY_IN_ROOM: "ALREADY_IN_ROOM",
  NOT_IN_ROOM: "NOT_IN_ROOM",
  PEER_NOT_FOUND: "PEER_NOT_FOUND",
  RATE_LIMITED: "RATE_LIMITED",
  UNAVAILABLE: "UNAVAILABLE",
  INTERNAL: "INTERNAL",
  /** HTTP only. */
  NOT_FOUND: "NOT_FOUND",
  /** HTTP only. */
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  /** HTTP only, codecam's addition: code creation needs an access key on this server (docs/DEPLOYMENT.md "Access control"). */
  UNAUTHORIZED: "UNAUTHORIZED",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Size limits of docs/PROTOCOL.md "Limits": larger values are refused with BAD_REQUEST. */
export const LIMITS = {
  SDP_MAX_CHARS: 65_536,
  CANDIDATE_MAX_CHARS: 2_048,
  /** Socket ids and tokens are short opaque strings; anything longer is not one of ours. */
  ID_MAX_CHARS: 64,
  /** sdpMid is a media id such as "0" or "video". */
  SDP_MID_MAX_CHARS: 256,
} as const;

export const ROLES = ["camera", "viewer"] as const;
export type Role = (typeof ROLES)[number];

/** Six ASCII digits: docs/PROTOCOL.md "Codes and rooms". */
export type RoomCode = string;
export const ROOM_CODE_PATTERN = /^[0-9]{6}$/;
export function isRoomCode(value: unknown): value is RoomCode {
  return typeof value === "string" && ROOM_CODE_PATTERN.test(value);
}

export interface WireError {
  code: ErrorCode;
  message: string;
}
export interface Failure {
  ok: false;
  error: WireError;
}
export interface Ok {
  ok: true;
}
export interface PeerInfo {
  id: string;
  type: Role;
}

export interface Connected {
  message: string;
  id: string;
}
export interface Pong {
  message: string;
  serverTime: number;
}

export interface JoinRoom {
  code: RoomCode;
  type: Role;
  token?: string;
}
export interface JoinRoomSuccess {
  ok: true;
  code: RoomCode;
  type: Role;
  id: string;
  token: string;
  /** The others already in the room. */
  peers: PeerInfo[];
}
export interface LeaveRoom {
  code: RoomCode;
}
/** codecam's addition: the room's camera takes member `id` out of room `code` (docs/PROTOCOL.md "remove_peer"). */
export interface RemovePeer {
  code: RoomCode;
  id: string;
}
/** codecam's addition: sent to the member the camera removed, once it is out of the room. */
export interface Removed {
  code: RoomCode;
}

/** The browser's RTCIceCandidateInit, declared here so the server needs no DOM types. */
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}
export interface SessionDescription<T extends "offer" | "answer"> {
  type: T;
  sdp: string;
}

// Wire names stay snake_case.
interface SignalBase {
  room_code: RoomCode;
  to?: string;
}
export interface Offer extends SignalBase {
  offer: SessionDescription<"offer">;
}
export interface Answer extends SignalBase {
  answer: SessionDescription<"answer">;
}
export interface IceCandidate extends SignalBase {
  candidate: IceCandidateInit;
}
/** A signal as the receiver gets it: the server adds the real sender's socket id. */
export type Relayed<T> = T & { from: string };

export const SIGNAL_EVENTS = ["offer", "answer", "ice_candidate"] as const;
export type SignalEvent = (typeof SIGNAL_EVENTS)[number];
const SIGNAL_EVENT_SET: ReadonlySet<unknown> = new Set(SIGNAL_EVENTS);
export function isSignalEvent(name: unknown): name is SignalEvent {
  return SIGNAL_EVENT_SET.has(name);
}
export interface SignalPayloads {
  offer: Offer;
  answer: Answer;
  ice_candidate: IceCandidate;
}
export interface SignalError extends Failure {
  event: SignalEvent;
}

export type Ack<T> = (res: T) => void;
export type JoinRoomReply = JoinRoomSuccess | Failure;
export type LeaveRoomReply = Ok | Failure;
export type RemovePeerReply = Ok | Failure;
export type SignalReply = Ok | SignalError;

/**
 * Client → server events. Every event takes an optional acknowledgement; `ping` and `leave_room` may come
 * with an ack and no payload, so the server takes the last function argument as the ack.
 */
export interface ClientToServerEvents {
  ping: (data?: unknown, ack?: Ack<Pong>) => void;
  join_room: (req: JoinRoom, ack?: Ack<JoinRoomReply>) => void;
  leave_room: (req?: LeaveRoom, ack?: Ack<LeaveRoomReply>) => void;
  /** Camera only; like leave_room, a reply goes to the ack alone. */
  remove_peer: (req: RemovePeer, ack?: Ack<RemovePeerReply>) => void;
  offer: (msg: Offer, ack?: Ack<SignalReply>) => void;
  answer: (msg: Answer, ack?: Ack<SignalReply>) => void;
  ice_candidate: (msg: IceCandidate, ack?: Ack<SignalReply>) => void;
}

export interface ServerToClientEvents {
  connected: (msg: Connected) => void;
  pong: (msg: Pong) => void;
  join_room_success: (msg: JoinRoomSuccess) => void;
  join_room_error: (err: Failure) => void;
  peer_joined: (peer: PeerInfo) => void;
  peer_left: (peer: PeerInfo) => void;
  removed: (msg: Removed) => void;
  offer: (msg: Relayed<Offer>) => void;
  answer: (msg: Relayed<Answer>) => void;
  ice_candidate: (msg: Relayed<IceCandidate>) => void;
  signal_error: (err: SignalError) => void;
}

// biome-ignore lint/suspicious/noEmptyInterface: keeps the Server<> generics in order
export interface InterServerEvents {}

/** What the server keeps on each socket: the room it is in, set on join and cleared on leave. */
export interface SocketData {
  code?: RoomCode;
  role?: Role;
  token?: string;
}

/** Answer of `POST /api/code/generate`. */
export interface GeneratedCode {
  code: RoomCode;
  expiresAt: string;
  ttlSeconds: number;
}

/** Answer of `GET /api/config`: the shape `new RTCPeerConnection({ iceServers })` takes. */
export interface ClientConfig {
  iceServers: Array<{ urls: string | string[]; username?: string; credential?: string }>;
  /** codecam's own additions: the room limits, so pages can say "2 of 4 viewers". */
  maxViewers: number;
  codeTtlSeconds: number;
  /** The origin a phone on the same network can open (the LAN HTTPS address, or PUBLIC_URL): for QR codes and links. */
  shareOrigin: string;
  /** Set by the server's ICE_TRANSPORT_POLICY: "relay" means pages use only relayed (TURN) candidates. */
  iceTransportPolicy?: "all" | "relay";
}

/** Every HTTP error body: `{"error":{"code","message"}}`. */
export interface HttpError {
  error: WireError;
}
