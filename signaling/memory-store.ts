// In-memory Backend: one process, no external service. The embedded default of `npm start`.
import { customAlphabet, nanoid } from "nanoid";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { SignalingError } from "./errors.js";
import { MemorySlidingWindow } from "./redis-sliding-window.js";
import { ErrorCode, type RoomCode } from "./protocol.js";
import type { Backend, IssuedCode, JoinRequest, JoinResult, Member, RoomStore, StoreStats } from "./store.js";

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
      this.#rooms.set(code, { expiresAt, joined: false, emptySince: undefined, members: new Map() });
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

    const holder = token === undefined ? undefined : findByToken(room, token, role);
    const free = role === "camera" ? !hasCamera(room) : viewerCount(room) < this.#opts.maxViewers;
    if (!holder && !free) return { ok: false, reason: "ROOM_FULL", wrongToken: token !== undefined };

    if (holder) room.members.delete(holder.id);
    const member: Member = { id: socketId, role, token: holder?.token ?? nanoid() };
    const peers = [...room.members.values()].map(({ id, role: type }) => ({ id, type }));
    room.members.set(socketId, member);
    room.joined = true;
    room.emptySince = undefined;
    return holder ? { ok: true, member, peers, replaced: holder } : { ok: true, member, peers };
  }

  async leave(code: RoomCode, socketId: string): Promise<Member | undefined> {
    const room = this.#rooms.get(code);
    const member = room?.members.get(socketId);
    if (!room || !member) return undefined;
    room.members.delete(socketId);
    if (room.members.size === 0) room.emptySince = this.#opts.now();
    return member;
  }

  async findMember(code: RoomCode, socketId: string): Promise<Member | undefined> {
    return this.#rooms.get(code)?.members.get(socketId);
  }

  async stats(): Promise<StoreStats> {
    this.#sweep();
    let rooms = 0;
    let members = 0;
    for (const room of this.#rooms.values()) {
      if (room.members.size > 0) rooms++;
      members += room.members.size;
    }
    return { codes: this.#rooms.size, rooms, members };
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#rooms.clear();
  }

  /** The room if its code can still be joined; a dead one is deleted on sight. */
  #live(code: RoomCode, now: number): Room | undefined {
    const room = this.#rooms.get(code);
    if (!room) return undefined;
    if (isAlive(room, now, this.#opts.roomGraceMs)) return room;
    this.#rooms.delete(code);
    return undefined;
  }

  #sweep(): void {
    const now = this.#opts.now();
    for (const [code, room] of this.#rooms) {
      if (!isAlive(room, now, this.#opts.roomGraceMs)) this.#rooms.delete(code);
    }
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

export function createMemoryBackend(opts: MemoryStoreOptions): Backend {
  const rooms = new MemoryRoomStore(opts);
  return {
    rooms,
    createLimiter: ({ keyPrefix, points, durationSeconds }) =>
      new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
    createSlidingWindow: (opts) => new MemorySlidingWindow(opts),
    close: async () => rooms.close(),
  };
}
