// remove_peer, codecam's addition to the shared contract (docs/PROTOCOL.md "Where codecam differs"): the room's
// camera takes one member out. The store drops the member and bans its reclaim token for the code's life; the
// process holding the member's socket takes it out of the room and tells it `removed`; the others hear `peer_left`.
import { SignalingError, toWireError } from "../errors.js";
import { maskCode } from "../observability/log.js";
import { ErrorCode, type RoomCode } from "../protocol.js";
import type { SignalingSocket } from "../types.js";
import { splitArgs } from "./ack.js";
import { logFault, type HandlerContext } from "./context.js";
import { parseRemovePeer } from "./validate.js";

/** Like leave_room, the reply goes to the ack alone: without one the camera hears nothing back either way. */
export async function onRemovePeer(ctx: HandlerContext, socket: SignalingSocket, args: unknown[]): Promise<void> {
  const { payload, ack } = splitArgs(args);
  try {
    const req = parseRemovePeer(payload);
    const code = socket.data.code;
    if (code === undefined || req.code !== code) {
      throw new SignalingError(ErrorCode.NOT_IN_ROOM, `not in room ${req.code.slice(0, 16)}`);
    }
    if (socket.data.role !== "camera") {
      throw new SignalingError(ErrorCode.BAD_REQUEST, "only the room's camera can remove a member");
    }
    const member = req.id === socket.id ? undefined : await ctx.rooms.remove(code, req.id);
    if (member === undefined) {
      throw new SignalingError(ErrorCode.PEER_NOT_FOUND, `no other member of this room has id ${req.id.slice(0, 32)}`);
    }
    const local = ctx.io.sockets.sockets.get(member.id);
    // Taken out of the room before peer_left goes out, so it does not hear of its own leaving. On another
    // process the request travels over the adapter's ordered stream, ahead of the peer_left broadcast.
    if (local) takeOut(ctx, local, code);
    else if (ctx.sharedStore) ctx.io.serverSideEmit("remove_member", code, member.id);
    ctx.io.to(code).emit("peer_left", { id: member.id, type: member.role });
    ctx.log.info({ sid: socket.id, code: maskCode(code), removed: member.id }, "remove");
    ack?.({ ok: true });
  } catch (err) {
    const error = toWireError(err);
    if (error.code === ErrorCode.INTERNAL) logFault(ctx, socket, "remove_peer", err);
    ack?.({ ok: false, error });
  }
}

/** Another process removed member `id` of `code`: if its socket is here, it is taken out. */
export function onRemoveMember(ctx: HandlerContext, code: RoomCode, id: string): void {
  const socket = ctx.io.sockets.sockets.get(id);
  if (socket) takeOut(ctx, socket, code);
}

/** The removed member's socket leaves the room and stays connected; it may join again without its token. */
function takeOut(ctx: HandlerContext, socket: SignalingSocket, code: RoomCode): void {
  if (socket.data.code !== code) return;
  delete socket.data.code;
  delete socket.data.role;
  delete socket.data.token;
  void socket.leave(code);
  socket.emit("removed", { code });
  ctx.log.info({ sid: socket.id, code: maskCode(code) }, "removed");
}
