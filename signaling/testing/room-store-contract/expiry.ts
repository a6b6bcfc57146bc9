// Contract cases for how long a code lives: an unused code's TTL, and the grace an emptied room keeps it for.
import { describe, expect, it } from "vitest";
import { type ContractContext, joinOk, joinRefused } from "./context.js";

/** An unused code dies at its TTL; a joined one lives while it has members, then for roomGraceMs. */
export function describeExpiry(c: ContractContext): void {
  const { TTL, GRACE, exact, justBefore, make, past, rest } = c;
  describe("code expiry", () => {
    it("keeps an unused code joinable until just before its TTL", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await h.advance(justBefore(TTL));
      expect(await store.isLive(code)).toBe(true);
      const res = await joinOk(store, { code, role: "camera", socketId: "cam" });
      expect(res.member).toMatchObject({ id: "cam", role: "camera" });
    });

    it("answers CODE_NOT_FOUND for an unused code once its TTL has passed", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await h.advance(past(TTL));
      expect(await store.isLive(code)).toBe(false);
      const res = await joinRefused(store, { code, role: "camera", socketId: "cam" });
      expect(res).toEqual({ ok: false, reason: "CODE_NOT_FOUND", wrongToken: false });
    });

    it("answers CODE_NOT_FOUND for a code that was never issued", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      const other = code === "000000" ? "000001" : "000000";
      const res = await joinRefused(store, { code: other, role: "viewer", socketId: "v" });
      expect(res).toEqual({ ok: false, reason: "CODE_NOT_FOUND", wrongToken: false });
    });

    it("no longer applies the TTL once the code has been joined", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "cam" });
      await h.advance(exact ? TTL * 10 : past(TTL));
      expect(await store.isLive(code)).toBe(true);
      const viewer = await joinOk(store, { code, role: "viewer", socketId: "v1" });
      expect(viewer.peers).toEqual([{ id: "cam", type: "camera" }]);
    });
  });

  describe("grace period", () => {
    it("keeps the code joinable for roomGraceMs after the last member leaves, then frees it", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "cam" });
      await joinOk(store, { code, role: "viewer", socketId: "v1" });
      expect(await store.leave(code, "cam")).toMatchObject({ id: "cam", role: "camera" });
      await h.advance(past(TTL)); // a member remains: nothing expires
      expect(await store.isLive(code)).toBe(true);
      await store.leave(code, "v1");

      await h.advance(justBefore(GRACE));
      expect(await store.isLive(code)).toBe(true);
      await h.advance(rest(GRACE));
      expect(await store.isLive(code)).toBe(false);
      const res = await joinRefused(store, { code, role: "camera", socketId: "cam2" });
      expect(res.reason).toBe("CODE_NOT_FOUND");
      expect((await store.stats()).codes).toBe(0);
    });

    it("revives the room on a join within the grace period, and restarts the grace on the next empty", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "cam" });
      await store.leave(code, "cam");
      await h.advance(justBefore(GRACE));
      const back = await joinOk(store, { code, role: "camera", socketId: "cam2" });
      expect(back.peers).toEqual([]);

      // Revived: the old deadline no longer applies while someone is in it.
      await h.advance(exact ? GRACE * 5 : past(GRACE));
      expect(await store.isLive(code)).toBe(true);

      await store.leave(code, "cam2");
      await h.advance(justBefore(GRACE));
      expect(await store.isLive(code)).toBe(true);
      await h.advance(rest(GRACE));
      expect(await store.isLive(code)).toBe(false);
    });

    it("frees the code at once when roomGraceMs is 0", async () => {
      const h = await make({ roomGraceMs: 0 });
      const { store } = h;
      const { code } = await store.issueCode();
      await joinOk(store, { code, role: "camera", socketId: "cam" });
      await store.leave(code, "cam");
      expect(await store.isLive(code)).toBe(false);
    });

    it("lets a freed code be issued again", async () => {
      const h = await make();
      const { store } = h;
      const { code } = await store.issueCode();
      await h.advance(past(TTL));
      expect(await store.isLive(code)).toBe(false);
      // The freed code no longer counts against the space: a new issue may draw anything and is live.
      const next = await store.issueCode();
      expect(await store.isLive(next.code)).toBe(true);
      expect((await store.stats()).codes).toBe(1);
    });
  });
}
