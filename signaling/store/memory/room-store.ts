// In-memory Backend: one process, no external service. The embedded default of `npm start`.
import { customAlphabet, nanoid } from "nanoid";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { SignalingError } from "../../errors.js";
import { ErrorCode, type RoomCode } from "../../protocol.js";
import type {
  Backend,
  IssuedCode,
  JoinRequest,
  JoinResult,
  Member,
  RoomStore,
  SlidingWindow,
  SlidingWindowOptions,
  StoreStats,
} from "../store.js";

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
      this.#rooms.set(code, { expiresAt, joined: false, emptySince: undefined, members: new Map() });
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

  #sweep(): void {
    const now = this.#opts.now();
    // A due entry whose room was joined or emptied again since is stale: #live keeps the room and drops nothing.
    for (const code of this.#unjoinedDeadlines.popDue(now)) this.#live(code, now);
    for (const code of this.#emptyDeadlines.popDue(now)) this.#live(code, now);
  }
}

/** Codes with deadlines pushed in non-decreasing order; popDue takes those whose deadline has passed. */
class DeadlineQueue {
  #codes: RoomCode[] = [];
  #at: number[] = [];
  #head = 0;

  push(code: RoomCode, at: number): void {
    this.#codes.push(code);
    this.#at.push(at);
  }

  *popDue(now: number): Generator<RoomCode> {
    while (this.#head < this.#at.length && this.#at[this.#head]! <= now) yield this.#codes[this.#head++]!;
    // Compact now and then so the arrays do not keep what was popped.
    if (this.#head > 1_024 && this.#head * 2 > this.#at.length) {
      this.#codes = this.#codes.slice(this.#head);
      this.#at = this.#at.slice(this.#head);
      this.#head = 0;
    }
  }

  clear(): void {
    this.#codes = [];
    this.#at = [];
    this.#head = 0;
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

/**
 * SlidingWindow in memory: per key, the times of the slots held within the window, oldest first. A key whose
 * slots have all expired is forgotten, by take() or by the sweep, so idle addresses cost nothing.
 */
export class MemorySlidingWindow implements SlidingWindow {
  readonly #held = new Map<string, Array<{ id: string; at: number }>>();
  readonly #sweeper: NodeJS.Timeout;
  #next = 0;

  constructor(
    private readonly opts: SlidingWindowOptions,
    private readonly now: () => number = Date.now,
  ) {
    this.#sweeper = setInterval(() => this.#sweep(), Math.max(1_000, opts.windowMs)).unref();
  }

  async take(key: string): Promise<{ ok: true; id: string } | { ok: false; retryAfterMs: number }> {
    const t = this.now();
    const slots = this.#live(key, t);
    if (slots.length >= this.opts.points)
      return { ok: false, retryAfterMs: Math.max(1, slots[0]!.at + this.opts.windowMs - t) };
    const id = String(++this.#next);
    slots.push({ id, at: t });
    this.#held.set(key, slots);
    return { ok: true, id };
  }

  async giveBack(key: string, id: string): Promise<void> {
    const slots = this.#held.get(key);
    if (!slots) return;
    const i = slots.findIndex((s) => s.id === id);
    if (i !== -1) slots.splice(i, 1);
    if (slots.length === 0) this.#held.delete(key);
  }

  close(): void {
    clearInterval(this.#sweeper);
    this.#held.clear();
  }

  #live(key: string, t: number): Array<{ id: string; at: number }> {
    const slots = this.#held.get(key) ?? [];
    let expired = 0;
    while (expired < slots.length && slots[expired]!.at <= t - this.opts.windowMs) expired++;
    if (expired > 0) slots.splice(0, expired);
    return slots;
  }

  #sweep(): void {
    const t = this.now();
    for (const key of this.#held.keys()) if (this.#live(key, t).length === 0) this.#held.delete(key);
  }
}

export function createMemoryBackend(opts: MemoryStoreOptions): Backend {
  const rooms = new MemoryRoomStore(opts);
  const windows: MemorySlidingWindow[] = [];
  return {
    rooms,
    createLimiter: ({ keyPrefix, points, durationSeconds }) =>
      new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
    createSlidingWindow: (windowOpts) => {
      const w = new MemorySlidingWindow(windowOpts, opts.now);
      windows.push(w);
      return w;
    },
    close: async () => {
      rooms.close();
      for (const w of windows) w.close();
    },
  };
}
