// Contract case for the store's counts, which the metrics endpoint reports: codes, rooms and members.
import { describe, expect, it } from "vitest";
import { type ContractContext, joinOk } from "./context.js";

/** stats(): live codes, rooms with members, and members, as codes die. */
export function describeStats(c: ContractContext): void {
  const { TTL, GRACE, make, past } = c;
  describe("stats", () => {
    it("counts live codes, rooms with members and members, and drops dead codes", async () => {
      const h = await make();
      const { store } = h;
      expect(await store.stats()).toEqual({ codes: 0, rooms: 0, members: 0 });

      const a = await store.issueCode();
      const b = await store.issueCode();
      await store.issueCode();
      await joinOk(store, { code: a.code, role: "camera", socketId: "cam" });
      await joinOk(store, { code: a.code, role: "viewer", socketId: "v1" });
      await joinOk(store, { code: b.code, role: "viewer", socketId: "v2" });
      expect(await store.stats()).toEqual({ codes: 3, rooms: 2, members: 3 });

      await store.leave(b.code, "v2"); // b now in grace: still a live code, not a room
      expect(await store.stats()).toEqual({ codes: 3, rooms: 1, members: 2 });

      await h.advance(past(GRACE)); // b freed
      expect(await store.stats()).toEqual({ codes: 2, rooms: 1, members: 2 });

      await h.advance(past(TTL)); // the unused code expired
      expect(await store.stats()).toEqual({ codes: 1, rooms: 1, members: 2 });
    });
  });
}
