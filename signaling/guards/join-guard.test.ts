// Brute-force guard on joins: per client address, across sockets, through a real server.
import { describe, expect, it } from "vitest";
import { join, request, startTestServer, type TestServer } from "../testing/support.js";

/** A code that is well-formed but not live on this server. */
async function deadCode(t: TestServer): Promise<string> {
  for (;;) {
    const code = String(Math.floor(Math.random() * 1e6)).padStart(6, "0");
    if (!(await t.server.backend.rooms.isLive(code))) return code;
  }
}

describe("failed joins per address", () => {
  it("refuses the 11th attempt and every later join from that address, a right code too, across sockets", async () => {
    const t = await startTestServer();
    const live = await t.issueCode();
    // Ten failures spread over five sockets, of both counted kinds.
    const guessers = await Promise.all([1, 2, 3, 4, 5].map(() => t.connect()));
    for (let i = 0; i < 10; i++) {
      const payload = i % 2 === 0 ? { code: await deadCode(t), type: "viewer" } : { code: "12", type: "viewer" };
      const res = await request(guessers[i % 5]!, "join_room", payload);
      expect(res).toMatchObject({ ok: false, error: { code: i % 2 === 0 ? "CODE_NOT_FOUND" : "INVALID_CODE" } });
    }
    const eleventh = await request(guessers[0]!, "join_room", { code: await deadCode(t), type: "viewer" });
    expect(eleventh).toMatchObject({
      ok: false,
      error: { code: "RATE_LIMITED", message: expect.stringMatching(/retry in \d+ s/) },
    });
    // A fresh socket from the same address does not reset it, and the right code does not get through either.
    const fresh = await t.connect();
    expect(await request(fresh, "join_room", { code: live, type: "camera" })).toMatchObject({
      ok: false,
      error: { code: "RATE_LIMITED" },
    });
  });

  it("keeps another address pairing while one is limited", async () => {
    const t = await startTestServer({ joinFailuresPerMinute: 3 });
    const guesser = await t.connect({ localAddress: "127.0.0.2" } as object);
    for (let i = 0; i < 3; i++) await request(guesser, "join_room", { code: await deadCode(t), type: "viewer" });
    expect(await request(guesser, "join_room", { code: await deadCode(t), type: "viewer" })).toMatchObject({
      error: { code: "RATE_LIMITED" },
    });

    const code = await t.issueCode();
    const camera = await t.connect({ localAddress: "127.0.0.3" } as object);
    const viewer = await t.connect({ localAddress: "127.0.0.3" } as object);
    await join(camera, code, "camera");
    await join(viewer, code, "viewer");
  });

  it("does not count ROOM_FULL, BAD_REQUEST or successful joins", async () => {
    const t = await startTestServer({ joinFailuresPerMinute: 2, maxViewers: 1 });
    const code = await t.issueCode();
    const [camera, viewer, extra] = await Promise.all([t.connect(), t.connect(), t.connect()]);
    await join(camera, code, "camera");
    await join(viewer, code, "viewer");
    for (let i = 0; i < 5; i++) {
      expect(await request(extra, "join_room", { code, type: "viewer" })).toMatchObject({
        error: { code: "ROOM_FULL" },
      });
      expect(await request(extra, "join_room", { code, type: "pilot" })).toMatchObject({
        error: { code: "BAD_REQUEST" },
      });
    }
    expect(await request(viewer, "leave_room")).toEqual({ ok: true });
    await join(extra, code, "viewer");
  });

  it("counts a wrong token on a taken slot as a failure", async () => {
    const t = await startTestServer({ joinFailuresPerMinute: 2 });
    const code = await t.issueCode();
    const [camera, thief] = await Promise.all([t.connect(), t.connect()]);
    await join(camera, code, "camera");
    for (let i = 0; i < 2; i++) {
      expect(await request(thief, "join_room", { code, type: "camera", token: `guess-${i}` })).toMatchObject({
        error: { code: "ROOM_FULL" },
      });
    }
    expect(await request(thief, "join_room", { code, type: "viewer" })).toMatchObject({
      error: { code: "RATE_LIMITED" },
    });
  });

  it("counts the forwarded address behind a trusted proxy, and ignores the header otherwise", async () => {
    const trusting = await startTestServer({ trustProxy: "loopback", joinFailuresPerMinute: 1 });
    const a = await trusting.connect({ extraHeaders: { "x-forwarded-for": "198.51.100.7" } });
    const b = await trusting.connect({ extraHeaders: { "x-forwarded-for": "198.51.100.8" } });
    await request(a, "join_room", { code: "1", type: "viewer" });
    expect(await request(a, "join_room", { code: "1", type: "viewer" })).toMatchObject({
      error: { code: "RATE_LIMITED" },
    });
    expect(await request(b, "join_room", { code: "1", type: "viewer" })).toMatchObject({
      error: { code: "INVALID_CODE" },
    });

    const plain = await startTestServer({ joinFailuresPerMinute: 1 });
    const c = await plain.connect({ extraHeaders: { "x-forwarded-for": "198.51.100.7" } });
    const d = await plain.connect({ extraHeaders: { "x-forwarded-for": "198.51.100.8" } });
    await request(c, "join_room", { code: "1", type: "viewer" });
    // Without TRUST_PROXY both are 127.0.0.1: the spoofed header cannot buy a new budget.
    expect(await request(d, "join_room", { code: "1", type: "viewer" })).toMatchObject({
      error: { code: "RATE_LIMITED" },
    });
  });

  it("does not let a burst of concurrent guesses slip past the limit", async () => {
    const t = await startTestServer({ joinFailuresPerMinute: 5 });
    const sockets = await Promise.all(Array.from({ length: 10 }, () => t.connect()));
    const codes = await Promise.all(sockets.map(() => deadCode(t)));
    const results = await Promise.all(
      sockets.map((s, i) => request(s, "join_room", { code: codes[i], type: "viewer" })),
    );
    const counts = results.reduce<Record<string, number>>((acc, r) => {
      const key = r.ok ? "ok" : r.error.code;
      acc[key] = (acc[key] ?? 0) + 1;
      return acc;
    }, {});
    expect(counts).toEqual({ CODE_NOT_FOUND: 5, RATE_LIMITED: 5 });
  });
});
