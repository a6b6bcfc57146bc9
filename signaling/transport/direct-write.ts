// The signal hot path's write: one encoded packet to a connection past Engine.IO's packet machinery, seen by the
// slow-reader cap as every other write is.
import type { Socket as EngineSocket } from "engine.io";
import { checkQueued } from "../guards/slow-reader.js";
import { sendPastEngine } from "./engine-internals.js";

/**
 * Writes one encoded Socket.IO packet to a connection. On a websocket with nothing waiting in Engine.IO's write
 * buffer it goes to `ws` at once, as the Engine.IO message it would become (type "4"): Engine.IO's packet
 * object, its events and its write callback are skipped, and the order holds, since whatever Engine.IO handed
 * to `ws` before is ahead of it and nothing of Engine.IO's waits behind. Otherwise (polling, an upgrade, packets
 * waiting for a slow reader) it joins Engine.IO's buffer as Socket.IO's own writes do. Either way the
 * slow-reader cap sees it.
 */
export function writeEncoded(raw: EngineSocket, packet: string): void {
  const sent = sendPastEngine(raw, packet);
  if (sent === "buffer") raw.write(packet);
  else if (sent === "sent") checkQueued(raw);
}
