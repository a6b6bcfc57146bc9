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

/** What the slow-reader cap reports: a method of the connection's own object, not a closure per connection. */
export interface SlowReaderReport {
  onSlowReader(queued: number): void;
}

interface QueueState {
  /** Bytes of the packets in Engine.IO's write buffer. */
  buffered: number;
  over: boolean;
  readonly maxBytes: number;
  readonly report: SlowReaderReport;
}

const queues = new WeakMap<EngineSocket, QueueState>();

/**
 * Caps the bytes waiting to be sent to one connection. They wait in two places: Engine.IO's own write buffer
 * (every packet while the transport is not writable: a websocket whose last write has not reached the kernel, a
 * polling client that has not come back for them) and, on websocket, what `ws` has handed to a socket the
 * kernel no longer takes (`bufferedAmount`). Over `maxBytes` the connection is cut off at once: its queue is
 * freed, its page reconnects and reclaims its slot with its token.
 */
export function capQueuedBytes(raw: EngineSocket, maxBytes: number, report: SlowReaderReport): void {
  queues.set(raw, { buffered: 0, over: false, maxBytes, report });
  raw.on("packetCreate", countQueued);
}

/** Engine.IO's "packetCreate" (one listener function for every connection, called with the socket as `this`). */
function countQueued(this: EngineSocket, packet: { data?: unknown }): void {
  const queue = queues.get(this);
  if (queue === undefined) return;
  // It fires before the packet joins the write buffer: an empty buffer means all counted so far went to the transport.
  if ((this as unknown as EngineState).writeBuffer.length === 0) queue.buffered = 0;
  const data = packet.data;
  queue.buffered += typeof data === "string" ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
  checkQueued(this, queue);
}

function checkQueued(raw: EngineSocket, queue: QueueState): void {
  const queued = queue.buffered + (transportOf(raw).socket?.bufferedAmount ?? 0);
  if (queued > queue.maxBytes && !queue.over) {
    queue.over = true;
    queue.report.onSlowReader(queued);
    cutOff(raw);
  }
}

/** Engine.IO's side of a socket, as far as these guards read it. */
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
  const queue = queues.get(raw);
  if (queue !== undefined) checkQueued(raw, queue);
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
export function guardPolling(
  raw: EngineSocket,
  maxPackets: number,
  report: { onPollingRefused(why: string): void },
): void {
  const transport = transportOf(raw);
  if (transport.name !== "polling") return;
  const onData = transport.onData.bind(transport);
  transport.onData = (data: unknown) => {
    if (typeof data === "string" && countPackets(data, maxPackets) > maxPackets) {
      report.onPollingRefused("too many packets in one request");
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
      report.onPollingRefused("request too large");
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
