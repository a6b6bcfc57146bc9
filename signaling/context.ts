// What every socket handler works with, and the two steps they all share: the event budget and fault logging.
import type { Config } from "./config.js";
import { SignalingError, retryMessage } from "./errors.js";
import type { Logger } from "./log.js";
import type { Metrics } from "./metrics.js";
import { ErrorCode } from "./protocol.js";
import type { JoinGuard } from "./rate-limit.js";
import type { RoomStore } from "./store.js";
import type { SignalingIo, SignalingSocket } from "./types.js";

export interface HandlerContext {
  config: Readonly<Config>;
  io: SignalingIo;
  rooms: RoomStore;
  joinGuard: JoinGuard;
  metrics: Metrics;
  log: Logger;
}

/** The per-socket event budget; a refusal says when to retry. */
export function takeEventToken(ctx: HandlerContext, socket: SignalingSocket): void {
  const bucket = socket.data.bucket;
  if (bucket.take()) return;
  ctx.metrics.rateLimited("socket");
  throw new SignalingError(ErrorCode.RATE_LIMITED, retryMessage("too many messages on this connection", bucket.msUntilNext()));
}

export function logFault(ctx: HandlerContext, socket: SignalingSocket, event: string, err: unknown): void {
  ctx.log.error({ sid: socket.id, ip: socket.data.ip, event, err }, "handler fault");
}
