// MemoryRoomStore: the rules of docs/PROTOCOL.md "Codes and rooms", on an injected clock.
import { afterEach, describe, expect, it, vi } from "vitest";
import { SignalingError } from "../../errors.js";
import { MemoryRoomStore, type MemoryStoreOptions } from "./room-store.js";
import type { JoinRequest, JoinResult } from "../store.js";

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

/** A hand-driven clock: time moves only when a test says so. */
class Clock {
  t = 1_700_000_000_000;
  readonly now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

const stores: MemoryRoomStore[] = [];
afterEach(() => {
  forcedDraws.length = 0;
  for (const s of stores.splice(0)) s.close();
});

function makeStore(overrides: Partial<MemoryStoreOptions> = {}) {
  const clock = new Clock();
  const store = new MemoryRoomStore({
    codeTtlMs: CODE_TTL_MS,
    roomGraceMs: ROOM_GRACE_MS,
    maxViewers: 4,
    now: clock.now,
    ...overrides,
  });
  stores.push(store);
  return { store, clock };
}

type Ok = Extract<JoinResult, { ok: true }>;
type Refused = Extract<JoinResult, { ok: false }>;

async function joinOk(store: MemoryRoomStore, req: JoinRequest): Promise<Ok> {
  const res = await store.join(req);
  if (!res.ok) throw new Error(`join ${req.socketId} refused: ${res.reason}`);
  return res;
}

async function joinRefused(store: MemoryRoomStore, req: JoinRequest): Promise<Refused> {
  const res = await store.join(req);
  if (res.ok) throw new Error(`join ${req.socketId} unexpectedly succeeded`);
  return res;
}

describe("issueCode", () => {
  it("issues six-digit codes that expire codeTtlMs after issue", async () => {
    const { store, clock } = makeStore();
    const issued = await store.issueCode();
    expect(issued.code).toMatch(/^[0-9]{6}$/);
    expect(issued.expiresAt).toBe(clock.t + CODE_TTL_MS);
  });

  it("never issues a code that is already live", async () => {
    const { store } = makeStore();
    const codes = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const { code } = await store.issueCode();
      expect(code).toMatch(/^[0-9]{6}$/);
      codes.add(code);
    }
    expect(codes.size).toBe(2_000);
    expect((await store.stats()).codes).toBe(2_000);
  });

  it("draws codes across the whole space, leading zeros included", async () => {
    const { store } = makeStore();
    const firstDigits = new Set<string>();
    for (let i = 0; i < 500; i++) firstDigits.add((await store.issueCode()).code[0]!);
    // 500 uniform draws miss one of the ten first digits with probability about 10 * 0.9^500 ≈ 1e-22.
    expect([...firstDigits].sort().join("")).toBe("0123456789");
  });
});

describe("issueCode when draws collide", () => {
  it("draws again when the drawn code is live", async () => {
    const { store } = makeStore();
    forcedDraws.push("111111");
    expect((await store.issueCode()).code).toBe("111111");
    forcedDraws.push("111111", "111111", "222222");
    expect((await store.issueCode()).code).toBe("222222");
    expect(forcedDraws).toEqual([]);
  });

  it("reuses a drawn code whose earlier issue has expired", async () => {
    const { store, clock } = makeStore();
    forcedDraws.push("333333");
    await store.issueCode();
    clock.advance(CODE_TTL_MS);
    forcedDraws.push("333333");
    const again = await store.issueCode();
    expect(again).toEqual({ code: "333333", expiresAt: clock.t + CODE_TTL_MS });
  });

  it("throws UNAVAILABLE when every draw hits a live code", async () => {
    const { store } = makeStore();
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
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    clock.advance(CODE_TTL_MS - 1);
    expect(await store.isLive(code)).toBe(true);
    const res = await joinOk(store, { code, role: "camera", socketId: "cam" });
    expect(res.member).toMatchObject({ id: "cam", role: "camera" });
  });

  it("answers CODE_NOT_FOUND for an unused code once its TTL has passed", async () => {
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    clock.advance(CODE_TTL_MS);
    expect(await store.isLive(code)).toBe(false);
    const res = await joinRefused(store, { code, role: "camera", socketId: "cam" });
    expect(res).toEqual({ ok: false, reason: "CODE_NOT_FOUND", wrongToken: false });
  });

  it("answers CODE_NOT_FOUND for a code that was never issued", async () => {
    const { store } = makeStore();
    const { code } = await store.issueCode();
    const other = code === "000000" ? "000001" : "000000";
    const res = await joinRefused(store, { code: other, role: "viewer", socketId: "v" });
    expect(res).toEqual({ ok: false, reason: "CODE_NOT_FOUND", wrongToken: false });
  });

  it("no longer applies the TTL once the code has been joined", async () => {
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "camera", socketId: "cam" });
    clock.advance(CODE_TTL_MS * 10);
    expect(await store.isLive(code)).toBe(true);
    const viewer = await joinOk(store, { code, role: "viewer", socketId: "v1" });
    expect(viewer.peers).toEqual([{ id: "cam", type: "camera" }]);
  });
});

describe("grace period", () => {
  it("keeps the code joinable for roomGraceMs after the last member leaves, then frees it", async () => {
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "camera", socketId: "cam" });
    await joinOk(store, { code, role: "viewer", socketId: "v1" });
    clock.advance(5_000);
    expect(await store.leave(code, "cam")).toMatchObject({ id: "cam", role: "camera" });
    clock.advance(CODE_TTL_MS); // a member remains: nothing expires
    expect(await store.isLive(code)).toBe(true);
    await store.leave(code, "v1");

    clock.advance(ROOM_GRACE_MS - 1);
    expect(await store.isLive(code)).toBe(true);
    clock.advance(1);
    expect(await store.isLive(code)).toBe(false);
    const res = await joinRefused(store, { code, role: "camera", socketId: "cam2" });
    expect(res.reason).toBe("CODE_NOT_FOUND");
    expect((await store.stats()).codes).toBe(0);
  });

  it("revives the room on a join within the grace period, and restarts the grace on the next empty", async () => {
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "camera", socketId: "cam" });
    await store.leave(code, "cam");
    clock.advance(ROOM_GRACE_MS - 1);
    const back = await joinOk(store, { code, role: "camera", socketId: "cam2" });
    expect(back.peers).toEqual([]);

    // Revived: the old deadline no longer applies while someone is in it.
    clock.advance(ROOM_GRACE_MS * 5);
    expect(await store.isLive(code)).toBe(true);

    await store.leave(code, "cam2");
    clock.advance(ROOM_GRACE_MS - 1);
    expect(await store.isLive(code)).toBe(true);
    clock.advance(1);
    expect(await store.isLive(code)).toBe(false);
  });

  it("frees the code at once when roomGraceMs is 0", async () => {
    const { store } = makeStore({ roomGraceMs: 0 });
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "camera", socketId: "cam" });
    await store.leave(code, "cam");
    expect(await store.isLive(code)).toBe(false);
  });

  it("lets a freed code be issued again", async () => {
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    clock.advance(CODE_TTL_MS);
    expect(await store.isLive(code)).toBe(false);
    // The freed code no longer counts against the space: a new issue may draw anything and is live.
    const next = await store.issueCode();
    expect(await store.isLive(next.code)).toBe(true);
    expect((await store.stats()).codes).toBe(1);
  });
});

describe("slots", () => {
  it("takes one camera and maxViewers viewers, then answers ROOM_FULL without wrongToken", async () => {
    const { store } = makeStore({ maxViewers: 3 });
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
    const { store } = makeStore();
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
    const { store } = makeStore({ maxViewers: 1 });
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "viewer", socketId: "v1" });
    expect((await joinRefused(store, { code, role: "viewer", socketId: "v2" })).reason).toBe("ROOM_FULL");
    expect(await store.leave(code, "v1")).toMatchObject({ id: "v1" });
    await joinOk(store, { code, role: "viewer", socketId: "v2" });
  });

  it("returns undefined when leaving a room one is not in", async () => {
    const { store } = makeStore();
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
    const { store } = makeStore({ maxViewers: 2 });
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
    const { store } = makeStore();
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
    const { store } = makeStore();
    const { code } = await store.issueCode();
    const a = await joinOk(store, { code, role: "camera", socketId: "cam" });
    const b = await joinOk(store, { code, role: "viewer", socketId: "v1" });
    expect(a.member.token).toEqual(expect.any(String));
    expect(a.member.token.length).toBeGreaterThanOrEqual(16);
    expect(b.member.token).not.toBe(a.member.token);
  });

  it("replaces the stale camera on a reclaim with a fresh token, and leaves the stale one out of peers", async () => {
    const { store } = makeStore();
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
    const { store } = makeStore({ maxViewers: 2 });
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
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    const first = await joinOk(store, { code, role: "camera", socketId: "cam-old" });
    await store.leave(code, "cam-old");
    clock.advance(ROOM_GRACE_MS - 1);
    // The stale member is gone, so the slot is simply free: the join goes ahead, with a fresh token.
    const back = await joinOk(store, { code, role: "camera", socketId: "cam-new", token: first.member.token });
    expect(back.replaced).toBeUndefined();
    expect(back.member.id).toBe("cam-new");
  });

  it("answers ROOM_FULL with wrongToken for a token that matches no member when the slot is taken", async () => {
    const { store } = makeStore();
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "camera", socketId: "cam" });
    const res = await joinRefused(store, { code, role: "camera", socketId: "cam2", token: "not-a-token-of-this-room" });
    expect(res).toEqual({ ok: false, reason: "ROOM_FULL", wrongToken: true });
    expect(await store.findMember(code, "cam")).toMatchObject({ id: "cam" });
  });

  it("does not let a viewer's token reclaim the camera slot", async () => {
    const { store } = makeStore();
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "camera", socketId: "cam" });
    const viewer = await joinOk(store, { code, role: "viewer", socketId: "v1" });
    const res = await joinRefused(store, { code, role: "camera", socketId: "x", token: viewer.member.token });
    expect(res).toEqual({ ok: false, reason: "ROOM_FULL", wrongToken: true });
    expect(await store.findMember(code, "cam")).toMatchObject({ id: "cam", role: "camera" });
    expect(await store.findMember(code, "v1")).toMatchObject({ id: "v1", role: "viewer" });
  });

  it("joins as without a token when a wrong token claims a free slot", async () => {
    const { store } = makeStore();
    const { code } = await store.issueCode();
    const res = await joinOk(store, { code, role: "camera", socketId: "cam", token: "made-up-token" });
    expect(res.replaced).toBeUndefined();
    expect(res.member.id).toBe("cam");
    expect(res.member.token).not.toBe("made-up-token");
  });

  it("lets a token work once: after a reclaim the evicted holder's token takes nothing back", async () => {
    const { store } = makeStore();
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
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    const first = await joinOk(store, { code, role: "camera", socketId: "cam" });
    await store.leave(code, "cam");
    clock.advance(ROOM_GRACE_MS);
    const res = await joinRefused(store, { code, role: "camera", socketId: "cam2", token: first.member.token });
    expect(res.reason).toBe("CODE_NOT_FOUND");
  });
});

describe("remove (remove_peer)", () => {
  it("takes the member out and bans its token from the code, even on a free slot", async () => {
    const { store } = makeStore();
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
    expect((await joinOk(store, { code, role: "viewer", socketId: "v4", token: fresh.member.token })).replaced).toEqual(
      fresh.member,
    );
  });

  it("answers undefined for a socket that is not a member, and bans nothing", async () => {
    const { store } = makeStore();
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "camera", socketId: "c" });
    expect(await store.remove(code, "nobody")).toBeUndefined();
    expect(await store.remove("999999", "c")).toBeUndefined();
    expect((await store.stats()).members).toBe(1);
  });

  it("keeps the ban through the grace period, and the room's revival", async () => {
    const { store, clock } = makeStore();
    const { code } = await store.issueCode();
    await joinOk(store, { code, role: "camera", socketId: "c" });
    const v = await joinOk(store, { code, role: "viewer", socketId: "v" });
    await store.remove(code, "v");
    await store.leave(code, "c");
    clock.advance(ROOM_GRACE_MS - 1);
    await joinOk(store, { code, role: "camera", socketId: "c2" });
    expect((await joinRefused(store, { code, role: "viewer", socketId: "v2", token: v.member.token })).reason).toBe(
      "REMOVED",
    );
  });
});

describe("stats", () => {
  it("counts live codes, rooms with members and members, and drops dead codes", async () => {
    const { store, clock } = makeStore();
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

    clock.advance(ROOM_GRACE_MS); // b freed
    expect(await store.stats()).toEqual({ codes: 2, rooms: 1, members: 2 });

    clock.advance(CODE_TTL_MS); // the unused code expired
    expect(await store.stats()).toEqual({ codes: 1, rooms: 1, members: 2 });
  });
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
