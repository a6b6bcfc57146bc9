// The diagnostic page's state in one object, and the events that change it: plain functions, no DOM.
import type { JoinRoomSuccess, PeerInfo, Role, RoomCode } from "../../signaling/protocol.js";

export type ConnectionState = "disconnected" | "connecting" | "connected" | "reconnecting";

/** Which room the page's socket is in, as the server said: join_room_success, then peer_joined / peer_left. */
export interface Membership {
  code: RoomCode;
  role: Role;
  /** Our socket id as the room knows it. */
  id: string;
  peers: ReadonlyMap<string, Role>;
}

export type CheckStatus = "pending" | "running" | "passed" | "failed" | "skipped";

/** Which part of the chain from camera to screen a check looks at; the page lists the checks under these. */
export type CheckGroup = "server" | "device" | "path";

export interface CheckState {
  name: string;
  group: CheckGroup;
  status: CheckStatus;
  /** What the check saw: the value it measured, or why it failed. */
  detail: string;
}

export interface SocketTestState {
  connection: ConnectionState;
  reconnectAttempt: number;
  socketId: string | undefined;
  /** The transport the engine connection opened on and the one it uses now (they differ after an upgrade). */
  transport: { startedOn: string; current: string } | undefined;
  /** performance.now() when the socket connected. */
  connectedAt: number | undefined;
  roundTripMs: number | undefined;
  messagesIn: number;
  messagesOut: number;
  room: Membership | undefined;
  checks: readonly CheckState[];
  checksRunning: boolean;
}

export function initialState(checks: ReadonlyArray<{ name: string; group: CheckGroup }> = []): SocketTestState {
  return {
    connection: "disconnected",
    reconnectAttempt: 0,
    socketId: undefined,
    transport: undefined,
    connectedAt: undefined,
    roundTripMs: undefined,
    messagesIn: 0,
    messagesOut: 0,
    room: undefined,
    checks: checks.map(({ name, group }) => ({ name, group, status: "pending", detail: "" })),
    checksRunning: false,
  };
}

export function connecting(s: SocketTestState): SocketTestState {
  return { ...s, connection: "connecting" };
}

export function transportOpened(s: SocketTestState, name: string): SocketTestState {
  return { ...s, transport: { startedOn: name, current: name } };
}

export function transportUpgraded(s: SocketTestState, name: string): SocketTestState {
  return { ...s, transport: { startedOn: s.transport?.startedOn ?? name, current: name } };
}

export function connected(s: SocketTestState, socketId: string, now: number): SocketTestState {
  return { ...s, connection: "connected", reconnectAttempt: 0, socketId, connectedAt: now };
}

export function reconnecting(s: SocketTestState, attempt: number): SocketTestState {
  return { ...s, connection: "reconnecting", reconnectAttempt: attempt };
}

/**
 * The socket went away. The server drops a disconnected socket from its room, and a reconnect gets a new id
 * and no room, so the membership ends here too.
 */
export function disconnected(s: SocketTestState, willReconnect: boolean): SocketTestState {
  return {
    ...s,
    connection: willReconnect ? "reconnecting" : "disconnected",
    socketId: undefined,
    transport: undefined,
    connectedAt: undefined,
    room: undefined,
  };
}

export function countedIn(s: SocketTestState): SocketTestState {
  return { ...s, messagesIn: s.messagesIn + 1 };
}

export function countedOut(s: SocketTestState): SocketTestState {
  return { ...s, messagesOut: s.messagesOut + 1 };
}

export function roundTrip(s: SocketTestState, ms: number): SocketTestState {
  return { ...s, roundTripMs: ms };
}

export function joined(s: SocketTestState, success: JoinRoomSuccess): SocketTestState {
  const peers = new Map(success.peers.map((peer) => [peer.id, peer.type]));
  return { ...s, room: { code: success.code, role: success.type, id: success.id, peers } };
}

export function left(s: SocketTestState): SocketTestState {
  return { ...s, room: undefined };
}

export function peerJoined(s: SocketTestState, peer: PeerInfo): SocketTestState {
  if (!s.room) return s;
  return { ...s, room: { ...s.room, peers: new Map(s.room.peers).set(peer.id, peer.type) } };
}

export function peerLeft(s: SocketTestState, peer: PeerInfo): SocketTestState {
  if (!s.room) return s;
  const peers = new Map(s.room.peers);
  peers.delete(peer.id);
  return { ...s, room: { ...s.room, peers } };
}

export function checksStarted(s: SocketTestState): SocketTestState {
  return { ...s, checksRunning: true, checks: s.checks.map((c) => ({ ...c, status: "pending", detail: "" })) };
}

export function checkUpdated(s: SocketTestState, name: string, status: CheckStatus, detail = ""): SocketTestState {
  return { ...s, checks: s.checks.map((c) => (c.name === name ? { ...c, status, detail } : c)) };
}

export function checksFinished(s: SocketTestState): SocketTestState {
  return { ...s, checksRunning: false };
}
