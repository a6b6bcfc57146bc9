// The Redis backend in this process against a real redis-server: config, the sliding window and limits (also
// while Redis is away), cluster-wide stats, and a process clearing its own members that no socket backs.
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createSignalingServer } from "../../app.js";
import { ConfigError, loadConfig } from "../../config/config.js";
import { testConfig } from "../../testing/config.js";
import { createLogger } from "../../observability/log.js";
import { createRedisBackend, type RedisBackend } from "./backend.js";
import { connectClient, join, nextEvent } from "../../testing/support.js";
import { eventually, startRedis, type TestRedis } from "../../testing/redis.js";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.dispose();
});

let n = 0;
/** A backend on its own key prefix, or on `prefix` to share one with another backend (another process). */
function backend(overrides: { heartbeatMs?: number; prefix?: string; roomGraceMs?: number } = {}): RedisBackend {
  return createRedisBackend({
    url: redis.url,
    prefix: overrides.prefix ?? `unit-${process.pid}-${n++}:`,
    heartbeatMs: overrides.heartbeatMs ?? 10_000,
    commandTimeoutMs: 10_000,
    codeTtlMs: 60_000,
    roomGraceMs: overrides.roomGraceMs ?? 0,
    maxViewers: 2,
    log: createLogger("silent"),
  });
}

describe("config", () => {
  it("reads the Redis variables, and stays in memory without REDIS_URL", () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    const c = loadConfig({
      REDIS_URL: "redis://10.0.0.5:6379/2",
      REDIS_KEY_PREFIX: "cc:",
      REDIS_HEARTBEAT_SECONDS: "5",
      REDIS_COMMAND_TIMEOUT_MS: "500",
    });
    expect(c).toMatchObject({
      redisUrl: "redis://10.0.0.5:6379/2",
      redisKeyPrefix: "cc:",
      redisHeartbeatSeconds: 5,
      redisCommandTimeoutMs: 500,
    });
    expect(loadConfig({}).redisKeyPrefix).toBe("codecam:");
  });

  it("names every bad Redis variable", () => {
    let error: unknown;
    try {
      loadConfig({
        REDIS_URL: "http://x",
        REDIS_KEY_PREFIX: "a b",
        REDIS_HEARTBEAT_SECONDS: "0",
        REDIS_COMMAND_TIMEOUT_MS: "5",
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as ConfigError).problems.join("\n");
    for (const name of ["REDIS_URL", "REDIS_KEY_PREFIX", "REDIS_HEARTBEAT_SECONDS", "REDIS_COMMAND_TIMEOUT_MS"])
      expect(text).toContain(name);
  });
});

describe("sliding window on Redis", () => {
  it("holds `points` per window per key, says when one frees, and takes back a given-back slot", async () => {
    const b = backend();
    try {
      const w = b.createSlidingWindow({ keyPrefix: "join-fail", points: 3, windowMs: 60_000 });
      const taken = [await w.take("1.2.3.4"), await w.take("1.2.3.4"), await w.take("1.2.3.4")];
      expect(taken.every((t) => t.ok)).toBe(true);
      const refused = await w.take("1.2.3.4");
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(50_000);
      expect((await w.take("5.6.7.8")).ok).toBe(true);
      const first = taken[0]!;
      if (first.ok) await w.giveBack("1.2.3.4", first.id);
      expect((await w.take("1.2.3.4")).ok).toBe(true);
      expect((await w.take("1.2.3.4")).ok).toBe(false);
    } finally {
      await b.close();
    }
  });

  it("is shared by two backends (processes) on one Redis", async () => {
    const a = backend();
    const prefix = `shared-${n}:`;
    const b = backend({ prefix });
    const c = backend({ prefix });
    try {
      const opts = { keyPrefix: "k", points: 2, windowMs: 60_000 };
      expect((await b.createSlidingWindow(opts).take("ip")).ok).toBe(true);
      expect((await c.createSlidingWindow(opts).take("ip")).ok).toBe(true);
      expect((await b.createSlidingWindow(opts).take("ip")).ok).toBe(false);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe("Redis away", () => {
  it("keeps limiting in memory (never fails open), answers UNAVAILABLE from the store, and says why", async () => {
    const own = await startRedis();
    const b = createRedisBackend({
      url: own.url,
      prefix: "away:",
      heartbeatMs: 10_000,
      commandTimeoutMs: 5_000,
      codeTtlMs: 60_000,
      roomGraceMs: 0,
      maxViewers: 2,
      log: createLogger("silent"),
    });
    try {
      await eventually(() => b.unavailableReason?.() === undefined, 20_000, "backend ready");
      const window = b.createSlidingWindow({ keyPrefix: "w", points: 2, windowMs: 60_000 });
      const limiter = b.createLimiter({ keyPrefix: "l", points: 2, durationSeconds: 60 });
      await own.stop();
      await eventually(() => b.unavailableReason?.() !== undefined, 10_000, "backend notices");
      expect(b.unavailableReason?.()).toMatch(/redis/);
      await expect(b.rooms.issueCode()).rejects.toMatchObject({ code: "UNAVAILABLE" });
      await expect(b.rooms.join({ code: "123456", role: "camera", socketId: "s" })).rejects.toMatchObject({
        code: "UNAVAILABLE",
      });
      expect((await window.take("ip")).ok).toBe(true);
      expect((await window.take("ip")).ok).toBe(true);
      expect((await window.take("ip")).ok).toBe(false);
      await limiter.consume("ip");
      await limiter.consume("ip");
      await expect(limiter.consume("ip")).rejects.toMatchObject({ remainingPoints: 0 });
      await own.start();
      await eventually(() => b.unavailableReason?.() === undefined, 15_000, "backend recovers");
      expect((await b.rooms.issueCode()).code).toMatch(/^\d{6}$/);
    } finally {
      await b.close();
      await own.dispose();
    }
  });
});

describe("room store on Redis", () => {
  it("keeps cluster-wide stats in counters: codes, rooms, members", async () => {
    const b = backend();
    try {
      const [x, y] = [await b.rooms.issueCode(), await b.rooms.issueCode()];
      expect(await b.rooms.stats()).toEqual({ codes: 2, rooms: 0, members: 0 });
      const cam = await b.rooms.join({ code: x.code, role: "camera", socketId: "c1" });
      expect(cam.ok).toBe(true);
      await b.rooms.join({ code: x.code, role: "viewer", socketId: "v1" });
      expect(await b.rooms.stats()).toEqual({ codes: 2, rooms: 1, members: 2 });
      expect(await b.rooms.leave(x.code, "v1")).toMatchObject({ id: "v1", role: "viewer" });
      expect(await b.rooms.leave(x.code, "v1")).toBeUndefined();
      await b.rooms.leave(x.code, "c1");
      // Grace 0: the room's code is freed with its last member.
      expect(await b.rooms.stats()).toEqual({ codes: 1, rooms: 0, members: 0 });
      expect(await b.rooms.isLive(x.code)).toBe(false);
      expect(await b.rooms.isLive(y.code)).toBe(true);
    } finally {
      await b.close();
    }
  });

  it("rotates the token on every join and takes the slot back only with the newest one", async () => {
    const b = backend();
    try {
      const { code } = await b.rooms.issueCode();
      const first = await b.rooms.join({ code, role: "camera", socketId: "c1" });
      if (!first.ok) throw new Error("join failed");
      const second = await b.rooms.join({ code, role: "camera", socketId: "c2", token: first.member.token });
      if (!second.ok) throw new Error("reclaim failed");
      expect(second.replaced).toMatchObject({ id: "c1", role: "camera" });
      expect(second.member.token).not.toBe(first.member.token);
      expect(await b.rooms.join({ code, role: "camera", socketId: "c3", token: first.member.token })).toEqual({
        ok: false,
        reason: "ROOM_FULL",
        wrongToken: true,
      });
      // A camera token does not claim a viewer slot.
      const v = await b.rooms.join({ code, role: "viewer", socketId: "v1", token: second.member.token });
      expect(v).toMatchObject({ ok: true });
      expect(v.ok && v.replaced).toBeFalsy();
    } finally {
      await b.close();
    }
  });
});

describe("removed members (remove_peer) on Redis", () => {
  it("bans the token while the code lives: no expiry with members, the grace's once empty, gone with the code", async () => {
    const prefix = `unit-${process.pid}-${n++}:`;
    const b = backend({ prefix, roomGraceMs: 30_000 });
    const raw = new Redis(redis.url);
    try {
      const { code } = await b.rooms.issueCode();
      await b.rooms.join({ code, role: "camera", socketId: "c1" });
      const v = await b.rooms.join({ code, role: "viewer", socketId: "v1" });
      if (!v.ok) throw new Error("join failed");
      expect(await b.rooms.remove(code, "v1")).toEqual(v.member);
      expect(await b.rooms.remove(code, "v1")).toBeUndefined();
      const banned = `${prefix}removed:${code}`;
      expect(await raw.smembers(banned)).toEqual([v.member.token]);
      expect(await raw.pttl(banned)).toBe(-1);
      const again = { code, role: "viewer" as const, socketId: "v2", token: v.member.token };
      expect(await b.rooms.join(again)).toEqual({ ok: false, reason: "REMOVED", wrongToken: false });

      await b.rooms.leave(code, "c1");
      const ttl = await raw.pttl(banned);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30_000);
      expect(Math.abs(ttl - (await raw.pttl(`${prefix}code:${code}`)))).toBeLessThan(1_000);
      // A join within the grace revives the room, and the ban with it.
      await b.rooms.join({ code, role: "camera", socketId: "c2" });
      expect(await raw.pttl(banned)).toBe(-1);
      expect(await b.rooms.join(again)).toEqual({ ok: false, reason: "REMOVED", wrongToken: false });
    } finally {
      raw.disconnect();
      await b.close();
    }
  });

  it("drops the ban with a code freed at once (no grace)", async () => {
    const prefix = `unit-${process.pid}-${n++}:`;
    const b = backend({ prefix });
    const raw = new Redis(redis.url);
    try {
      const { code } = await b.rooms.issueCode();
      await b.rooms.join({ code, role: "camera", socketId: "c1" });
      await b.rooms.join({ code, role: "viewer", socketId: "v1" });
      await b.rooms.remove(code, "v1");
      expect(await raw.exists(`${prefix}removed:${code}`)).toBe(1);
      await b.rooms.leave(code, "c1");
      expect(await raw.exists(`${prefix}removed:${code}`, `${prefix}code:${code}`)).toBe(0);
    } finally {
      raw.disconnect();
      await b.close();
    }
  });
});

describe("own records no socket backs", () => {
  it("are cleared by the process's own sweep, with peer_left to the room", async () => {
    const config = testConfig({ redisUrl: redis.url, redisKeyPrefix: `own-${n++}:`, redisHeartbeatSeconds: 1 });
    const server = createSignalingServer(config);
    const { http } = await server.listen();
    const url = `http://127.0.0.1:${http}`;
    try {
      const { code } = await server.backend.rooms.issueCode();
      const viewer = await connectClient(url);
      // A member recorded for this process whose leave never reached Redis (as during an outage): no socket has its id.
      const ghost = await server.backend.rooms.join({ code, role: "camera", socketId: "ghost-socket" });
      expect(ghost.ok).toBe(true);
      const res = await join(viewer, code, "viewer");
      expect(res.peers).toEqual([{ id: "ghost-socket", type: "camera" }]);
      const left = nextEvent(viewer, "peer_left", 15_000);
      expect(await left).toEqual({ id: "ghost-socket", type: "camera" });
      expect(await server.backend.rooms.findMember(code, "ghost-socket")).toBeUndefined();
      expect(await server.backend.rooms.findMember(code, viewer.id!)).toMatchObject({ role: "viewer" });
    } finally {
      await server.close();
    }
  });

  it("leave Redis with nothing of a stopped process but its records' absence", async () => {
    const inspect = new Redis(redis.url);
    const prefix = `stop-${n++}:`;
    const server = createSignalingServer(testConfig({ redisUrl: redis.url, redisKeyPrefix: prefix }));
    const { http } = await server.listen();
    try {
      const code = (await server.backend.rooms.issueCode()).code;
      const cam = await connectClient(`http://127.0.0.1:${http}`);
      await join(cam, code, "camera");
      expect(await inspect.scard(`${prefix}procs`)).toBe(1);
    } finally {
      await server.close();
    }
    await eventually(async () => (await inspect.get(`${prefix}members`)) === "0", 5_000, "members counted down");
    expect(await inspect.keys(`${prefix}proc:*`)).toEqual([]);
    inspect.disconnect();
  });
});
