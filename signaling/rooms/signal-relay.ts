// offer / answer / ice_candidate: the forwarding rule of docs/PROTOCOL.md (skip-sender, optional `to`, room from
// server state). This is the hot path: synchronous when the target is on this process, no logging, counters only.
import { reply, splitArgs, type AckFn } from "./ack.js";
import { SignalingError, toWireError } from "../errors.js";
import { logFault, type HandlerContext } from "./context.js";
import { ErrorCode, type RoomCode, type SignalEvent, type SignalPayloads } from "../protocol.js";
import type { SignalingSocket } from "../types.js";
import { parseSignal } from "./validate.js";

/** The field that carries each event's signal. */
const SIGNAL_FIELD = { offer: "offer", answer: "answer", ice_candidate: "candidate" } as const;

type Emit = (event: SignalEvent, msg: unknown) => void;

export function relaySignal(ctx: HandlerContext, socket: SignalingSocket, event: SignalEvent, args: unknown[]): void {
  const { payload, ack } = splitArgs(args);
  try {
    const msg = parseSignal(event, payload);
    const code = socket.data.code;
    if (code === undefined) throw new SignalingError(ErrorCode.NOT_IN_ROOM, `join a room before sending ${event}`);
    if (msg.room_code !== code)
      throw new SignalingError(ErrorCode.NOT_IN_ROOM, "room_code does not name the room this connection is in");

    const out = outgoingSignal(event, code, msg, socket.id);
    if (msg.to === undefined) {
      (socket.to(code).emit as Emit)(event, out);
      delivered(ctx, event, ack);
      return;
    }
    const target = msg.to === socket.id ? undefined : ctx.io.sockets.sockets.get(msg.to);
    if (target) {
      if (target.data.code !== code) throw peerNotFound(msg.to);
      // Straight to the socket: no room lookup, no broadcast machinery.
      (target.emit as Emit)(event, out);
      delivered(ctx, event, ack);
      return;
    }
    if (msg.to === socket.id) throw peerNotFound(msg.to);
    // Not on this process: the store knows whether it is a member elsewhere (several processes over an adapter).
    void relayRemote(ctx, socket, event, code, msg, out, ack);
  } catch (err) {
    refuse(ctx, socket, event, ack, err);
  }
}

async function relayRemote(
  ctx: HandlerContext,
  socket: SignalingSocket,
  event: SignalEvent,
  code: RoomCode,
  msg: SignalPayloads[SignalEvent],
  out: Record<string, unknown>,
  ack: AckFn | undefined,
): Promise<void> {
  try {
    const to = msg.to as string;
    if (!(await ctx.rooms.findMember(code, to))) throw peerNotFound(to);
    (ctx.io.to(to).emit as Emit)(event, out);
    delivered(ctx, event, ack);
  } catch (err) {
    refuse(ctx, socket, event, ack, err);
  }
}

/**
 * What the other members receive: built field by field, so only the protocol's fields travel, and `from` is
 * always the real sender.
 */
export function outgoingSignal(
  event: SignalEvent,
  code: RoomCode,
  msg: SignalPayloads[SignalEvent],
  from: string,
): Record<string, unknown> {
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
