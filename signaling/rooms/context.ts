// What every socket handler works with, and the fault logging they all share.
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/log.js";
import type { LimitedLog } from "../observability/log-throttle.js";
import type { Metrics } from "../observability/metrics.js";
import type { JoinGuard } from "../guards/join-guard.js";
import type { RoomStore } from "../store/store.js";
import type { SignalingIo, SignalingSocket } from "../types.js";

export interface HandlerContext {
  config: Readonly<Config>;
  io: SignalingIo;
  rooms: RoomStore;
  /** The store is shared by several processes: a member may be connected to another one. */
  sharedStore: boolean;
  joinGuard: JoinGuard;
  metrics: Metrics;
  log: Logger;
  /** For refusals an attacker can repeat at will: one line per address per window, with a count. */
  limitedLog: LimitedLog;
  /**
   * Leaves still on their way to the store. A graceful stop waits for them before it closes the store, so the
   * room-mates of this process's sockets hear peer_left at once, wherever they are connected.
   */
  leaving: Set<Promise<void>>;
}

export function logFault(ctx: HandlerContext, socket: SignalingSocket, event: string, err: unknown): void {
  ctx.log.error({ sid: socket.id, ip: socket.data.ip, event, err }, "handler fault");
}
