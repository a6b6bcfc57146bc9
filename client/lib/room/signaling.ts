// connectSignaling(): the typed Socket.IO client every page uses.
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "../../../signaling/protocol.js";

export type SignalingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens the signaling socket to the page's own origin. WebSocket first (one round trip less than
 * polling → upgrade); polling is the fallback for networks that block WebSocket, which socket.io-client only
 * tries with `tryAllTransports` (without it, a failed websocket is retried as a websocket forever).
 * Reconnects with jittered backoff; rejoining the room with its token is the caller's job.
 */
export function connectSignaling(
  opts: { autoConnect?: boolean; transports?: Array<"websocket" | "polling"> } = {},
): SignalingSocket {
  return io({
    // /socket-test passes ["polling", "websocket"] to show the upgrade; pages keep WebSocket first.
    transports: opts.transports ?? ["websocket", "polling"],
    tryAllTransports: true,
    autoConnect: opts.autoConnect ?? true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    randomizationFactor: 0.5,
    timeout: 10_000,
  });
}
