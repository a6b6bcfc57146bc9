// The WebSocket engine under Engine.IO: `ws` itself, except that the frames written to one connection during one
// tick of the event loop leave in one write to the kernel instead of one each.
//
// Why: a signaling server's messages are small, so its cost per message is mostly the system call and the
// per-write work of Node's stream, not the bytes (writev was the largest self time in a CPU profile under load).
// Several frames for one connection in one tick are common: a burst of ICE candidates forwarded from one read,
// Socket.IO's CONNECT answer followed by `connected`, a join's ack with `peer_joined` to the same room-mate, and
// Engine.IO's write buffer, which it hands to the transport as a batch of frames once the previous write is done.
// The cork is lifted in process.nextTick, after the current task's own ticks, so nothing waits on a timer and a
// lone frame goes out as soon as it would have (the handlers themselves run a tick after decoding).
import type { Socket as NetSocket } from "node:net";
import { WebSocket, WebSocketServer, type ServerOptions } from "ws";
import { tcpSocketOf } from "./engine-internals.js";

function uncork(socket: NetSocket): void {
  socket.uncork();
}

export class CorkedWebSocket extends WebSocket {
  // Both of ws's overloads (with and without options) pass through as they came.
  override send(...args: unknown[]): void {
    // `ws` corks around each frame it writes and lifts that at once; a count still above 0 is this tick's cork.
    const socket = tcpSocketOf(this);
    if (socket !== null && this.readyState === WebSocket.OPEN && socket.writableCorked === 0) {
      socket.cork();
      process.nextTick(uncork, socket);
    }
    (super.send as (...a: unknown[]) => void).apply(this, args);
  }
}

/** Engine.IO's `wsEngine`: the `ws` server, making CorkedWebSocket connections. */
export class CorkedWebSocketServer extends WebSocketServer {
  constructor(options?: ServerOptions, callback?: () => void) {
    super({ ...options, WebSocket: CorkedWebSocket }, callback);
  }
}
