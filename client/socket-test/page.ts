// What the page's modules share: its elements, its own signaling socket, the state with its one update(), and
// the event log with the ways of writing to it.
import type { SignalingSocket } from "../lib/room/signaling.js";
import type { OutgoingEvent } from "./describe.js";
import type { LogEntry } from "./event-log.js";
import type { Elements } from "./render.js";
import type { SocketTestState } from "./state.js";

export interface PageLog {
  add(entry: LogEntry): void;
  /** The server's ack to an event this page sent, described, with its round trip. */
  reply(event: OutgoingEvent, reply: unknown, roundTripMs: number): void;
  /** A request that failed before the server answered (timeout, HTTP error), with an optional prefix. */
  failure(event: string, err: unknown, prefix?: string): void;
}

export interface Page {
  el: Elements;
  socket: SignalingSocket;
  state(): SocketTestState;
  update(change: (s: SocketTestState) => SocketTestState): void;
  log: PageLog;
}

/** How long an action waits for the server's ack before it is logged as unanswered. */
export const ACK_TIMEOUT_MS = 5_000;
