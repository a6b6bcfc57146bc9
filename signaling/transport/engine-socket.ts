// One Engine.IO connection as the layers above use it: its transport's websocket, its write buffer, and the ways of
// stopping reading from it and closing it. They reach into engine.io 6 where it offers
// no option (read against node_modules/engine.io/build).
import type { Socket as EngineSocket } from "engine.io";

/** The parts of an Engine.IO transport these guards use. `socket` is the `ws` WebSocket on the websocket transport. */
export interface Transport {
  name: string;
  socket?: {
    bufferedAmount: number;
    readyState: number;
    send(data: string): void;
    pause(): void;
    resume(): void;
    terminate(): void;
    isPaused: boolean;
  };
  onData(data: unknown): void;
  onDataRequest?(req: unknown, res: { once(ev: "finish", fn: () => void): void; statusCode: number }): void;
  onError(msg: string, desc?: string): void;
}

export function transportOf(raw: EngineSocket): Transport {
  return raw.transport as unknown as Transport;
}

/** Engine.IO's side of a socket, as far as these guards read it. */
export interface EngineState {
  readyState: string;
  writeBuffer: unknown[];
  transport: Transport;
}

/** Packets waiting in Engine.IO's own write buffer: 0 once it has handed them all to the transport. */
export function writeBufferLength(raw: EngineSocket): number {
  return (raw as unknown as EngineState).writeBuffer.length;
}

/** Bytes `ws` holds for a socket the kernel no longer takes (websocket only; 0 on polling). */
export function socketBufferedAmount(raw: EngineSocket): number {
  return transportOf(raw).socket?.bufferedAmount ?? 0;
}

/** Closes the connection now, freeing what is queued for it instead of waiting for a peer that does not read. */
export function cutOff(raw: EngineSocket): void {
  const transport = transportOf(raw);
  if (transport.socket) transport.socket.terminate();
  else raw.close(true);
}

/** Stops reading from a websocket for `ms`: the kernel buffers fill and TCP makes the sender wait. */
export function pauseReading(raw: EngineSocket, ms: number): void {
  const ws = transportOf(raw).socket;
  if (!ws || ws.isPaused) return;
  ws.pause();
  const timer = setTimeout(() => ws.resume(), ms);
  raw.once("close", () => clearTimeout(timer));
}

/**
 * Shutdown: closes the connection so that the client reconnects at once (to this address once the server is
 * back, or elsewhere behind a balancer). A websocket gets close code 1001 "going away" (Engine.IO's own close
 * sends none, which clients see as 1005); a polling client gets Engine.IO's close packet in its poll.
 */
export function closeForRestart(raw: EngineSocket): void {
  const ws = transportOf(raw).socket as { close?(code: number, reason: string): void } | undefined;
  if (ws?.close) ws.close(1001, "server shutting down");
  else raw.close();
}
