// SignalingError and its two wire forms: the socket error object and the HTTP status.
import { ErrorCode, type WireError } from "./protocol.js";

/** A refusal the client is meant to read: its code and message go on the wire as they are. */
export class SignalingError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For RATE_LIMITED: when the client may try again. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "SignalingError";
  }
}

/**
 * The wire form of any error. Internal faults become INTERNAL with a generic message: their details
 * and stacks stay in the server's log (the caller logs them), never on the wire.
 */
export function toWireError(err: unknown): WireError {
  if (err instanceof SignalingError) return { code: err.code, message: err.message };
  return { code: ErrorCode.INTERNAL, message: "internal server error" };
}

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_CODE: 400,
  CODE_NOT_FOUND: 404,
  ROOM_FULL: 409,
  ALREADY_IN_ROOM: 409,
  NOT_IN_ROOM: 409,
  PEER_NOT_FOUND: 404,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  UNAUTHORIZED: 401,
};

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS[code];
}

/** "retry in 42 s": rate-limit messages say when to come back (docs/PROTOCOL.md "Codes and rooms"). */
export function retryMessage(what: string, retryAfterMs: number): string {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return `${what}; retry in ${seconds} s`;
}
