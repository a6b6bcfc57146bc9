// The memory store: the shared RoomStore contract on an injected clock, and what only this store has (its timer).
import { afterEach, describe, expect, it, vi } from "vitest";
import { describeRoomStore } from "../../testing/room-store-contract/index.js";
import { MemoryRoomStore } from "./room-store.js";

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

const CODE_TTL_MS = 600_000;
const ROOM_GRACE_MS = 60_000;

describeRoomStore("memory", {
  codeTtlMs: CODE_TTL_MS,
  roomGraceMs: ROOM_GRACE_MS,
  exactClock: true,
  marginMs: 0,
  forcedDraws,
  make: async (rules) => {
    // A hand-driven clock: time moves only when a test says so.
    let t = 1_700_000_000_000;
    const store = new MemoryRoomStore({ ...rules, now: () => t });
    return {
      store,
      now: () => t,
      advance: async (ms) => {
        t += ms;
      },
      close: () => store.close(),
    };
  },
});

afterEach(() => {
  forcedDraws.length = 0;
});

describe("close", () => {
  it("starts one sweeper timer and stops it on close, which can be called twice", async () => {
    vi.useFakeTimers();
    try {
      expect(vi.getTimerCount()).toBe(0);
      const store = new MemoryRoomStore({ codeTtlMs: CODE_TTL_MS, roomGraceMs: ROOM_GRACE_MS, maxViewers: 4 });
      expect(vi.getTimerCount()).toBe(1);
      await store.issueCode();
      store.close();
      expect(vi.getTimerCount()).toBe(0);
      expect(() => store.close()).not.toThrow();
      expect(vi.getTimerCount()).toBe(0);
      expect(await store.stats()).toEqual({ codes: 0, rooms: 0, members: 0 });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe("what the sweep's queues hold", () => {
  it("only codes that may still die: a joined code, and a room that filled again, leave the queues", async () => {
    let t = 1_700_000_000_000;
    const store = new MemoryRoomStore({
      codeTtlMs: CODE_TTL_MS,
      roomGraceMs: ROOM_GRACE_MS,
      maxViewers: 4,
      now: () => t,
    });
    try {
      // A busy server's churn: code issued, joined, left, within seconds, thousands of times per CODE_TTL.
      for (let i = 0; i < 1_000; i++) {
        const { code } = await store.issueCode();
        await store.join({ code, role: "camera", socketId: `s${i}` });
        await store.leave(code, `s${i}`);
        t += 100;
      }
      // Each emptied room waits out its grace; nothing else is queued.
      expect(store.queuedDeadlines).toBe(1_000);
      t += ROOM_GRACE_MS;
      expect(await store.stats()).toEqual({ codes: 0, rooms: 0, members: 0 });
      expect(store.queuedDeadlines).toBe(0);

      const { code } = await store.issueCode();
      expect(store.queuedDeadlines).toBe(1);
      await store.join({ code, role: "camera", socketId: "a" });
      expect(store.queuedDeadlines).toBe(0);
      await store.leave(code, "a");
      await store.join({ code, role: "camera", socketId: "b" });
      expect(store.queuedDeadlines).toBe(0);
    } finally {
      store.close();
    }
  });
});
