// Crash safety across processes. Each process keeps a heartbeat key with a TTL; every process regularly frees
// the slots of processes whose heartbeat expired (peer_left to their room-mates, wherever those are), and clears
// its own records that no socket of its own backs any more (a leave that failed while Redis was away).
import type { Logger } from "../../observability/log.js";
import type { Role, RoomCode } from "../../protocol.js";
import type { CodecamRedis } from "./scripts.js";
import { parseRecord } from "./room-store.js";
import type { SignalingIo } from "../../types.js";

export interface LivenessOptions {
  redis: CodecamRedis;
  prefix: string;
  processId: string;
  /** Heartbeat TTL: beats go out every third of it, sweeps run every half, so a dead process is freed within 1.5x. */
  heartbeatMs: number;
  roomGraceMs: number;
  log: Logger;
  /** Called with the number of slots this process freed for dead ones (metrics). */
  onFreed?: (n: number) => void;
}

export class ProcessLiveness {
  readonly #timers: NodeJS.Timeout[] = [];
  #registered = false;
  #lastBeatOk = false;
  /** Own records without a backing socket at the last sweep: cleared if they are still so at the next one. */
  #suspects = new Set<string>();

  constructor(
    private readonly io: SignalingIo,
    private readonly o: LivenessOptions,
  ) {}

  /** Starts beating and sweeping; resolves after the first beat (whether it reached Redis or not). */
  start(): Promise<void> {
    const first = this.beat();
    this.#timers.push(setInterval(() => void this.beat(), Math.max(100, Math.floor(this.o.heartbeatMs / 3))).unref());
    this.#timers.push(setInterval(() => void this.sweep(), Math.max(100, Math.floor(this.o.heartbeatMs / 2))).unref());
    return first;
  }

  /** False while the last heartbeat did not reach Redis. */
  get beating(): boolean {
    return this.#lastBeatOk;
  }

  async stop(): Promise<void> {
    for (const t of this.#timers.splice(0)) clearInterval(t);
    // The others free whatever this process still holds on their next sweep instead of waiting for the TTL.
    await this.o.redis.del(`${this.o.prefix}proc:${this.o.processId}`).catch(() => undefined);
  }

  async beat(): Promise<void> {
    try {
      const fresh = await this.o.redis.codecamHeartbeat(this.o.prefix, this.o.processId, this.o.heartbeatMs);
      if (fresh === 1 && this.#registered) this.#cutOffMembers();
      this.#registered = true;
      this.#lastBeatOk = true;
    } catch {
      this.#lastBeatOk = false;
    }
  }

  /** One sweep: free dead processes' slots, then own stale records. Errors wait for the next sweep. */
  async sweep(): Promise<void> {
    try {
      await this.#reapDead();
      await this.#reconcileOwn();
    } catch (err) {
      this.o.log.debug({ err }, "liveness sweep failed");
    }
  }

  async #reapDead(): Promise<void> {
    const freed = await this.o.redis.codecamReap(this.o.prefix, this.o.roomGraceMs);
    for (let i = 0; i < freed.length; i += 3) {
      const member = parseRecord(freed[i + 1]!, freed[i + 2]!);
      this.#announceLeft(freed[i]!, member.id, member.role);
    }
    if (freed.length > 0) {
      this.o.log.warn({ slots: freed.length / 3 }, "freed the slots of a process whose heartbeat expired");
      this.o.onFreed?.(freed.length / 3);
    }
  }

  async #reconcileOwn(): Promise<void> {
    const entries = await this.o.redis.smembers(`${this.o.prefix}proc-members:${this.o.processId}`);
    const suspects = new Set<string>();
    for (const entry of entries) {
      const [code, sid] = entry.split(" ") as [RoomCode, string];
      const socket = this.io.sockets.sockets.get(sid);
      if (socket && (socket.data.joining || socket.data.code === code)) continue;
      if (!this.#suspects.has(entry)) {
        suspects.add(entry);
        continue;
      }
      const record = await this.o.redis.codecamLeave(this.o.prefix, code, sid, this.o.roomGraceMs);
      if (record !== null) this.#announceLeft(code, sid, parseRecord(sid, record).role);
    }
    this.#suspects = suspects;
  }

  #announceLeft(code: string, id: string, type: Role): void {
    this.io.to(code).emit("peer_left", { id, type });
  }

  /**
   * Another process declared this one dead (Redis was out of reach longer than the TTL) and freed its slots: its
   * sockets in rooms are cut off, so they reconnect and join again instead of signaling from a slot they lost.
   */
  #cutOffMembers(): void {
    let n = 0;
    for (const socket of this.io.sockets.sockets.values()) {
      if (socket.data.code === undefined) continue;
      delete socket.data.code;
      socket.disconnect(true);
      n++;
    }
    this.o.log.warn({ sockets: n }, "this process had been declared dead; its room members were cut off to rejoin");
  }
}
