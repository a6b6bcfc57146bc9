// The behavioural cases of docs/PROTOCOL.md "Codes and rooms" that every RoomStore must pass: slots, grace, reclaim,
// token rotation, expiry, removal, stats and code draws. Run on the memory store (store/memory/room-store.test.ts,
// an injected clock) and on the Redis store (store/redis/room-store.integration.test.ts, Redis's own clock).
import { afterEach, describe, expect, it } from "vitest";
import { SignalingError } from "../errors.js";
import type { JoinRequest, JoinResult, RoomStore } from "../store/store.js";

export interface StoreHarness {
  store: RoomStore;
  /** Lets `ms` of the store's time pass: an injected clock moves at once; a real one is waited for. */
  advance(ms: number): Promise<void>;
  /** The store's clock now (ms since the epoch). */
  now(): number;
  close(): Promise<void> | void;
}

export interface StoreRules {
  codeTtlMs: number;
  roomGraceMs: number;
  maxViewers: number;
}

export interface ContractOptions {
  /** Makes a fresh, empty store with these rules. */
  make(rules: StoreRules): Promise<StoreHarness>;
  codeTtlMs: number;
  roomGraceMs: number;
  /**
   * True when time only moves when told (a deadline can be tested to the millisecond). False for a real clock:
   * "still live just before the deadline" is then checked right away, and "gone" after the deadline plus marginMs.
   */
  exactClock: boolean;
  marginMs: number;
  /** Codes the next draws return, in order (the test file mocks nanoid's customAlphabet to read it). */
  forcedDraws: string[];
}

type Ok = Extract<JoinResult, { ok: true }>;
type Refused = Extract<JoinResult, { ok: false }>;

async function joinOk(store: RoomStore, req: JoinRequest): Promise<Ok> {
  const res = await store.join(req);
  if (!res.ok) throw new Error(`join ${req.socketId} refused: ${res.reason}`);
  return res;
}

async function joinRefused(store: RoomStore, req: JoinRequest): Promise<Refused> {
  const res = await store.join(req);
  if (res.ok) throw new Error(`join ${req.socketId} unexpectedly succeeded`);
  return res;
}

export function describeRoomStore(name: string, o: ContractOptions): void {
  const TTL = o.codeTtlMs;
  const GRACE = o.roomGraceMs;
  const exact = o.exactClock;
  const forcedDraws = o.forcedDraws;
  /** How far past a deadline to go to be sure it has passed. */
  const past = (ms: number) => (exact ? ms : ms + o.marginMs);
  /** How far to go to be still before a deadline of `ms` from now, and then the rest of the way past it. */
  const justBefore = (ms: number) => (exact ? ms - 1 : 0);
  const rest = (ms: number) => (exact ? 1 : ms + o.marginMs);
  /** Clock skew allowed between the test and the store (Redis reads its own clock). */
  const skew = exact ? 0 : o.marginMs;
  const open: StoreHarness[] = [];

  async function make(overrides: Partial<StoreRules> = {}): Promise<StoreHarness> {
    const h = await o.make({ codeTtlMs: TTL, roomGraceMs: GRACE, maxViewers: 4, ...overrides });
    open.push(h);
    return h;
  }

  describe(`RoomStore contract: ${name}`, () => {
    afterEach(async () => {
      forcedDraws.length = 0;
      for (const h of open.splice(0)) await h.close();
    });

    describe("issueCode", () => {
      it("issues six-digit codes that expire codeTtlMs after issue", async () => {
        const h = await make();
        const { store } = h;
        const before = h.now();
        const issued = await store.issueCode();
        const after = h.now();
        expect(issued.code).toMatch(/^[0-9]{6}$/);
        expect(issued.expiresAt).toBeGreaterThanOrEqual(before + TTL - skew);
        expect(issued.expiresAt).toBeLessThanOrEqual(after + TTL + skew);
      });

      it("never issues a code that is already live", async () => {
        const h = await make();
        const { store } = h;
        const codes = new Set<string>();
        for (let i = 0; i < 1_000; i++) {
          const { code } = await store.issueCode();
          expect(code).toMatch(/^[0-9]{6}$/);
          codes.add(code);
        }
        expect(codes.size).toBe(1_000);
        expect((await store.stats()).codes).toBe(1_000);
      });

      it("draws codes across the whole space, leading zeros included", async () => {
        const h = await make();
        const { store } = h;
        const firstDigits = new Set<string>();
        for (let i = 0; i < 500; i++) firstDigits.add((await store.issueCode()).code[0]!);
        // 500 uniform draws miss one of the ten first digits with probability about 10 * 0.9^500 ≈ 1e-22.
        expect([...firstDigits].sort().join("")).toBe("0123456789");
      });
    });

    describe("issueCode when draws collide", () => {
      it("draws again when the drawn code is live", async () => {
        const h = await make();
        const { store } = h;
        forcedDraws.push("111111");
        expect((await store.issueCode()).code).toBe("111111");
        forcedDraws.push("111111", "111111", "222222");
        expect((await store.issueCode()).code).toBe("222222");
        expect(forcedDraws).toEqual([]);
      });

      it("reuses a drawn code whose earlier issue has expired", async () => {
        const h = await make();
        const { store } = h;
        forcedDraws.push("333333");
        await store.issueCode();
        await h.advance(past(TTL));
        forcedDraws.push("333333");
        const before = h.now();
        const again = await store.issueCode();
        expect(again.code).toBe("333333");
        expect(again.expiresAt).toBeGreaterThanOrEqual(before + TTL - skew);
        expect(again.expiresAt).toBeLessThanOrEqual(h.now() + TTL + skew);
      });

      it("throws UNAVAILABLE when every draw hits a live code", async () => {
        const h = await make();
        const { store } = h;
        forcedDraws.push("444444");
        await store.issueCode();
        forcedDraws.push(...Array<string>(1_000).fill("444444"));
        const err = await store.issueCode().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(SignalingError);
        expect((err as SignalingError).code).toBe("UNAVAILABLE");
        // It gave up after a bounded number of draws, not after the 1,000 on offer.
        expect(forcedDraws.length).toBeGreaterThan(0);
        expect((await store.stats()).codes).toBe(1);
      });
    });

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
  });
}
