// The protocol's acknowledgement rule in one place: a reply goes to the client's ack if it gave one, else as an event.
import type { ServerToClientEvents } from "../protocol.js";
import type { SignalingSocket } from "../types.js";

export type AckFn = (reply: unknown) => void;

/**
 * Client arguments as sent: the payload first, the ack last. `ping` and `leave_room` may carry an ack and no
 * payload, so the ack is the last argument that is a function, and a lone function is no payload.
 */
export function splitArgs(args: unknown[]): { payload: unknown; ack: AckFn | undefined } {
  const last = args[args.length - 1];
  const ack = typeof last === "function" ? (last as AckFn) : undefined;
  const payload = ack && args.length === 1 ? undefined : args[0];
  return { payload, ack };
}

export function reply<E extends keyof ServerToClientEvents>(
  socket: SignalingSocket,
  ack: AckFn | undefined,
  event: E,
  payload: Parameters<ServerToClientEvents[E]>[0],
): void {
  if (ack) ack(payload);
  else (socket.emit as (ev: E, p: unknown) => void)(event, payload);
}
