// Stopping one Engine.IO connection: cut it off, stop reading from it for a while, or close it for a restart.
import type { Socket as EngineSocket } from "engine.io";
import { websocketOf } from "./engine-internals.js";

/** Closes the connection now, freeing what is queued for it instead of waiting for a peer that does not read. */
export function cutOff(raw: EngineSocket): void {
  const ws = websocketOf(raw);
  if (ws) ws.terminate();
  else raw.close(true);
}

/** Stops reading from a websocket for `ms`: the kernel buffers fill and TCP makes the sender wait. */
export function pauseReading(raw: EngineSocket, ms: number): void {
  const ws = websocketOf(raw);
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
  const ws = websocketOf(raw);
  if (ws) ws.close(1001, "server shutting down");
  else raw.close();
}
