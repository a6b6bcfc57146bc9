// Guards at the Engine.IO layer, under Socket.IO: bytes waiting for a slow reader, packets per polling request,
// an oversized polling request, and the two ways of stopping a flooder (stop reading, cut off); and the signal
// hot path's write past Engine.IO's buffer, which the slow-reader cap must still see.
// They reach into engine.io 6 where it offers no option (read against node_modules/engine.io/build).
import type { Socket as EngineSocket } from "engine.io";

/** The parts of an Engine.IO transport these guards use. `socket` is the `ws` WebSocket on the websocket transport. */
interface Transport {
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

function transportOf(raw: EngineSocket): Transport {
  return raw.transport as unknown as Transport;
}

/**
 * Caps the bytes waiting to be sent to one connection. They wait in two places: Engine.IO's own write buffer
 * (every packet while the transport is not writable: a websocket whose last write has not reached the kernel, a
 * polling client that has not come back for them) and, on websocket, what `ws` has handed to a socket the
 * kernel no longer takes (`bufferedAmount`). Over `maxBytes` the connection is cut off at once: its queue is
 * freed, its page reconnects and reclaims its slot with its token.
 */
export function capQueuedBytes(raw: EngineSocket, maxBytes: number, onOver: (queued: number) => void): void {
  let buffered = 0;
  let over = false;
  const check = () => {
    const queued = buffered + (transportOf(raw).socket?.bufferedAmount ?? 0);
    if (queued > maxBytes && !over) {
      over = true;
      onOver(queued);
      cutOff(raw);
    }
  };
  // "packetCreate" fires for every packet pushed to writeBuffer; "flush" when the whole buffer moves to the transport.
  raw.on("packetCreate", (packet: { data?: unknown }) => {
    const data = packet.data;
    buffered += typeof data === "string" ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
    check();
  });
  raw.on("flush", () => {
    buffered = 0;
  });
  queueChecks.set(raw, check);
}

const queueChecks = new WeakMap<EngineSocket, () => void>();

/** Engine.IO's side of a socket, as far as writeEncoded reads it. */
interface EngineState {
  readyState: string;
  writeBuffer: unknown[];
  transport: Transport;
}

/**
 * Writes one encoded Socket.IO packet to a connection. On a websocket with nothing waiting in Engine.IO's write
 * buffer it goes to `ws` at once, as the Engine.IO message it would become (type "4"): Engine.IO's packet
 * object, its events and its write callback are skipped, and the order holds, since whatever Engine.IO handed
 * to `ws` before is ahead of it and nothing of Engine.IO's waits behind. Otherwise (polling, an upgrade, packets
 * waiting for a slow reader) it joins Engine.IO's buffer as Socket.IO's own writes do. Either way the
 * slow-reader cap sees it.
 */
export function writeEncoded(raw: EngineSocket, packet: string): void {
  const engine = raw as unknown as EngineState;
  if (engine.readyState !== "open") return;
  const ws = engine.transport.socket;
  if (engine.transport.name !== "websocket" || ws === undefined || engine.writeBuffer.length > 0) {
    raw.write(packet);
    return;
  }
  if (ws.readyState !== WS_OPEN) return;
  ws.send(`4${packet}`);
  queueChecks.get(raw)?.();
}

/** `ws`'s WebSocket.OPEN. */
const WS_OPEN = 1;

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
 * Long-polling: a POST may carry many packets (separated by \x1e), which Engine.IO would decode one by one.
 * One with more than `maxPackets` closes the session before any is decoded. And a POST over the size limit,
 * answered 413 by Engine.IO, closes its session too, as an oversized websocket frame does.
 */
export function guardPolling(raw: EngineSocket, maxPackets: number, onRefused: (why: string) => void): void {
  const transport = transportOf(raw);
  if (transport.name !== "polling") return;
  const onData = transport.onData.bind(transport);
  transport.onData = (data: unknown) => {
    if (typeof data === "string" && countPackets(data, maxPackets) > maxPackets) {
      onRefused("too many packets in one request");
      transport.onError("too many packets in one request");
      return;
    }
    onData(data);
  };
  const onDataRequest = transport.onDataRequest?.bind(transport);
  if (!onDataRequest) return;
  transport.onDataRequest = (req, res) => {
    res.once("finish", () => {
      if (res.statusCode !== 413) return;
      onRefused("request too large");
      transport.onError("request too large");
    });
    onDataRequest(req, res);
  };
}

/** Packets in a polling payload, counted up to `limit + 1` without splitting it. */
function countPackets(payload: string, limit: number): number {
  let n = 1;
  for (let i = payload.indexOf("\x1e"); i !== -1 && n <= limit; i = payload.indexOf("\x1e", i + 1)) n++;
  return n;
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
