// The laptop's pacing: one command out at a time, the newest value per property waiting, timeouts, reset.
import { describe, expect, it } from "vitest";
import { ConsoleSender } from "./console-sender.js";
import type { ConsoleMessage } from "./messages.js";

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

function setup(timeoutMs = 60_000) {
  const sent: ConsoleMessage[] = [];
  const sender = new ConsoleSender((m) => sent.push(m), { sleep: async () => {}, timeoutMs });
  const lastId = () => {
    const last = sent.at(-1);
    return last?.t === "console-set" ? last.id : -1;
  };
  return { sent, sender, lastId };
}

describe("ConsoleSender", () => {
  it("a slider dragged across its range sends the first value, then the one where it stopped", async () => {
    const { sent, sender, lastId } = setup();
    sender.set({ prop: "focusDistance", value: 10 });
    await flush();
    for (let v = 11; v <= 100; v++) sender.set({ prop: "focusDistance", value: v });
    expect(sent).toEqual([{ t: "console-set", id: 1, prop: "focusDistance", value: 10 }]);
    sender.resolve(lastId());
    await flush();
    expect(sent.at(-1)).toEqual({ t: "console-set", id: 2, prop: "focusDistance", value: 100 });
    sender.resolve(lastId());
    await sender.idle();
    expect(sent).toHaveLength(2);
    expect(sender.busy).toBe(false);
  });

  it("other properties wait their turn and are not lost", async () => {
    const { sent, sender, lastId } = setup();
    sender.set({ prop: "focusDistance", value: 20 });
    sender.set({ prop: "exposureMode", value: "continuous" });
    await flush();
    sender.resolve(lastId());
    await flush();
    sender.resolve(lastId());
    await sender.idle();
    expect(sent.map((m) => (m.t === "console-set" ? m.prop : m.t))).toEqual(["focusDistance", "exposureMode"]);
  });

  it("goes on after a result that never comes", async () => {
    const { sent, sender } = setup(10);
    sender.set({ prop: "torch", value: true });
    sender.set({ prop: "zoom", value: 2 });
    await sender.idle();
    expect(sent).toHaveLength(2);
  });

  it("reset drops what waits and stops waiting for the one out", async () => {
    const { sent, sender } = setup();
    sender.set({ prop: "zoom", value: 2 });
    await flush();
    sender.set({ prop: "torch", value: true });
    sender.reset();
    await sender.idle();
    expect(sent).toHaveLength(1);
  });
});
