// Socket lifecycle and room membership: connect, ping, join_room, leave_room, disconnect; remove_peer is in
// remove-peer.ts and the signals in signal-relay.ts.
import { reply, splitArgs } from "./ack.js";
import { logFault, type HandlerContext } from "./context.js";
import { SignalingError, toWireError } from "../errors.js";
import { maskCode } from "../observability/log.js";
import { overBudget } from "../transport/engine-internals.js";
import { refuseOverBudget } from "./over-budget.js";
import { ErrorCode, isSignalEvent, type JoinRoomSuccess, type Role, type RoomCode } from "../protocol.js";
import { onRemovePeer, onRemoveMember } from "./remove-peer.js";
import { relaySignal } from "./signal-relay.js";
import type { SignalingSocket } from "../types.js";
import { parseJoinRoom, parseLeaveRoom } from "./validate.js";

/**
 * Wires every client event of a new socket. Socket state (ip) is set by the connection middleware, and the event
 * budget is judged before any of these run (guards/event-budget.ts).
 *
 * The events are routed by one middleware per socket instead of a listener per event: an idle socket then
 * carries one closure, not one per event, and a handled event skips Socket.IO's extra tick and emit. An event
 * the protocol does not have goes on to Socket.IO, where nothing listens for it.
 */
export function registerHandlers(ctx: HandlerContext): void {
  ctx.io.on("connection", (socket) => {
    ctx.log.info({ sid: socket.id, ip: socket.data.ip, transport: socket.conn.transport.name }, "connect");
    socket.emit("connected", { message: "connected to codecam signaling", id: socket.id });
    socket.use((event, next) => route(ctx, socket, event, next));
    socket.on("disconnect", (reason) => onDisconnect(ctx, socket, reason));
  });
  ctx.io.on("remove_member", (code, id) => onRemoveMember(ctx, code, id));
}

/** One client event, as Socket.IO's middleware sees it: [name, ...args, ack?], one tick after it was decoded. */
function route(ctx: HandlerContext, socket: SignalingSocket, event: unknown[], next: (err?: Error) => void): void {
  if (!socket.connected) return; // Socket.IO ignores packets received after the disconnection
  const name = event[0];
  const retryMs = overBudget(event);
  if (retryMs !== undefined) {
    ctx.metrics.rateLimited("socket");
    if (isSignalEvent(name)) ctx.metrics.refused(name, ErrorCode.RATE_LIMITED);
    refuseOverBudget(socket, event, retryMs);
    return;
  }
  const args = event.slice(1);
  switch (name) {
    case "ping":
      onPing(socket, args);
      return;
    case "join_room":
      void onJoinRoom(ctx, socket, args);
      return;
    case "leave_room":
      void onLeaveRoom(ctx, socket, args);
      return;
    case "remove_peer":
      void onRemovePeer(ctx, socket, args);
      return;
    default:
      if (isSignalEvent(name)) relaySignal(ctx, socket, name, args);
      else next();
  }
}

function onDisconnect(ctx: HandlerContext, socket: SignalingSocket, reason: string): void {
  ctx.log.info({ sid: socket.id, ip: socket.data.ip, reason }, "disconnect");
  const leave = leaveCurrentRoom(ctx, socket).catch((err: unknown) => logFault(ctx, socket, "disconnect", err));
  ctx.leaving.add(leave);
  void leave.finally(() => ctx.leaving.delete(leave));
}

function onPing(socket: SignalingSocket, args: unknown[]): void {
  const { ack } = splitArgs(args);
  reply(socket, ack, "pong", { message: "Pong!", serverTime: Date.now() });
}

async function onJoinRoom(ctx: HandlerContext, socket: SignalingSocket, args: unknown[]): Promise<void> {
  const { payload, ack } = splitArgs(args);
  let reserved: string | undefined;
  let counted = false;
  try {
    reserved = await ctx.joinGuard.reserve(socket.data.ipKey).catch((err: unknown) => {
      ctx.limitedLog.note(socket.data.ipKey, "join rate-limited", { ip: socket.data.ip });
      throw err;
    });
    if (socket.data.code !== undefined || socket.data.joining) {
      throw new SignalingError(ErrorCode.ALREADY_IN_ROOM, "this connection is already in a room; leave it first");
    }
    let req;
    try {
      req = parseJoinRoom(payload);
    } catch (err) {
      counted = err instanceof SignalingError && err.code === ErrorCode.INVALID_CODE;
      throw err;
    }
    socket.data.joining = true;
    try {
      const success = await joinRoom(ctx, socket, req.code, req.type, req.token);
      if (success.ok) {
        reply(socket, ack, "join_room_success", success);
        socket.to(req.code).emit("peer_joined", { id: socket.id, type: req.type });
        // The socket went away while the store was answering: its disconnect found no room to leave.
        if (!socket.connected) await leaveCurrentRoom(ctx, socket);
        return;
      }
      counted = success.counted;
      throw success.error;
    } finally {
      socket.data.joining = false;
    }
  } catch (err) {
    const error = toWireError(err);
    if (error.code === ErrorCode.INTERNAL) logFault(ctx, socket, "join_room", err);
    ctx.metrics.joins(error.code);
    reply(socket, ack, "join_room_error", { ok: false, error });
  } finally {
    if (reserved !== undefined && !counted) {
      await ctx.joinGuard
        .release(socket.data.ipKey, reserved)
        .catch((err: unknown) => logFault(ctx, socket, "join_room", err));
    }
  }
}

type JoinOutcome = JoinRoomSuccess | { ok: false; error: SignalingError; counted: boolean };

async function joinRoom(
  ctx: HandlerContext,
  socket: SignalingSocket,
  code: RoomCode,
  role: Role,
  token: string | undefined,
): Promise<JoinOutcome> {
  const result = await ctx.rooms.join({ code, role, socketId: socket.id, ...(token === undefined ? {} : { token }) });
  if (!result.ok) {
    ctx.log.info(
      { sid: socket.id, ip: socket.data.ip, code: maskCode(code), role, result: result.reason },
      "join refused",
    );
    if (result.reason === "REMOVED") {
      // Not a guess: only a member of the room ever held the token.
      return {
        ok: false,
        counted: false,
        error: new SignalingError(
          ErrorCode.NOT_IN_ROOM,
          `the camera of room ${code} removed the member this token belonged to; join without the token`,
        ),
      };
    }
    if (result.reason === "CODE_NOT_FOUND") {
      return {
        ok: false,
        counted: true,
        error: new SignalingError(
          ErrorCode.CODE_NOT_FOUND,
          `no room with code ${code}: it was never issued, or it expired`,
        ),
      };
    }
    const slot = role === "camera" ? "room already has a camera" : `room already has ${ctx.config.maxViewers} viewers`;
    return { ok: false, counted: result.wrongToken, error: new SignalingError(ErrorCode.ROOM_FULL, slot) };
  }

  if (result.replaced) evictStale(ctx, code, result.replaced.id, result.replaced.role);
  await socket.join(code);
  socket.data.code = code;
  socket.data.role = role;
  socket.data.token = result.member.token;
  ctx.metrics.joins(result.replaced ? "reclaimed" : "ok");
  ctx.log.info(
    { sid: socket.id, ip: socket.data.ip, code: maskCode(code), role, reclaimed: result.replaced?.id },
    "join",
  );
  return { ok: true, code, type: role, id: socket.id, token: result.member.token, peers: result.peers };
}

/**
 * A reclaim took this member's slot: the others hear it left (exactly once: the store no longer lists it, so its
 * own disconnect later finds nothing to announce), then it is cut off, wherever it is connected.
 */
function evictStale(ctx: HandlerContext, code: RoomCode, staleId: string, role: Role): void {
  ctx.io.in(staleId).socketsLeave(code);
  ctx.io.to(code).emit("peer_left", { id: staleId, type: role });
  ctx.io.in(staleId).disconnectSockets(true);
}

async function onLeaveRoom(ctx: HandlerContext, socket: SignalingSocket, args: unknown[]): Promise<void> {
  const { payload, ack } = splitArgs(args);
  try {
    const req = parseLeaveRoom(payload);
    const current = socket.data.code;
    if (current === undefined || (req !== undefined && req.code !== current)) {
      throw new SignalingError(ErrorCode.NOT_IN_ROOM, req ? `not in room ${req.code}` : "not in a room");
    }
    await leaveCurrentRoom(ctx, socket);
    ack?.({ ok: true });
  } catch (err) {
    const error = toWireError(err);
    if (error.code === ErrorCode.INTERNAL) logFault(ctx, socket, "leave_room", err);
    // docs/PROTOCOL.md: without an ack, nothing is sent back to the leaver either way.
    ack?.({ ok: false, error });
  }
}

/** Takes the socket out of its room, if any, and tells the others. */
async function leaveCurrentRoom(ctx: HandlerContext, socket: SignalingSocket): Promise<void> {
  const code = socket.data.code;
  if (code === undefined) return;
  delete socket.data.code;
  delete socket.data.role;
  delete socket.data.token;
  void socket.leave(code);
  const member = await ctx.rooms.leave(code, socket.id);
  if (member) ctx.io.to(code).emit("peer_left", { id: member.id, type: member.role });
  ctx.log.info({ sid: socket.id, code: maskCode(code), announced: member !== undefined }, "leave");
}
