// RoomStore in memory: codes, rooms and members of one process, with the rules of docs/PROTOCOL.md "Codes and rooms".
import { customAlphabet, nanoid } from "nanoid";
import { SignalingError } from "../../errors.js";
import { ErrorCode, type RoomCode } from "../../protocol.js";
import type { IssuedCode, JoinRequest, JoinResult, Member, RoomStore, StoreStats } from "../store.js";
import { DeadlineQueue } from "./deadline-queue.js";

/** nanoid draws from crypto.getRandomValues with rejection sampling, so every code is equally likely. */
const drawCode = customAlphabet("0123456789", 6);
/** Draws before giving up: with a million codes this is only reached when nearly all are live. */
const MAX_DRAWS = 64;

interface Room {
  /** Deadline for an issued code nobody has joined yet (ms epoch); no longer used once joined. */
  expiresAt: number;
  joined: boolean;
  /** When the last member left (ms epoch), while empty after having had members. */
  emptySince: number | undefined;
  members: Map<string, Member>;
  /** Tokens of members the camera removed: they join this code no more. Made on the first removal. */
  removed: Set<string> | undefined;
}

export interface MemoryStoreOptions {
  codeTtlMs: number;
  roomGraceMs: number;
  maxViewers: number;
  now?: () => number;
  /** How often dead codes are swept from memory; lookups never see them either way. */
  sweepIntervalMs?: number;
}

export class MemoryRoomStore implements RoomStore {
  readonly #rooms = new Map<RoomCode, Room>();
  readonly #opts: Required<MemoryStoreOptions>;
  readonly #sweeper: NodeJS.Timeout;
  /** Kept as members come and go, so stats() (scraped by /metrics) never walks the rooms. */
  #occupied = 0;
  #members = 0;
  /**
   * When codes may die, in the order they do: an unjoined code at issue + TTL, an emptied room at empty + grace.
   * Each queue's deadlines only grow (one TTL, one grace), so dead codes are found from the head without a walk.
   */
  readonly #unjoinedDeadlines = new DeadlineQueue();
  readonly #emptyDeadlines = new DeadlineQueue();

  constructor(opts: MemoryStoreOptions) {
    this.#opts = {
      now: Date.now,
      sweepIntervalMs: Math.min(30_000, Math.max(1_000, Math.min(opts.codeTtlMs, opts.roomGraceMs || opts.codeTtlMs))),
      ...opts,
    };
    this.#sweeper = setInterval(() => this.#sweep(), this.#opts.sweepIntervalMs).unref();
  }

  async issueCode(): Promise<IssuedCode> {
    const now = this.#opts.now();
    for (let i = 0; i < MAX_DRAWS; i++) {
      const code = drawCode();
      if (this.#live(code, now)) continue;
      const expiresAt = now + this.#opts.codeTtlMs;
      this.#rooms.set(code, {
        expiresAt,
        joined: false,
        emptySince: undefined,
        members: new Map(),
        removed: undefined,
      });
      this.#unjoinedDeadlines.push(code, expiresAt);
      return { code, expiresAt };
    }
    throw new SignalingError(ErrorCode.UNAVAILABLE, "no free code right now; try again shortly");
  }

  async isLive(code: RoomCode): Promise<boolean> {
    return this.#live(code, this.#opts.now()) !== undefined;
  }

  async join({ code, role, socketId, token }: JoinRequest): Promise<JoinResult> {
    const room = this.#live(code, this.#opts.now());
    if (!room) return { ok: false, reason: "CODE_NOT_FOUND", wrongToken: false };

    if (token !== undefined && room.removed?.has(token)) return { ok: false, reason: "REMOVED", wrongToken: false };
    const holder = token === undefined ? undefined : findByToken(room, token, role);
    const free = role === "camera" ? !hasCamera(room) : viewerCount(room) < this.#opts.maxViewers;
    if (!holder && !free) return { ok: false, reason: "ROOM_FULL", wrongToken: token !== undefined };

    if (holder) this.#remove(room, holder.id);
    // A fresh token on every join, a reclaim included: the evicted holder's token stops working.
    const member: Member = { id: socketId, role, token: nanoid() };
    const peers = [...room.members.values()].map(({ id, role: type }) => ({ id, type }));
    this.#add(room, member);
    room.joined = true;
    room.emptySince = undefined;
    // Neither deadline applies to a room with a member; leave() queues a new one when it empties.
    this.#unjoinedDeadlines.drop(code);
    this.#emptyDeadlines.drop(code);
    return holder ? { ok: true, member, peers, replaced: holder } : { ok: true, member, peers };
  }

  async leave(code: RoomCode, socketId: string): Promise<Member | undefined> {
    const room = this.#rooms.get(code);
    const member = room?.members.get(socketId);
    if (!room || !member) return undefined;
    this.#remove(room, socketId);
    if (room.members.size === 0) {
      room.emptySince = this.#opts.now();
      this.#emptyDeadlines.push(code, room.emptySince + this.#opts.roomGraceMs);
    }
    return member;
  }

  /** The ban lives on the room, so it ends when the code does. */
  async remove(code: RoomCode, socketId: string): Promise<Member | undefined> {
    const room = this.#rooms.get(code);
    const member = room?.members.get(socketId);
    if (!room || !member) return undefined;
    room.removed ??= new Set();
    room.removed.add(member.token);
    return this.leave(code, socketId);
  }

  async findMember(code: RoomCode, socketId: string): Promise<Member | undefined> {
    return this.#rooms.get(code)?.members.get(socketId);
  }

  /** Amortised O(1): only codes that died since the last call are looked at. */
  async stats(): Promise<StoreStats> {
    this.#sweep();
    return { codes: this.#rooms.size, rooms: this.#occupied, members: this.#members };
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#rooms.clear();
    this.#unjoinedDeadlines.clear();
    this.#emptyDeadlines.clear();
    this.#occupied = 0;
    this.#members = 0;
  }

  #add(room: Room, member: Member): void {
    if (room.members.size === 0) this.#occupied++;
    room.members.set(member.id, member);
    this.#members++;
  }

  #remove(room: Room, socketId: string): void {
    if (!room.members.delete(socketId)) return;
    this.#members--;
    if (room.members.size === 0) this.#occupied--;
  }

  /** The room if its code can still be joined; a dead one is deleted on sight. */
  #live(code: RoomCode, now: number): Room | undefined {
    const room = this.#rooms.get(code);
    if (!room) return undefined;
    if (isAlive(room, now, this.#opts.roomGraceMs)) return room;
    this.#rooms.delete(code);
    return undefined;
  }

  /** Deadlines waiting in the sweep's queues: codes nobody joined yet and empty rooms in their grace. */
  get queuedDeadlines(): number {
    return this.#unjoinedDeadlines.size + this.#emptyDeadlines.size;
  }

  #sweep(): void {
    const now = this.#opts.now();
    // #live deletes the room only if it is really dead, so a due entry for a re-issued code changes nothing.
    for (const code of this.#unjoinedDeadlines.popDue(now)) this.#live(code, now);
    for (const code of this.#emptyDeadlines.popDue(now)) this.#live(code, now);
  }
}

function isAlive(room: Room, now: number, graceMs: number): boolean {
  if (room.members.size > 0) return true;
  if (!room.joined) return now < room.expiresAt;
  return room.emptySince !== undefined && now < room.emptySince + graceMs;
}

function hasCamera(room: Room): boolean {
  for (const m of room.members.values()) if (m.role === "camera") return true;
  return false;
}

function viewerCount(room: Room): number {
  let n = 0;
  for (const m of room.members.values()) if (m.role === "viewer") n++;
  return n;
}

/** A token only reclaims a slot of the role it was issued for. */
function findByToken(room: Room, token: string, role: Member["role"]): Member | undefined {
  for (const m of room.members.values()) if (m.token === token && m.role === role) return m;
  return undefined;
}
