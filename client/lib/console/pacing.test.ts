// The rate limit (with an injected clock) and the newest-value queue a dragged slider goes through.
import { describe, expect, it, vi } from "vitest";
import { LatestQueue, RateLimiter } from "./pacing.js";

describe("RateLimiter", () => {
  it("allows the burst, then one command per 1/perSecond seconds", () => {
    let now = 0;
    const limit = new RateLimiter(5, 8, () => now);
    const burst = Array.from({ length: 10 }, () => limit.take());
    expect(burst.filter(Boolean)).toHaveLength(8);
    expect(limit.take()).toBe(false);
    now += 199;
    expect(limit.take()).toBe(false);
    now += 1;
    expect(limit.take()).toBe(true);
    expect(limit.take()).toBe(false);
    now += 10_000;
    expect(Array.from({ length: 10 }, () => limit.take()).filter(Boolean)).toHaveLength(8);
  });
});

/** A run function whose calls finish only when the test says so. */
function gatedRunner<T>() {
  const calls: T[] = [];
  const gates: (() => void)[] = [];
  const run = (item: T) =>
    new Promise<void>((resolve) => {
      calls.push(item);
      gates.push(resolve);
    });
  const release = async () => {
    gates.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { calls, run, release };
}

describe("LatestQueue", () => {
  it("a dragged slider: one call in flight, then only the newest of the values that came meanwhile", async () => {
    const { calls, run, release } = gatedRunner<number>();
    const replaced: number[] = [];
    const queue = new LatestQueue(run, (old) => replaced.push(old));
    queue.push("focusDistance", 10);
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toEqual([10]);
    for (let v = 11; v <= 70; v++) queue.push("focusDistance", v);
    expect(queue.waiting).toBe(1);
    await release();
    expect(calls).toEqual([10, 70]);
    await release();
    await queue.idle();
    expect(calls).toEqual([10, 70]);
    expect(replaced).toHaveLength(59);
    expect(queue.busy).toBe(false);
  });

  it("values pushed in one go collapse before the first call", async () => {
    const { calls, run, release } = gatedRunner<number>();
    const queue = new LatestQueue(run);
    queue.push("zoom", 1);
    queue.push("zoom", 2);
    queue.push("zoom", 3);
    await release();
    expect(calls).toEqual([3]);
    await release();
    await queue.idle();
  });

  it("different properties keep their order; a newer value keeps its property's place", async () => {
    const { calls, run, release } = gatedRunner<string>();
    const queue = new LatestQueue(run);
    queue.push("a", "a1");
    await Promise.resolve();
    await Promise.resolve();
    queue.push("b", "b1");
    queue.push("c", "c1");
    queue.push("b", "b2");
    for (let i = 0; i < 4; i++) await release();
    await queue.idle();
    expect(calls).toEqual(["a1", "b2", "c1"]);
  });

  it("keeps going after a failed run, and clear() hands back what waited", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const calls: number[] = [];
    const queue = new LatestQueue<number>(async (n) => {
      calls.push(n);
      if (n === 1) throw new Error("refused");
    });
    queue.push("x", 1);
    queue.push("y", 2);
    await queue.idle();
    expect(calls).toEqual([1, 2]);
    queue.push("x", 3);
    queue.push("y", 4);
    expect(queue.clear()).toEqual([3, 4]);
    await queue.idle();
    expect(calls).toEqual([1, 2]);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });
});
