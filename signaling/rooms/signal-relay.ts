// offer / answer / ice_candidate from arrival to delivery, and the forwarding rule of docs/PROTOCOL.md (skip-sender,
// optional `to`, the room from server state), written once in routeSignal.
//
// One signal's path, top to bottom:
// 1. transport/json-only-parser.ts: the connection's decoder judges the packet against its event budget
//    (guards/event-budget.ts) before anything parses it. Over budget: dropped, or marked and refused by
//    rooms/over-budget.ts.
// 2. Without an ack: transport/signal-fast-path.ts reads and validates the packet text and hands the signal to
//    relayFastSignal here. Anything else (an ack, a packet it does not recognise, a payload that fails validation)
//    is decoded by Socket.IO and routed by rooms/handlers.ts to relaySignal here.
// 3. routeSignal decides where it goes: the whole room, one member on this process, or a member the store knows
//    on another process; or it refuses (NOT_IN_ROOM, PEER_NOT_FOUND).
// 4. Delivery: a member on this process gets the packet written to its connection already encoded on the fast
//    path (transport/direct-write.ts, which the slow-reader cap still sees), through Socket.IO's
//    emit on the ordinary path; the room and other processes always go through Socket.IO. Either way the object
//    on the wire is outgoingSignal's.
// This is the hot path: synchronous when the target is on this process, no logging, counters only.
import { SignalingError, toWireError } from "../errors.js";
import { ErrorCode, type RoomCode, type SignalEvent, type SignalPayloads } from "../protocol.js";
import { writeEncoded } from "../transport/direct-write.js";
import { encodeEvent } from "../transport/json-only-parser.js";
import type { SignalingSocket } from "../types.js";
import { reply, splitArgs, type AckFn } from "./ack.js";
import { logFault, type HandlerContext } from "./context.js";
import { parseSignal } from "./validate.js";

/** The field that carries each event's signal. */
const SIGNAL_FIELD = { offer: "offer", answer: "answer", ice_candidate: "candidate" } as const;

type Emit = (event: SignalEvent, msg: unknown) => void;
type Signal = SignalPayloads[SignalEvent];

/** Where one signal goes. */
type Route =
  | { to: "room"; code: RoomCode }
  | { to: "member"; code: RoomCode; target: SignalingSocket }
  /** Not a socket of this process: a member elsewhere if the store says so (several processes over an adapter). */
  | { to: "elsewhere"; code: RoomCode; id: string };

/** The ordinary path: a signal as Socket.IO decoded it, `[payload, ack?]`. */
export function relaySignal(ctx: HandlerContext, socket: SignalingSocket, event: SignalEvent, args: unknown[]): void {
  const { payload, ack } = splitArgs(args);
  try {
    const msg = parseSignal(event, payload);
    deliver(ctx, socket, event, msg, routeSignal(ctx, socket, event, msg), ack);
  } catch (err) {
    refuse(ctx, socket, event, ack, err);
  }
}

/**
 * The fast path: a signal without an ack, already validated from the packet text, one tick after it was read
 * (the depth at which the ordinary path handles an event, so a connection's packets keep their order).
 */
export function relayFastSignal(ctx: HandlerContext, socket: SignalingSocket, event: SignalEvent, msg: Signal): void {
  if (!socket.connected) return; // Socket.IO ignores packets received after the disconnection
  try {
    const route = routeSignal(ctx, socket, event, msg);
    if (route.to !== "member") {
      deliver(ctx, socket, event, msg, route, undefined);
      return;
    }
    writeEncoded(route.target.conn, encodeEvent(event, outgoingSignal(event, route.code, msg, socket.id)));
    ctx.metrics.forwarded(event);
  } catch (err) {
    refuse(ctx, socket, event, undefined, err);
  }
}

/** The forwarding rule: the room is the sender's room in server state, and `to` must be another member of it. */
function routeSignal(ctx: HandlerContext, socket: SignalingSocket, event: SignalEvent, msg: Signal): Route {
  const code = socket.data.code;
  if (code === undefined) throw new SignalingError(ErrorCode.NOT_IN_ROOM, `join a room before sending ${event}`);
  if (msg.room_code !== code)
    throw new SignalingError(ErrorCode.NOT_IN_ROOM, "room_code does not name the room this connection is in");
  const id = msg.to;
  if (id === undefined) return { to: "room", code };
  if (id === socket.id) throw peerNotFound(id);
  const target = ctx.io.sockets.sockets.get(id);
  if (target === undefined) return { to: "elsewhere", code, id };
  if (target.data.code !== code) throw peerNotFound(id);
  return { to: "member", code, target };
}

/** Delivery through Socket.IO. */
function deliver(
  ctx: HandlerContext,
  socket: SignalingSocket,
  event: SignalEvent,
  msg: Signal,
  route: Route,
  ack: AckFn | undefined,
): void {
  const out = outgoingSignal(event, route.code, msg, socket.id);
  switch (route.to) {
    case "room":
      (socket.to(route.code).emit as Emit)(event, out);
      break;
    case "member":
      // Straight to the socket: no room lookup, no broadcast machinery.
      (route.target.emit as Emit)(event, out);
      break;
    case "elsewhere":
      void deliverElsewhere(ctx, socket, event, route, out, ack);
      return;
  }
  delivered(ctx, event, ack);
}

async function deliverElsewhere(
  ctx: HandlerContext,
  socket: SignalingSocket,
  event: SignalEvent,
  route: { code: RoomCode; id: string },
  out: Record<string, unknown>,
  ack: AckFn | undefined,
): Promise<void> {
  try {
    if (!(await ctx.rooms.findMember(route.code, route.id))) throw peerNotFound(route.id);
    (ctx.io.to(route.id).emit as Emit)(event, out);
    delivered(ctx, event, ack);
  } catch (err) {
    refuse(ctx, socket, event, ack, err);
  }
}

/**
 * What the other members receive: built field by field, so only the protocol's fields travel, and `from` is
 * always the real sender.
 */
function outgoingSignal(event: SignalEvent, code: RoomCode, msg: Signal, from: string): Record<string, unknown> {
  const field = SIGNAL_FIELD[event];
  const out: Record<string, unknown> = { room_code: code, [field]: (msg as unknown as Record<string, unknown>)[field] };
  if (msg.to !== undefined) out.to = msg.to;
  out.from = from;
  return out;
}

function peerNotFound(to: string): SignalingError {
  return new SignalingError(ErrorCode.PEER_NOT_FOUND, `no other member of this room has id ${to.slice(0, 32)}`);
}

function delivered(ctx: HandlerContext, event: SignalEvent, ack: AckFn | undefined): void {
  ctx.metrics.forwarded(event);
  ack?.({ ok: true });
}

function refuse(
  ctx: HandlerContext,
  socket: SignalingSocket,
  event: SignalEvent,
  ack: AckFn | undefined,
  err: unknown,
): void {
  const error = toWireError(err);
  if (error.code === ErrorCode.INTERNAL) logFault(ctx, socket, event, err);
  ctx.metrics.refused(event, error.code);
  reply(socket, ack, "signal_error", { ok: false, event, error });
}
