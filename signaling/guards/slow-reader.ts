// The slow-reader cap: bytes waiting to be sent to one connection, counted as Engine.IO creates its packets and
// as the signal hot path writes past Engine.IO; over the cap the connection is cut off.
import type { Socket as EngineSocket } from "engine.io";
import { cutOff } from "../transport/connection-control.js";
import { websocketOf, writeBufferLength } from "../transport/engine-internals.js";

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
  if (writeBufferLength(this) === 0) queue.buffered = 0;
  const data = packet.data;
  queue.buffered += typeof data === "string" ? data.length : data instanceof Uint8Array ? data.byteLength : 0;
  check(this, queue);
}

/** Checks the cap after a write that went past Engine.IO's buffer (writeEncoded). */
export function checkQueued(raw: EngineSocket): void {
  const queue = queues.get(raw);
  if (queue !== undefined) check(raw, queue);
}

function check(raw: EngineSocket, queue: QueueState): void {
  const queued = queue.buffered + (websocketOf(raw)?.bufferedAmount ?? 0);
  if (queued > queue.maxBytes && !queue.over) {
    queue.over = true;
    queue.report.onSlowReader(queued);
    cutOff(raw);
  }
}
