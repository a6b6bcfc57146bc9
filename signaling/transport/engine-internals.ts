// The ONLY module that touches private details of socket.io, engine.io, ws and socket.io-parser. Each one below
// was read against the exact versions pinned in package.json (socket.io 4.8.4, engine.io 6.6.13, ws 8.23.0,
// socket.io-parser 4.2.7); engine-internals.test.ts checks every one on real instances and fails naming the
// detail when an upgrade moves it. To upgrade one of them: set the new exact version in package.json, run
// `npm install`, read each detail below in the new package's source (node_modules/<name>/build or dist), adapt
// this module (or drop the lever), update the versions in this header, and run engine-internals.test.ts, the
// unit, integration and Redis suites, and an A/B of the levers (bench/experiments/codecam-ab.ts).
//
// Private detail (package)                         | what relies on it, and why it is worth it
// ------------------------------------------------ | ------------------------------------------------------------
// Client#decoder (socket.io, private)              | connectionDecoder: hands each connection's decoder its event
//                                                  | budget and the signal hot path, so a packet is judged before
//                                                  | it is parsed (guards/event-budget.ts) and a signal can skip
//                                                  | Socket.IO's objects (transport/signal-fast-path.ts).
// the decoded packet's `data` array is the `event` | markOverBudget / overBudget: the decoder's verdict travels on
// array a socket.use middleware gets (socket.io)   | the array to rooms/handlers.ts, which answers RATE_LIMITED.
// Client registers its "decoded" listener after    | transport/json-only-parser.ts: its own listener runs first,
// the decoder is built, and handles a packet one   | inside add(); the hot path delivers one tick later, as
// process.nextTick later (socket.io)               | Socket.IO would, so a connection's packets keep their order.
// Socket#request may be null once connected        | dropHandshakeRequest: the handshake's IncomingMessage is let
// (engine.io; socket.io's handshake copes)         | go instead of living as long as the connection.
// Server#clients (engine.io, protected)            | engineClients: the graceful stop closes every connection,
//                                                  | those not yet a Socket.IO socket included.
// Socket#writeBuffer (engine.io, private)          | writeBufferLength: the slow-reader cap counts what waits in
//                                                  | it; the hot path writes past it only while it is empty.
// WebSocket transport's `socket`, the ws WebSocket | websocketOf: bufferedAmount (slow-reader cap), pause/resume
// (engine.io, private)                             | (flood pause), terminate (cut off), close(1001) (restart),
//                                                  | send of a raw "4…" Engine.IO message (hot path).
// Polling transport's onData / onDataRequest       | interceptPolling: packets per POST counted before any is
// (engine.io, protected / private)                 | decoded; a POST answered 413 closes its session.
// handleUpgrade's first `close` listener on the    | dropUpgradeResponseListener: it holds the upgrade request
// TCP socket (engine.io)                           | alive for the connection's life (~1 KB per idle socket).
// WebSocket#_socket, the net.Socket (ws, private)  | tcpSocketOf: transport/corked-websocket.ts corks it so one
//                                                  | tick's frames to a connection leave in one write.
//
// What each lever buys, re-measured after the move (docs/decisions/020, the build with it off / on): corked
// writes 1.14x server CPU per forwarded message; the hot path 1.25x server CPU per round trip; its write past
// Engine.IO 1.07-1.14x server CPU per round trip, 1.04-1.07x per forwarded message (the first to drop if
// writeBuffer or the transport's socket moves); the handshake request 1.12x and the upgrade listener 1.19x JS
// heap per idle socket. The guards (slow reader, polling, flood pause, restart close) have no public option in
// engine.io 6 and are defences, not levers.
import type { IncomingMessage } from "node:http";
import type { Socket as NetSocket } from "node:net";
import type { Duplex } from "node:stream";
import type { Server as EngineServer, Socket as EngineSocket } from "engine.io";
import type { Packet } from "socket.io-parser";
import type { WebSocket } from "ws";
import type { SignalingSocket } from "../types.js";

/** The parts of engine.io's WebSocket transport's `ws` socket used here. */
export interface EngineWebSocket {
  bufferedAmount: number;
  readyState: number;
  isPaused: boolean;
  send(data: string): void;
  pause(): void;
  resume(): void;
  terminate(): void;
  close(code: number, reason: string): void;
}

interface Transport {
  name: string;
  socket?: EngineWebSocket;
  onData(data: unknown): void;
  onDataRequest?(req: unknown, res: PollingResponse): void;
  onError(msg: string, desc?: string): void;
}

interface PollingResponse {
  once(ev: "finish", fn: () => void): void;
  statusCode: number;
}

interface EngineState {
  readyState: string;
  writeBuffer: unknown[];
  transport: Transport;
  request: IncomingMessage | null;
}

const state = (raw: EngineSocket) => raw as unknown as EngineState;

// --- socket.io -----------------------------------------------------------------------------------------------

/** The decoder Socket.IO made for this socket's connection (one per connection, fed every frame in order). */
export function connectionDecoder(socket: SignalingSocket): unknown {
  return (socket.client as unknown as { decoder: unknown }).decoder;
}

/** Set on the argument list of an event the decoder judged "refuse": ms until the budget admits one again. */
const OVER_BUDGET: unique symbol = Symbol("over budget");

/** Marks a decoded packet as over budget; the mark reaches the socket's middleware on the same array. */
export function markOverBudget(packet: Packet, retryMs: number): void {
  if (Array.isArray(packet.data)) (packet.data as { [OVER_BUDGET]?: number })[OVER_BUDGET] = retryMs;
}

/** The ms the decoder set on an over-budget event, or undefined for an event within budget. */
export function overBudget(event: unknown[]): number | undefined {
  return (event as { [OVER_BUDGET]?: number })[OVER_BUDGET];
}

// --- engine.io: the server and one connection ----------------------------------------------------------------

/** Takes the handshake request off a new connection and returns it (null if already taken). */
export function dropHandshakeRequest(raw: EngineSocket): IncomingMessage | null {
  const req = state(raw).request;
  state(raw).request = null;
  return req;
}

/** Every open Engine.IO connection of the server. */
export function engineClients(engine: EngineServer): EngineSocket[] {
  return Object.values((engine as unknown as { clients: Record<string, EngineSocket> }).clients);
}

/** Packets waiting in Engine.IO's own write buffer: 0 once it has handed them all to the transport. */
export function writeBufferLength(raw: EngineSocket): number {
  return state(raw).writeBuffer.length;
}

/** The `ws` socket under a websocket connection; undefined on long-polling. */
export function websocketOf(raw: EngineSocket): EngineWebSocket | undefined {
  return state(raw).transport.socket;
}

/** `ws`'s WebSocket.OPEN. */
const WS_OPEN = 1;

/**
 * Sends one encoded Socket.IO packet past Engine.IO when that keeps the connection's order: on an open websocket
 * with nothing waiting in Engine.IO's write buffer it goes to `ws` at once as the Engine.IO message ("4…") it
 * would become. "buffer": Engine.IO must take it (polling, an upgrade, packets waiting). "closed": nobody reads.
 */
export function sendPastEngine(raw: EngineSocket, packet: string): "sent" | "buffer" | "closed" {
  const engine = state(raw);
  if (engine.readyState !== "open") return "closed";
  const ws = engine.transport.socket;
  if (engine.transport.name !== "websocket" || ws === undefined || engine.writeBuffer.length > 0) return "buffer";
  if (ws.readyState !== WS_OPEN) return "closed";
  ws.send(`4${packet}`);
  return "sent";
}

/**
 * Long-polling: `onPayload` sees each POST's payload before Engine.IO decodes it and may refuse it (the session
 * is closed with that reason); `onRequestEnd` sees each POST's status once answered.
 */
export function interceptPolling(
  raw: EngineSocket,
  onPayload: (payload: string) => string | undefined,
  onRequestEnd: (statusCode: number) => string | undefined,
): void {
  const transport = state(raw).transport;
  if (transport.name !== "polling") return;
  const onData = transport.onData.bind(transport);
  transport.onData = (data: unknown) => {
    const refusal = typeof data === "string" ? onPayload(data) : undefined;
    if (refusal === undefined) onData(data);
    else transport.onError(refusal);
  };
  const onDataRequest = transport.onDataRequest?.bind(transport);
  if (!onDataRequest) return;
  transport.onDataRequest = (req, res) => {
    res.once("finish", () => {
      const refusal = onRequestEnd(res.statusCode);
      if (refusal !== undefined) transport.onError(refusal);
    });
    onDataRequest(req, res);
  };
}

/**
 * Engine.IO 6 makes a response object for its middlewares on every upgrade, and the `close` listener it puts on
 * the TCP socket (to tell them when the response ends) keeps that object and the upgrade request alive as long
 * as the connection. With no middleware, that listener (the first `once` listener the upgrade added after
 * `before` close listeners) is taken off. True if one was found.
 */
export function dropUpgradeResponseListener(socket: Duplex, before: number): boolean {
  const added = socket.rawListeners("close")[before] as ((...args: unknown[]) => void) & { listener?: unknown };
  if (typeof added?.listener !== "function") return false;
  socket.removeListener("close", added);
  return true;
}

// --- ws --------------------------------------------------------------------------------------------------------

/** The TCP socket under a `ws` WebSocket; null before it opens and after it closes. */
export function tcpSocketOf(ws: WebSocket): NetSocket | null {
  return (ws as unknown as { _socket: NetSocket | null })._socket;
}
