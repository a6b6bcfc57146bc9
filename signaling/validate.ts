// Client payloads: unknown → typed value, or a SignalingError saying what is wrong. Schemas are built once.
// Parsing copies only the known fields, so extra keys (`from`, `__proto__`, anything) never travel further.
import { z } from "zod";
import { SignalingError } from "./errors.js";
import {
  ErrorCode,
  LIMITS,
  ROLES,
  isRoomCode,
  type JoinRoom,
  type LeaveRoom,
  type SignalEvent,
  type SignalPayloads,
} from "./protocol.js";

const id = z.string().min(1).max(LIMITS.ID_MAX_CHARS);
const shortString = z.string().max(LIMITS.ID_MAX_CHARS);

const joinRoomSchema = z.object({
  // Any string: a wrong one is INVALID_CODE below, a counted failure, not BAD_REQUEST.
  code: z.unknown(),
  type: z.enum(ROLES, { error: 'type must be "camera" or "viewer"' }),
  token: id.optional(),
});

const leaveRoomSchema = z.object({ code: shortString });

const sdp = z.string().min(1).max(LIMITS.SDP_MAX_CHARS, `sdp is longer than ${LIMITS.SDP_MAX_CHARS} characters`);
const signalBase = { room_code: shortString, to: id.optional() };

const signalSchemas = {
  offer: z.object({ ...signalBase, offer: z.object({ type: z.literal("offer"), sdp }) }),
  answer: z.object({ ...signalBase, answer: z.object({ type: z.literal("answer"), sdp }) }),
  ice_candidate: z.object({
    ...signalBase,
    candidate: z.object({
      // An empty string is the end-of-candidates marker and is forwarded (PROTOCOL.md).
      candidate: z
        .string()
        .max(LIMITS.CANDIDATE_MAX_CHARS, `candidate is longer than ${LIMITS.CANDIDATE_MAX_CHARS} characters`),
      sdpMid: z.string().max(LIMITS.SDP_MID_MAX_CHARS).nullable().optional(),
      sdpMLineIndex: z.number().int().min(0).max(65_535).nullable().optional(),
      usernameFragment: z.string().max(LIMITS.SDP_MID_MAX_CHARS).nullable().optional(),
    }),
  }),
} satisfies Record<SignalEvent, z.ZodType>;

export function parseJoinRoom(raw: unknown): JoinRoom {
  const { code, type, token } = parse(joinRoomSchema, raw, "join_room");
  if (!isRoomCode(code)) {
    throw new SignalingError(ErrorCode.INVALID_CODE, "code must be exactly six digits");
  }
  return token === undefined ? { code, type } : { code, type, token };
}

/** `leave_room` may come with no payload at all. */
export function parseLeaveRoom(raw: unknown): LeaveRoom | undefined {
  return raw === undefined || raw === null ? undefined : parse(leaveRoomSchema, raw, "leave_room");
}

export function parseSignal<E extends SignalEvent>(event: E, raw: unknown): SignalPayloads[E] {
  return parse(signalSchemas[event] as unknown as z.ZodType<SignalPayloads[E]>, raw, event);
}

function parse<T>(schema: z.ZodType<T>, raw: unknown, event: string): T {
  let result;
  try {
    result = schema.safeParse(raw);
  } catch {
    // zod runs length checks on non-strings that have a `length`; an object whose length cannot be compared
    // makes the check itself throw. That is still the client's malformed payload, not a server fault.
    throw new SignalingError(ErrorCode.BAD_REQUEST, `bad ${event}: the payload could not be read`);
  }
  if (result.success) return result.data;
  throw new SignalingError(ErrorCode.BAD_REQUEST, describe(event, raw, result.error));
}

/** "bad offer: offer.sdp: sdp is longer than 65536 characters": the first problem, with where it is. */
function describe(event: string, raw: unknown, error: z.ZodError): string {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return `bad ${event}: the payload must be a JSON object`;
  }
  const issue = error.issues[0];
  if (!issue) return `bad ${event}`;
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `bad ${event}: ${where}${issue.message}`;
}
