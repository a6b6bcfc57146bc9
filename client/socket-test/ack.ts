// Waits for a Socket.IO acknowledgement with a deadline, and times the round trip.

export interface AckResult<T> {
  reply: T;
  roundTripMs: number;
}

/** Raised when the server has not answered within the deadline (lost connection, or a server that ignores acks). */
export class AckTimeoutError extends Error {
  constructor(
    readonly event: string,
    readonly timeoutMs: number,
  ) {
    super(`no reply to ${event} within ${timeoutMs / 1000} s`);
    this.name = "AckTimeoutError";
  }
}

/**
 * Calls `send` with an ack callback and resolves with the reply. Acks are optional in the protocol's event
 * map, so Socket.IO's own `timeout().emit()` does not type-check against it (socket.io#5367); this does.
 */
export function emitWithAck<T>(
  event: string,
  send: (ack: (reply: T) => void) => void,
  timeoutMs: number,
): Promise<AckResult<T>> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now();
    const timer = setTimeout(() => reject(new AckTimeoutError(event, timeoutMs)), timeoutMs);
    send((reply) => {
      clearTimeout(timer);
      resolve({ reply, roundTripMs: performance.now() - startedAt });
    });
  });
}
