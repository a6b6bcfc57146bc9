import { describe, expect, it } from "vitest";
import { DeadlineQueue } from "./deadline-queue.js";

describe("DeadlineQueue", () => {
  it("pops due codes in deadline order and keeps the rest", () => {
    const q = new DeadlineQueue();
    q.push("111111", 10);
    q.push("222222", 20);
    q.push("333333", 30);
    expect([...q.popDue(20)]).toEqual(["111111", "222222"]);
    expect(q.size).toBe(1);
    expect([...q.popDue(29)]).toEqual([]);
    expect([...q.popDue(30)]).toEqual(["333333"]);
    expect(q.size).toBe(0);
  });

  it("drops a code at once, and moves a pushed-again code to the tail", () => {
    const q = new DeadlineQueue();
    q.push("111111", 10);
    q.push("222222", 20);
    q.drop("222222");
    q.push("111111", 40);
    q.push("333333", 50);
    expect(q.size).toBe(2);
    expect([...q.popDue(45)]).toEqual(["111111"]);
    expect([...q.popDue(60)]).toEqual(["333333"]);
  });
});
