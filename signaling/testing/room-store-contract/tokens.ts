// Contract cases for reclaim tokens and their bans: who a token lets back in, once, and whom remove_peer keeps out.
import { describe, expect, it } from "vitest";
import { type ContractContext, joinOk, joinRefused } from "./context.js";

/** PROTOCOL.md "Reclaim tokens", and "Removing a member": the ban on the removed member's token. */
export function describeTokens(c: ContractContext): void {
  const { GRACE, justBefore, make, past } = c;
  describe("reclaim tokens", () => {
    it("gives every member its own token", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      const a = await joinOk(store, { code, role: "camera", socketId: "cam" });
      const b = await joinOk(store, { code, role: "viewer", socketId: "v1" });
      expect(a.member.token).toEqual(expect.any(String));
      expect(a.member.token.length).toBeGreaterThanOrEqual(16);
      expect(b.member.token).not.toBe(a.member.token);
    });

    it("replaces the stale camera on a reclaim with a fresh token, and leaves the stale one out of peers", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      const first = await joinOk(store, { code, role: "camera", socketId: "cam-old" });
      await joinOk(store, { code, role: "viewer", socketId: "v1" });

      const back = await joinOk(store, { code, role: "camera", socketId: "cam-new", token: first.member.token });
      expect(back.member).toEqual({ id: "cam-new", role: "camera", token: expect.any(String) });
      expect(back.member.token).not.toBe(first.member.token);
      expect(back.replaced).toEqual({ id: "cam-old", role: "camera", token: first.member.token });
      expect(back.peers).toEqual([{ id: "v1", type: "viewer" }]);

      expect(await store.findMember(code, "cam-old")).toBeUndefined();
      expect(await store.leave(code, "cam-old")).toBeUndefined();
      expect(await store.findMember(code, "cam-new")).toEqual(back.member);
      expect(await store.stats()).toEqual({ codes: 1, rooms: 1, members: 2 });
    });

    it("replaces a stale viewer in a full room, where a join without the token is ROOM_FULL", async () => {
      const h = await make({ maxViewers: 2 });
      const { store } = h;
      const { code } = await store.issueCode();
      const v1 = await joinOk(store, { code, role: "viewer", socketId: "v1" });
      await joinOk(store, { code, role: "viewer", socketId: "v2" });
      expect((await joinRefused(store, { code, role: "viewer", socketId: "v1b" })).reason).toBe("ROOM_FULL");

      const back = await joinOk(store, { code, role: "viewer", socketId: "v1b", token: v1.member.token });
      expect(back.replaced?.id).toBe("v1");
      expect(back.member.token).not.toBe(v1.member.token);
      expect(back.peers).toEqual([{ id: "v2", type: "viewer" }]);
      expect((await store.stats()).members).toBe(2);
    });

    it("reclaims within the grace period after the stale member has left", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      const first = await joinOk(store, { code, role: "camera", socketId: "cam-old" });
      await store.leave(code, "cam-old");
      await h.advance(justBefore(GRACE));
      // The stale member is gone, so the slot is simply free: the join goes ahead, with a fresh token.
      const back = await joinOk(store, { code, role: "camera", socketId: "cam-new", token: first.member.token });
      expect(back.replaced).toBeUndefined();
      expect(back.member.id).toBe("cam-new");
    });

    it("answers ROOM_FULL with wrongToken for a token that matches no member when the slot is taken", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "cam" });
      const res = await joinRefused(store, {
        code,
        role: "camera",
        socketId: "cam2",
        token: "not-a-token-of-this-room",
      });
      expect(res).toEqual({ ok: false, reason: "ROOM_FULL", wrongToken: true });
      expect(await store.findMember(code, "cam")).toMatchObject({ id: "cam" });
    });

    it("does not let a viewer's token reclaim the camera slot", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "cam" });
      const viewer = await joinOk(store, { code, role: "viewer", socketId: "v1" });
      const res = await joinRefused(store, { code, role: "camera", socketId: "x", token: viewer.member.token });
      expect(res).toEqual({ ok: false, reason: "ROOM_FULL", wrongToken: true });
      expect(await store.findMember(code, "cam")).toMatchObject({ id: "cam", role: "camera" });
      expect(await store.findMember(code, "v1")).toMatchObject({ id: "v1", role: "viewer" });
    });

    it("joins as without a token when a wrong token claims a free slot", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      const res = await joinOk(store, { code, role: "camera", socketId: "cam", token: "made-up-token" });
      expect(res.replaced).toBeUndefined();
      expect(res.member.id).toBe("cam");
      expect(res.member.token).not.toBe("made-up-token");
    });

    it("lets a token work once: after a reclaim the evicted holder's token takes nothing back", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      const first = await joinOk(store, { code, role: "camera", socketId: "cam-1" });
      const second = await joinOk(store, { code, role: "camera", socketId: "cam-2", token: first.member.token });
      const res = await joinRefused(store, { code, role: "camera", socketId: "cam-1b", token: first.member.token });
      expect(res).toMatchObject({ reason: "ROOM_FULL", wrongToken: true });
      // The newest token still reclaims, and is replaced in turn.
      const third = await joinOk(store, { code, role: "camera", socketId: "cam-3", token: second.member.token });
      expect(third.replaced?.id).toBe("cam-2");
      expect(third.member.token).not.toBe(second.member.token);
    });

    it("does not accept a token after its room has been freed", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      const first = await joinOk(store, { code, role: "camera", socketId: "cam" });
      await store.leave(code, "cam");
      await h.advance(past(GRACE));
      const res = await joinRefused(store, { code, role: "camera", socketId: "cam2", token: first.member.token });
      expect(res.reason).toBe("CODE_NOT_FOUND");
    });
  });

  describe("remove (remove_peer)", () => {
    it("takes the member out and bans its token from the code, even on a free slot", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "c" });
      const v = await joinOk(store, { code, role: "viewer", socketId: "v" });
      expect(await store.remove(code, "v")).toEqual(v.member);
      expect(await store.findMember(code, "v")).toBeUndefined();
      expect(await joinRefused(store, { code, role: "viewer", socketId: "v2", token: v.member.token })).toEqual({
        ok: false,
        reason: "REMOVED",
        wrongToken: false,
      });
      // Without the token the same client joins as a new member, with a token of its own that works as any does.
      const fresh = await joinOk(store, { code, role: "viewer", socketId: "v3" });
      expect(
        (await joinOk(store, { code, role: "viewer", socketId: "v4", token: fresh.member.token })).replaced,
      ).toEqual(fresh.member);
    });

    it("answers undefined for a socket that is not a member, and bans nothing", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "c" });
      expect(await store.remove(code, "nobody")).toBeUndefined();
      expect(await store.remove("999999", "c")).toBeUndefined();
      expect((await store.stats()).members).toBe(1);
    });

    it("keeps the ban through the grace period, and the room's revival", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "c" });
      const v = await joinOk(store, { code, role: "viewer", socketId: "v" });
      await store.remove(code, "v");
      await store.leave(code, "c");
      await h.advance(justBefore(GRACE));
      await joinOk(store, { code, role: "camera", socketId: "c2" });
      expect((await joinRefused(store, { code, role: "viewer", socketId: "v2", token: v.member.token })).reason).toBe(
        "REMOVED",
      );
    });
  });
}
