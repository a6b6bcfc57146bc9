// RoomStore on Redis: codes, rooms, members and reclaim tokens shared by every process (scripts.ts).
import { customAlphabet, nanoid } from "nanoid";
import { SignalingError } from "../../errors.js";
import { ErrorCode, type Role, type RoomCode } from "../../protocol.js";
import type { CodecamRedis } from "./scripts.js";
import type { IssuedCode, JoinRequest, JoinResult, Member, RoomStore, StoreStats } from "../store.js";

/** nanoid draws from crypto.getRandomValues: Lua's math.random is not a secure source, so codes are drawn here. */
const drawCode = customAlphabet("0123456789", 6);
/** Candidates per script call, and calls before giving up (the memory store's 64 draws). */
const CANDIDATES = 16;
const ROUNDS = 4;

export interface RedisStoreOptions {
  redis: CodecamRedis;
  prefix: string;
  processId: string;
  codeTtlMs: number;
  roomGraceMs: number;
  maxViewers: number;
}

/** A member's record in Redis: "role\ttoken\tprocessId". */
export function parseRecord(id: string, record: string): Member & { processId: string } {
  const [role, token, processId] = record.split("\t") as [Role, string, string];
  return { id, role, token, processId };
}

export class RedisRoomStore implements RoomStore {
  constructor(private readonly o: RedisStoreOptions) {}

  async issueCode(): Promise<IssuedCode> {
    for (let round = 0; round < ROUNDS; round++) {
      const candidates = Array.from({ length: CANDIDATES }, () => drawCode());
      const issued = await unavailableOnFault(
        this.o.redis.codecamIssue(this.o.prefix, this.o.codeTtlMs, ...candidates),
      );
      if (issued) return { code: issued[0], expiresAt: Number(issued[1]) };
    }
    throw new SignalingError(ErrorCode.UNAVAILABLE, "no free code right now; try again shortly");
  }

  async isLive(code: RoomCode): Promise<boolean> {
    return (await unavailableOnFault(this.o.redis.exists(`${this.o.prefix}code:${code}`))) === 1;
  }

  async join({ code, role, socketId, token }: JoinRequest): Promise<JoinResult> {
    const newToken = nanoid();
    const reply = await unavailableOnFault(
      this.o.redis.codecamJoin(
        this.o.prefix,
        code,
        role,
        socketId,
        token ?? "",
        newToken,
        this.o.maxViewers,
        this.o.processId,
      ),
    );
    const [status, replacedId, replacedRecord, ...peerPairs] = reply;
    if (status === "CODE_NOT_FOUND") return { ok: false, reason: "CODE_NOT_FOUND", wrongToken: false };
    if (status === "REMOVED") return { ok: false, reason: "REMOVED", wrongToken: false };
    if (status === "ROOM_FULL") return { ok: false, reason: "ROOM_FULL", wrongToken: token !== undefined };
    const peers = [];
    for (let i = 0; i < peerPairs.length; i += 2)
      peers.push({ id: peerPairs[i] as string, type: peerPairs[i + 1] as Role });
    const member: Member = { id: socketId, role, token: newToken };
    if (!replacedId) return { ok: true, member, peers };
    const { processId: _, ...replaced } = parseRecord(replacedId, replacedRecord as string);
    return { ok: true, member, peers, replaced };
  }

  async leave(code: RoomCode, socketId: string): Promise<Member | undefined> {
    const record = await unavailableOnFault(
      this.o.redis.codecamLeave(this.o.prefix, code, socketId, this.o.roomGraceMs),
    );
    if (record === null) return undefined;
    const { processId: _, ...member } = parseRecord(socketId, record);
    return member;
  }

  async remove(code: RoomCode, socketId: string): Promise<Member | undefined> {
    const record = await unavailableOnFault(
      this.o.redis.codecamRemove(this.o.prefix, code, socketId, this.o.roomGraceMs),
    );
    if (record === null) return undefined;
    const { processId: _, ...member } = parseRecord(socketId, record);
    return member;
  }

  async findMember(code: RoomCode, socketId: string): Promise<Member | undefined> {
    const record = await unavailableOnFault(this.o.redis.hget(`${this.o.prefix}members:${code}`, socketId));
    if (record === null) return undefined;
    const { processId: _, ...member } = parseRecord(socketId, record);
    return member;
  }

  async stats(): Promise<StoreStats> {
    const [codes, rooms, members] = await unavailableOnFault(this.o.redis.codecamStats(this.o.prefix));
    return { codes, rooms, members };
  }
}

/** A Redis failure (down, timed out, refused) reaches the client as UNAVAILABLE; the backend logs the connection's errors. */
export async function unavailableOnFault<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch {
    throw new SignalingError(ErrorCode.UNAVAILABLE, "the shared room store (Redis) is unreachable; retry shortly");
  }
}
