// The forwarding rule of docs/PROTOCOL.md: skip-sender, `to`, the room from server state, validation before delivery.
import { describe, expect, it } from "vitest";
import {
  join,
  nextEvent,
  recordEvents,
  request,
  send,
  settle,
  startTestServer,
  type TestServer,
} from "../testing/support.js";

const OFFER = { type: "offer", sdp: "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n" } as const;
const CANDIDATE = { candidate: "candidate:1 1 udp 2122260223 127.0.0.1 54400 typ host", sdpMid: "0", sdpMLineIndex: 0 };

/** A camera and `viewers` viewers in one fresh room. */
async function room(t: TestServer, viewers = 1) {
  const code = await t.issueCode();
  const camera = await t.connect();
  await join(camera, code, "camera");
  const vs = [];
  for (let i = 0; i < viewers; i++) {
    const v = await t.connect();
    await join(v, code, "viewer");
    vs.push(v);
  }
  await settle(camera, ...vs); // every peer_joined delivered before the test starts recording
  return { code, camera, viewers: vs };
}

describe("offer / answer / ice_candidate forwarding", () => {
  it("forwards to every other member and never back to the sender", async () => {
    const t = await startTestServer();
    const { code, camera, viewers } = await room(t, 2);
    const [v1, v2] = viewers as [typeof camera, typeof camera];
    const cameraEvents = recordEvents(camera);
    const got1 = nextEvent(v1, "ice_candidate");
    const got2 = nextEvent(v2, "ice_candidate");
    expect(await request(camera, "ice_candidate", { room_code: code, candidate: CANDIDATE })).toEqual({ ok: true });
    const expected = { room_code: code, candidate: CANDIDATE, from: camera.id };
    expect(await got1).toEqual(expected);
    expect(await got2).toEqual(expected);
    await settle(camera);
    expect(cameraEvents).toEqual([]);
  });

  it("with `to`, delivers to that one viewer only", async () => {
    const t = await startTestServer();
    const { code, camera, viewers } = await room(t, 2);
    const [v1, v2] = viewers as [typeof camera, typeof camera];
    const v2Events = recordEvents(v2);
    const got = nextEvent(v1, "offer");
    expect(await request(camera, "offer", { room_code: code, offer: OFFER, to: v1.id })).toEqual({ ok: true });
    expect(await got).toEqual({ room_code: code, offer: OFFER, to: v1.id, from: camera.id });
    await settle(v2);
    expect(v2Events).toEqual([]);
  });

  it("carries an answer back from a viewer to the camera", async () => {
    const t = await startTestServer();
    const { code, camera, viewers } = await room(t);
    const viewer = viewers[0]!;
    const got = nextEvent(camera, "answer");
    send(viewer, "answer", { room_code: code, answer: { type: "answer", sdp: "v=0" }, to: camera.id });
    expect(await got).toEqual({
      room_code: code,
      answer: { type: "answer", sdp: "v=0" },
      to: camera.id,
      from: viewer.id,
    });
  });

  it("forwards the empty end-of-candidates candidate", async () => {
    const t = await startTestServer();
    const { code, camera, viewers } = await room(t);
    const got = nextEvent(viewers[0]!, "ice_candidate");
    send(camera, "ice_candidate", { room_code: code, candidate: { candidate: "", sdpMid: "0", sdpMLineIndex: 0 } });
    expect(await got).toMatchObject({ candidate: { candidate: "" } });
  });

  it("overwrites a spoofed `from` and drops fields the protocol does not name", async () => {
    const t = await startTestServer();
    const { code, camera, viewers } = await room(t);
    const got = nextEvent<Record<string, unknown>>(viewers[0]!, "offer");
    send(camera, "offer", {
      room_code: code,
      offer: { ...OFFER, extra: "dropped" },
      from: "someone-else",
      admin: true,
    });
    const msg = await got;
    expect(msg).toEqual({ room_code: code, offer: OFFER, from: camera.id });
  });

  it("lets __proto__ and constructor keys pollute nothing", async () => {
    const t = await startTestServer();
    const { code, camera, viewers } = await room(t);
    const got = nextEvent<Record<string, unknown>>(viewers[0]!, "ice_candidate");
    // Raw JSON so that "__proto__" is an own key on the wire, as a hostile client would send it.
    const hostile = JSON.parse(
      `{"room_code":"${code}","candidate":{"candidate":"","__proto__":{"polluted":1}},"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}`,
    ) as unknown;
    send(camera, "ice_candidate", hostile);
    const msg = await got;
    expect(Object.keys(msg).sort()).toEqual(["candidate", "from", "room_code"]);
    expect(Object.keys(msg.candidate as object)).toEqual(["candidate"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("refusals", () => {
  it("answers NOT_IN_ROOM to a socket outside any room, and nobody receives anything", async () => {
    const t = await startTestServer();
    const { code, camera, viewers } = await room(t);
    const outsider = await t.connect();
    const seen = [recordEvents(camera), recordEvents(viewers[0]!)];
    const res = await request(outsider, "offer", { room_code: code, offer: OFFER });
    expect(res).toEqual({ ok: false, event: "offer", error: { code: "NOT_IN_ROOM", message: expect.any(String) } });
    await settle(camera, viewers[0]!);
    expect(seen.flat()).toEqual([]);
  });

  it("answers NOT_IN_ROOM to a member naming another room, even a live one, and nobody receives anything", async () => {
    const t = await startTestServer();
    const a = await room(t);
    const b = await room(t);
    const seen = [a.camera, a.viewers[0]!, b.camera, b.viewers[0]!].map(recordEvents);
    const res = await request(a.camera, "ice_candidate", { room_code: b.code, candidate: CANDIDATE });
    expect(res).toMatchObject({ ok: false, event: "ice_candidate", error: { code: "NOT_IN_ROOM" } });
    await settle(a.viewers[0]!, b.camera, b.viewers[0]!);
    expect(seen.flat()).toEqual([]);
  });

  it("answers PEER_NOT_FOUND for a `to` outside the room, and for the sender itself", async () => {
    const t = await startTestServer();
    const a = await room(t);
    const b = await room(t);
    const bEvents = recordEvents(b.viewers[0]!);
    const outside = await request(a.camera, "offer", { room_code: a.code, offer: OFFER, to: b.viewers[0]!.id });
    expect(outside).toMatchObject({ ok: false, event: "offer", error: { code: "PEER_NOT_FOUND" } });
    const unknown = await request(a.camera, "offer", { room_code: a.code, offer: OFFER, to: "no-such-socket" });
    expect(unknown).toMatchObject({ error: { code: "PEER_NOT_FOUND" } });
    const self = await request(a.camera, "offer", { room_code: a.code, offer: OFFER, to: a.camera.id });
    expect(self).toMatchObject({ error: { code: "PEER_NOT_FOUND" } });
    await settle(b.viewers[0]!);
    expect(bEvents).toEqual([]);
  });

  it("emits signal_error as an event when the sender gave no ack", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    const err = nextEvent(socket, "signal_error");
    send(socket, "answer", { room_code: "123456", answer: { type: "answer", sdp: "v=0" } });
    expect(await err).toEqual({
      ok: false,
      event: "answer",
      error: { code: "NOT_IN_ROOM", message: expect.any(String) },
    });
  });

  it.each([
    [
      "an SDP over 65,536 characters",
      "offer",
      (code: string) => ({ room_code: code, offer: { type: "offer", sdp: "a".repeat(65_537) } }),
    ],
    [
      "an offer typed as answer",
      "offer",
      (code: string) => ({ room_code: code, offer: { type: "answer", sdp: "v=0" } }),
    ],
    [
      "a candidate over 2,048 characters",
      "ice_candidate",
      (code: string) => ({ room_code: code, candidate: { candidate: "c".repeat(2_049) } }),
    ],
    [
      "a candidate that is a string",
      "ice_candidate",
      (code: string) => ({ room_code: code, candidate: "candidate:1" }),
    ],
    ["a missing room_code", "answer", () => ({ answer: { type: "answer", sdp: "v=0" } })],
    ["a numeric `to`", "offer", (code: string) => ({ room_code: code, offer: { type: "offer", sdp: "v=0" }, to: 42 })],
    ["an array payload", "offer", () => [1, 2, 3]],
  ] as const)(
    "refuses %s with BAD_REQUEST, keeps the sender connected and forwards nothing",
    async (_what, event, make) => {
      const t = await startTestServer();
      const { code, camera, viewers } = await room(t);
      const viewerEvents = recordEvents(viewers[0]!);
      const res = await request(camera, event, make(code));
      expect(res).toEqual({ ok: false, event, error: { code: "BAD_REQUEST", message: expect.any(String) } });
      expect(camera.connected).toBe(true);
      await settle(viewers[0]!);
      expect(viewerEvents).toEqual([]);
    },
  );

  it("closes only the connection that sends a frame over maxHttpBufferSize", async () => {
    const t = await startTestServer();
    const { code, camera, viewers } = await room(t);
    const closed = new Promise<string>((resolve) => camera.once("disconnect", resolve));
    send(camera, "offer", {
      room_code: code,
      offer: { type: "offer", sdp: "a".repeat(t.config.maxHttpBufferSize + 10) },
    });
    expect(await closed).toBe("transport close");
    expect(viewers[0]!.connected).toBe(true);
    expect((await request(viewers[0]!, "ping")).message).toBe("Pong!");
  });
});

describe("per-socket event budget", () => {
  it("answers one refusal per window, drops the rest unanswered, and leaves other sockets alone", async () => {
    const t = await startTestServer({ socketEventsPerSecond: 2, socketEventBurst: 20 });
    const { code, camera, viewers } = await room(t, 2);
    let delivered = 0;
    viewers[0]!.on("ice_candidate", () => delivered++);
    const replies: Array<{ ok: boolean; error?: { code: string; message: string } }> = [];
    const started = Date.now();
    for (let i = 0; i < 60; i++) {
      (camera.emit as (ev: string, ...args: unknown[]) => void)(
        "ice_candidate",
        { room_code: code, candidate: CANDIDATE },
        (r: never) => replies.push(r),
      );
    }
    // Everything before an answered ping has been handled (one socket's events in order).
    await pingUntilAnswered(camera);
    // A loaded machine may stretch the 60 emits over more than one refusal window (1 s) and refill tokens meanwhile.
    const seconds = Math.ceil((Date.now() - started) / 1_000);
    const ok = replies.filter((r) => r.ok).length;
    const limited = replies.filter((r) => !r.ok && r.error?.code === "RATE_LIMITED");
    // The burst (20, less the join and the pings room() spent settling: one, or two across two servers) goes
    // through; of the rest only the first per window is answered, saying when to retry (the old server answered
    // each of the 40).
    expect(ok).toBeGreaterThanOrEqual(17);
    expect(ok).toBeLessThanOrEqual(21 + 2 * seconds);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.length).toBeLessThanOrEqual(seconds);
    expect(limited[0]).toMatchObject({ error: { message: expect.stringMatching(/retry in \d+ s/) } });
    await settle(viewers[0]!);
    expect(delivered).toBe(ok);
    expect(camera.connected).toBe(true);
    // Another socket in the same room still has its own budget.
    expect(
      await request(viewers[1]!, "answer", { room_code: code, answer: { type: "answer", sdp: "v=0" }, to: camera.id }),
    ).toEqual({ ok: true });
  });
});

/** Pings until one is answered: an over-budget ping is dropped, so the first may go unanswered. */
async function pingUntilAnswered(socket: Parameters<typeof settle>[0]): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const answered = await Promise.race([
      request(socket, "ping").then(
        () => true,
        () => false,
      ),
      new Promise<boolean>((r) => setTimeout(() => r(false), 600)),
    ]);
    if (answered) return;
  }
  throw new Error("no pong");
}
