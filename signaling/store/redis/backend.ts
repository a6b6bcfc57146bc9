// Backend on Redis for several processes: the room store, shared rate limits, the Socket.IO Redis adapter, and
// each process's heartbeat. Redis away: store calls fail fast as UNAVAILABLE, limits fall back to memory,
// health says why, and every client reconnects by itself when Redis is back.
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { nanoid } from "nanoid";
import { Counter, Gauge, type Registry } from "prom-client";
import { RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import type { Logger } from "../../observability/log.js";
import { ProcessLiveness } from "./liveness.js";
import { defineScripts } from "./scripts.js";
import { RedisSlidingWindow } from "./sliding-window.js";
import { RedisRoomStore } from "./room-store.js";
import type { Backend } from "../store.js";
import type { SignalingIo } from "../../types.js";

/** How long listen() waits for Redis at start. */
const READY_WAIT_MS = 5_000;

export interface RedisBackendOptions {
  url: string;
  prefix: string;
  heartbeatMs: number;
  commandTimeoutMs: number;
  codeTtlMs: number;
  roomGraceMs: number;
  maxViewers: number;
  log: Logger;
}

export interface RedisBackend extends Backend {
  /** This process's id in Redis: its heartbeat and the owner of the members it holds. */
  processId: string;
}

export function createRedisBackend(o: RedisBackendOptions): RedisBackend {
  const processId = nanoid(12);
  const log = o.log.child({ processId });
  const lastError = new Map<string, string>();
  const watch = (name: string, client: Redis) => {
    client.on("error", (err: Error) => {
      if (lastError.get(name) !== err.message)
        log.warn({ err: err.message, connection: name }, "redis connection error");
      lastError.set(name, err.message);
    });
    client.on("ready", () => {
      if (lastError.delete(name)) log.info({ connection: name }, "redis connection back");
    });
    return client;
  };

  // Commands wait for a reconnect at most commandTimeoutMs, then fail: a request never hangs on a lost Redis.
  const redis = defineScripts(
    watch(
      "main",
      new Redis(o.url, {
        commandTimeout: o.commandTimeoutMs,
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(100 * times, 1_000),
      }),
    ),
  );
  // The adapter publishes without awaiting: while Redis is away a signal for another process is dropped at once
  // (signals are ephemeral; peers renegotiate), never queued to arrive stale, never an unhandled rejection.
  const pub = watch("publish", redis.duplicate({ enableOfflineQueue: false }));
  const publish = pub.publish.bind(pub);
  pub.publish = ((channel: string, message: string | Buffer) =>
    publish(channel, message).catch(() => 0)) as typeof pub.publish;
  const sub = watch("subscribe", redis.duplicate({ commandTimeout: undefined }));

  const rooms = new RedisRoomStore({
    redis,
    prefix: o.prefix,
    processId,
    codeTtlMs: o.codeTtlMs,
    roomGraceMs: o.roomGraceMs,
    maxViewers: o.maxViewers,
  });
  let liveness: ProcessLiveness | undefined;
  let firstBeat: Promise<void> = Promise.resolve();

  return {
    processId,
    rooms,
    createLimiter: ({ keyPrefix, points, durationSeconds }) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${o.prefix}rl:${keyPrefix}`,
        points,
        duration: durationSeconds,
        // Not ready: straight to the per-process limiter, so the limit holds (per process) instead of failing open.
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
      }),
    createSlidingWindow: (opts) => new RedisSlidingWindow(redis, o.prefix, opts),
    attach(io: SignalingIo, registry: Registry) {
      io.adapter(createAdapter(pub, sub, { key: `${o.prefix}sio` }));
      const freed = new Counter({
        name: "codecam_dead_process_slots_freed_total",
        help: "Room slots this process freed because the process holding them stopped beating.",
        registers: [registry],
      });
      liveness = new ProcessLiveness(io, {
        redis,
        prefix: o.prefix,
        processId,
        heartbeatMs: o.heartbeatMs,
        roomGraceMs: o.roomGraceMs,
        log,
        onFreed: (n) => freed.inc(n),
      });
      firstBeat = liveness.start();
      new Gauge({
        name: "codecam_redis_up",
        help: "1 while this process's Redis connections are ready.",
        registers: [registry],
        collect() {
          this.set(redis.status === "ready" && sub.status === "ready" ? 1 : 0);
        },
      });
      new Gauge({
        name: "codecam_cluster_processes",
        help: "Processes registered in Redis (cluster-wide).",
        registers: [registry],
        async collect() {
          this.set(await redis.scard(`${o.prefix}procs`).catch(() => 0));
        },
      });
      new Gauge({
        name: "codecam_process_room_members",
        help: "Room members connected to this process.",
        registers: [registry],
        collect() {
          let n = 0;
          for (const s of io.sockets.sockets.values()) if (s.data.code !== undefined) n++;
          this.set(n);
        },
      });
    },
    async ready() {
      // PING on the subscriber is answered after the adapter's SUBSCRIBE commands: other processes' messages
      // reach this one from then on. Redis down at start: listen anyway, health says why until it is back.
      const connected = Promise.all([redis.ping(), sub.ping()]).then(
        async () => {
          await firstBeat;
          return liveness?.beating ?? true;
        },
        () => false,
      );
      const waited = new Promise<boolean>((r) => setTimeout(() => r(false), READY_WAIT_MS).unref());
      if (!(await Promise.race([connected, waited])))
        log.warn("redis not reachable at start; serving UNAVAILABLE until it is");
    },
    unavailableReason() {
      if (redis.status !== "ready") return `redis is unreachable (${redis.status}${reasonOf(lastError.get("main"))})`;
      if (sub.status !== "ready")
        return `redis subscriber is not connected (${sub.status}): no delivery to other processes`;
      if (liveness && !liveness.beating) return "this process's heartbeat is not reaching redis";
      return undefined;
    },
    async close() {
      await liveness?.stop();
      // QUIT goes after every queued command, so leaves of the sockets that just closed still land.
      await Promise.all([redis, pub, sub].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

function reasonOf(message: string | undefined): string {
  return message ? `: ${message}` : "";
}
