// The Redis store against a real redis-server: the shared RoomStore contract, with Redis keeping time by its own
// TTLs (short ones here, waited for), each store on a key prefix of its own.
import { Redis } from "ioredis";
import { afterAll, beforeAll, vi } from "vitest";
import { describeRoomStore } from "../../testing/room-store-contract/index.js";
import { startRedis, type TestRedis } from "../../testing/redis.js";
import { RedisRoomStore } from "./room-store.js";
import { defineScripts } from "./scripts.js";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/** Codes the next draws return, in order, before falling back to the real random source. */
const forcedDraws = vi.hoisted(() => [] as string[]);
vi.mock("nanoid", async (importOriginal) => {
  const real = await importOriginal<typeof import("nanoid")>();
  return {
    ...real,
    customAlphabet: (alphabet: string, size: number) => {
      const draw = real.customAlphabet(alphabet, size);
      return () => forcedDraws.shift() ?? draw();
    },
  };
});

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.dispose();
});

let n = 0;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeRoomStore("redis", {
  // The code outlives the grace by more than the margin, so the stats case can tell the two expiries apart.
  codeTtlMs: 4_000,
  roomGraceMs: 1_500,
  exactClock: false,
  marginMs: 600,
  forcedDraws,
  make: async (rules) => {
    const client = defineScripts(new Redis(redis.url, { lazyConnect: false }));
    const store = new RedisRoomStore({
      ...rules,
      redis: client,
      prefix: `contract-${process.pid}-${n++}:`,
      processId: "contract",
    });
    return {
      store,
      now: () => Date.now(),
      advance: (ms) => sleep(ms),
      close: () => client.disconnect(),
    };
  },
});
