// The protocol's answer to an event the decoder marked over its connection's budget (guards/event-budget.ts).
import { reply, splitArgs } from "./ack.js";
import { SignalingError, retryMessage, toWireError } from "../errors.js";
import { ErrorCode, isSignalEvent } from "../protocol.js";
import type { SignalingSocket } from "../types.js";

/**
 * Answers an event the decoder marked over budget with the refusal of its kind. A `ping` gets no answer (pong has
 * no error shape), nor does an event the protocol does not have.
 */
export function refuseOverBudget(socket: SignalingSocket, event: unknown[], retryMs: number): void {
  const [name, ...args] = event;
  const { ack } = splitArgs(args);
  const error = toWireError(
    new SignalingError(ErrorCode.RATE_LIMITED, retryMessage("too many messages on this connection", retryMs)),
  );
  if (isSignalEvent(name)) reply(socket, ack, "signal_error", { ok: false, event: name, error });
  else if (name === "join_room") reply(socket, ack, "join_room_error", { ok: false, error });
  else if (name === "leave_room" || name === "remove_peer") ack?.({ ok: false, error });
}
