// Client payloads: unknown → typed value, or a SignalingError saying what is wrong. Wire payloads are checked by
// JSON Schemas that Ajv compiles once into plain functions: every signal passes through here, so the check must
// cost well under a microsecond (a generic schema walker costs several on the hot path).
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { SignalingError } from "../errors.js";
import {
  ErrorCode,
  LIMITS,
  ROLES,
  isRoomCode,
  type JoinRoom,
  type LeaveRoom,
  type RemovePeer,
  type SignalEvent,
  type SignalPayloads,
} from "../protocol.js";

const ajv = new Ajv({
  // Unknown keys (`from`, `__proto__`, anything) are deleted from the payload, at every depth, so only the
  // protocol's fields can travel further. The payload is the object the Socket.IO decoder just made for us.
  removeAdditional: "all",
  // String lengths in UTF-16 units, as JavaScript (and docs/PROTOCOL.md's "characters") counts them; counting code
  // points would walk every SDP once more. Ajv calls the option deprecated and says so through its logger,
  // which is otherwise unused here: strict mode throws on schema mistakes instead of logging them.
  unicode: false,
  logger: false,
  allErrors: false,
  strict: true,
});

const id = { type: "string", minLength: 1, maxLength: LIMITS.ID_MAX_CHARS } as const;
const shortString = { type: "string", maxLength: LIMITS.ID_MAX_CHARS } as const;
const nullableShortString = { type: ["string", "null"], maxLength: LIMITS.SDP_MID_MAX_CHARS } as const;

const joinRoom = ajv.compile<{ code?: unknown; type: JoinRoom["type"]; token?: string }>({
  type: "object",
  // `code` is looked at below: a wrong one is INVALID_CODE, a counted failure, not BAD_REQUEST.
  properties: { code: {}, type: { enum: ROLES }, token: id },
  required: ["type"],
});

const leaveRoom = ajv.compile<LeaveRoom>({
  type: "object",
  properties: { code: shortString },
  required: ["code"],
});

const removePeer = ajv.compile<RemovePeer>({
  type: "object",
  properties: { code: shortString, id },
  required: ["code", "id"],
});

function description(type: "offer" | "answer") {
  return {
    type: "object",
    properties: {
      type: { const: type },
      sdp: { type: "string", minLength: 1, maxLength: LIMITS.SDP_MAX_CHARS },
    },
    required: ["type", "sdp"],
  } as const;
}

function signal<F extends string>(field: F, schema: object) {
  return {
    type: "object",
    properties: { room_code: shortString, to: id, [field]: schema },
    required: ["room_code", field],
  };
}

const signals: { [E in SignalEvent]: ValidateFunction<SignalPayloads[E]> } = {
  offer: ajv.compile<SignalPayloads["offer"]>(signal("offer", description("offer"))),
  answer: ajv.compile<SignalPayloads["answer"]>(signal("answer", description("answer"))),
  ice_candidate: ajv.compile<SignalPayloads["ice_candidate"]>(
    signal("candidate", {
      type: "object",
      properties: {
        // An empty string is the end-of-candidates marker and is forwarded (docs/PROTOCOL.md).
        candidate: { type: "string", maxLength: LIMITS.CANDIDATE_MAX_CHARS },
        sdpMid: nullableShortString,
        sdpMLineIndex: { type: ["integer", "null"], minimum: 0, maximum: 65_535 },
        usernameFragment: nullableShortString,
      },
      required: ["candidate"],
    }),
  ),
};

export function parseJoinRoom(raw: unknown): JoinRoom {
  const { code, type, token } = check(joinRoom, raw, "join_room");
  if (!isRoomCode(code)) {
    throw new SignalingError(ErrorCode.INVALID_CODE, "code must be exactly six digits");
  }
  return token === undefined ? { code, type } : { code, type, token };
}

/** `leave_room` may come with no payload at all. */
export function parseLeaveRoom(raw: unknown): LeaveRoom | undefined {
  return raw === undefined || raw === null ? undefined : check(leaveRoom, raw, "leave_room");
}

export function parseRemovePeer(raw: unknown): RemovePeer {
  return check(removePeer, raw, "remove_peer");
}

/** The payload itself, stripped of every field the protocol does not name. */
export function parseSignal<E extends SignalEvent>(event: E, raw: unknown): SignalPayloads[E] {
  return check(signals[event] as ValidateFunction<SignalPayloads[E]>, raw, event);
}

/** True if `raw` is a valid `event` payload, stripped of unknown fields as parseSignal does; no error is built. */
export function isValidSignal<E extends SignalEvent>(event: E, raw: unknown): raw is SignalPayloads[E] {
  return (signals[event] as ValidateFunction<SignalPayloads[E]>)(raw);
}

function check<T>(validate: ValidateFunction<T>, raw: unknown, event: string): T {
  if (validate(raw)) return raw;
  throw new SignalingError(ErrorCode.BAD_REQUEST, `bad ${event}: ${describe(validate.errors?.[0])}`);
}

/** "offer.sdp is longer than 65536 characters": the first problem, named by where it is. */
function describe(error: ErrorObject | undefined): string {
  if (!error) return "the payload could not be read";
  const path = error.instancePath.slice(1).replaceAll("/", ".");
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `${path ? `${path}.` : ""}${String(p.missingProperty)} is missing`;
    case "type":
      return path
        ? `${path} must be of type ${String(p.type).replace(",", " or ")}`
        : "the payload must be a JSON object";
    case "maxLength":
      return `${path} is longer than ${String(p.limit)} characters`;
    case "minLength":
      return `${path} must not be empty`;
    case "const":
      return `${path} must be ${JSON.stringify(p.allowedValue)}`;
    case "enum":
      return `${path} must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return `${path || "the payload"} ${error.message ?? "is not valid"}`;
  }
}
