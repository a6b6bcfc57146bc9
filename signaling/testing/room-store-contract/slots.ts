// Contract cases for a room's slots: one camera, maxViewers viewers, peers listed, and races for the last slot.
import { describe, expect, it } from "vitest";
import { type ContractContext, joinOk, joinRefused } from "./context.js";

/** Slots: ROOM_FULL past one camera and maxViewers viewers, and exactly one winner of a race for the last. */
export function describeSlots(c: ContractContext): void {
  const { make } = c;
  describe("slots", () => {
    it("takes one camera and maxViewers viewers, then answers ROOM_FULL without wrongToken", async () => {
      const h = await make({ maxViewers: 3 });
      const { store } = h;
      const { code } = await store.issueCode();
      const cam = await joinOk(store, { code, role: "camera", socketId: "cam" });
      expect(cam.peers).toEqual([]);
      expect(cam.replaced).toBeUndefined();
      for (const v of ["v1", "v2", "v3"]) await joinOk(store, { code, role: "viewer", socketId: v });

      expect(await joinRefused(store, { code, role: "viewer", socketId: "v4" })).toEqual({
        ok: false,
        reason: "ROOM_FULL",
        wrongToken: false,
      });
      expect(await joinRefused(store, { code, role: "camera", socketId: "cam2" })).toEqual({
        ok: false,
        reason: "ROOM_FULL",
        wrongToken: false,
      });
      expect(await store.stats()).toEqual({ codes: 1, rooms: 1, members: 4 });
    });

    it("lists the others already in the room as peers, never the joiner", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "viewer", socketId: "v1" });
      await joinOk(store, { code, role: "camera", socketId: "cam" });
      const v2 = await joinOk(store, { code, role: "viewer", socketId: "v2" });
      expect(v2.peers).toHaveLength(2);
      expect(v2.peers).toEqual(
        expect.arrayContaining([
          { id: "v1", type: "viewer" },
          { id: "cam", type: "camera" },
        ]),
      );
    });

    it("frees a slot when its member leaves", async () => {
      const h = await make({ maxViewers: 1 });
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "viewer", socketId: "v1" });
      expect((await joinRefused(store, { code, role: "viewer", socketId: "v2" })).reason).toBe("ROOM_FULL");
      expect(await store.leave(code, "v1")).toMatchObject({ id: "v1" });
      await joinOk(store, { code, role: "viewer", socketId: "v2" });
    });

    it("returns undefined when leaving a room one is not in", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "cam" });
      expect(await store.leave(code, "nobody")).toBeUndefined();
      expect(await store.leave("999999" === code ? "999998" : "999999", "cam")).toBeUndefined();
      expect(await store.findMember(code, "cam")).toMatchObject({ id: "cam", role: "camera" });
      expect(await store.leave(code, "cam")).toMatchObject({ id: "cam" });
      expect(await store.leave(code, "cam")).toBeUndefined();
      expect(await store.findMember(code, "cam")).toBeUndefined();
    });

    it("lets exactly one of two concurrent joins take the last viewer slot", async () => {
      const h = await make({ maxViewers: 2 });
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "viewer", socketId: "v1" });
      const results = await Promise.all([
        store.join({ code, role: "viewer", socketId: "a" }),
        store.join({ code, role: "viewer", socketId: "b" }),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "ROOM_FULL", wrongToken: false }]);
      expect((await store.stats()).members).toBe(2);
    });

    it("lets exactly one of many concurrent camera joins take the camera slot", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.join({ code, role: "camera", socketId: `cam${i}` })),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect((await store.stats()).members).toBe(1);
    });
  });
}
