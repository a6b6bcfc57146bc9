// Chooses the Backend from the configuration: Redis when REDIS_URL is set (several processes), else in memory.
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/log.js";
import { createMemoryBackend } from "./memory/backend.js";
import { createRedisBackend } from "./redis/backend.js";
import type { Backend } from "./store.js";

/** `now` is the memory store's clock (tests step it); Redis keeps time with its own TTLs. */
export function createBackend(config: Readonly<Config>, log: Logger, now?: () => number): Backend {
  const rules = {
    codeTtlMs: config.codeTtlSeconds * 1000,
    roomGraceMs: config.roomGraceSeconds * 1000,
    maxViewers: config.maxViewers,
  };
  if (config.redisUrl === undefined) return createMemoryBackend({ ...rules, ...(now ? { now } : {}) });
  return createRedisBackend({
    ...rules,
    url: config.redisUrl,
    prefix: config.redisKeyPrefix,
    heartbeatMs: config.redisHeartbeatSeconds * 1000,
    commandTimeoutMs: config.redisCommandTimeoutMs,
    log,
  });
}
