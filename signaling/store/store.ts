// The state behind the handlers: codes, rooms, members with their reclaim tokens, and rate counters.
// memory/ is the embedded default; a Redis store implements the same interfaces for several processes.
import type { Registry } from "prom-client";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { PeerInfo, Role, RoomCode } from "../protocol.js";
import type { SignalingIo } from "../types.js";

export interface Member {
  /** Socket id. */
  id: string;
  role: Role;
  /** Reclaim token: returned by join_room_success; a fresh one on every join, so each works once. */
  token: string;
}

export interface IssuedCode {
  code: RoomCode;
  /** ms since the epoch. */
  expiresAt: number;
}

export interface JoinRequest {
  code: RoomCode;
  role: Role;
  socketId: string;
  token?: string;
}

export type JoinResult =
  | {
      ok: true;
      member: Member;
      /** The others in the room, without `replaced`. */
      peers: PeerInfo[];
      /** The stale member whose slot this join reclaimed with its token. */
      replaced?: Member;
    }
  | {
      ok: false;
      /** REMOVED: the token belonged to a member the camera removed (remove()); it no longer joins this code. */
      reason: "CODE_NOT_FOUND" | "ROOM_FULL" | "REMOVED";
      /** The join named a token that matches no member while the slot it wants is taken: a counted failure. */
      wrongToken: boolean;
    };

export interface StoreStats {
  /** Live codes: issued and not yet expired or freed, with or without members. */
  codes: number;
  /** Codes with at least one member. */
  rooms: number;
  members: number;
}

/**
 * Codes and rooms, with the rules of docs/PROTOCOL.md "Codes and rooms". Every method is atomic: two joins racing
 * for the last slot never both succeed. Async so that a networked store fits the same shape.
 */
export interface RoomStore {
  /** Issues a code unique among live codes; throws UNAVAILABLE when none is free. */
  issueCode(): Promise<IssuedCode>;
  /** True while the code can be joined: issued and unexpired, in use, or within the grace period. */
  isLive(code: RoomCode): Promise<boolean>;
  join(req: JoinRequest): Promise<JoinResult>;
  /** Removes the member; returns it, or undefined when it was not (or no longer) in that room. */
  leave(code: RoomCode, socketId: string): Promise<Member | undefined>;
  /**
   * The room's camera removed this member (remove_peer): it leaves as with leave(), and its token can no longer
   * join this code, even on a free slot, for as long as the code lives. Returns it, or undefined when it was not
   * (or no longer) in that room.
   */
  remove(code: RoomCode, socketId: string): Promise<Member | undefined>;
  findMember(code: RoomCode, socketId: string): Promise<Member | undefined>;
  stats(): Promise<StoreStats>;
}

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export interface SlidingWindowOptions {
  keyPrefix: string;
  points: number;
  windowMs: number;
}

/** A limit that holds over any `windowMs`, not per fixed window: no double rate across a window's boundary. */
export interface SlidingWindow {
  /** Holds one slot for `key` if fewer than `points` are held within the last windowMs; else says when one frees. */
  take(key: string): Promise<{ ok: true; id: string } | { ok: false; retryAfterMs: number }>;
  /** Gives back a slot taken by take(): the attempt turned out not to count (e.g. a successful join). */
  giveBack(key: string, id: string): Promise<void>;
}

/** Everything stateful the server needs, created together and closed together. */
export interface Backend {
  rooms: RoomStore;
  createLimiter(opts: LimiterOptions): RateLimiterAbstract;
  createSlidingWindow(opts: SlidingWindowOptions): SlidingWindow;
  /**
   * A backend shared by several processes binds to the Socket.IO server once it exists: its adapter for
   * cross-process delivery, its own metrics, and the duties that need sockets (freeing a dead process's slots).
   */
  attach?(io: SignalingIo, registry: Registry): void;
  /** Resolves once the backend can serve (connected, subscribed), or after a bounded wait: awaited before listening. */
  ready?(): Promise<void>;
  /** Why this process cannot take work right now (health answers 503 with it); undefined while it can. */
  unavailableReason?(): string | undefined;
  close(): Promise<void>;
}
