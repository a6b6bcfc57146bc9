// connect, ping, join_room, leave_room, peer_joined/peer_left, reclaim and clean-up, through a real server.
import { io as ioc } from "socket.io-client";
import { describe, expect, it } from "vitest";
import {
  join,
  nextEvent,
  recordEvents,
  request,
  send,
  settle,
  fakeClock,
  startTestServer,
  type TestClient,
  onSharedRedis,
  waitFor,
} from "../testing/support.js";

describe("connect", () => {
  it("greets each socket with `connected` carrying its id", async () => {
    const t = await startTestServer();
    const socket = ioc(t.url, {
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      autoConnect: false,
    }) as TestClient;
    const greeting = nextEvent<{ message: string; id: string }>(socket, "connected");
    socket.connect();
    const msg = await greeting;
    expect(msg.id).toBe(socket.id);
    expect(msg.message).toMatch(/connected/);
    socket.disconnect();
  });

  it.each(["websocket", "polling"] as const)("pairs and forwards over the %s transport", async (transport) => {
    const t = await startTestServer();
    const camera = await t.connect({ transports: [transport] });
    const viewer = await t.connect({ transports: [transport] });
    expect(camera.io.engine.transport.name).toBe(transport);
    const code = await t.issueCode();
    await join(camera, code, "camera");
    const joined = nextEvent(camera, "peer_joined");
    const v = await join(viewer, code, "viewer");
    expect(await joined).toEqual({ id: viewer.id, type: "viewer" });
    expect(v.peers).toEqual([{ id: camera.id, type: "camera" }]);
    const got = nextEvent(viewer, "offer");
    const ack = await request(camera, "offer", {
      room_code: code,
      offer: { type: "offer", sdp: "v=0" },
      to: viewer.id,
    });
    expect(ack).toEqual({ ok: true });
    expect(await got).toEqual({
      room_code: code,
      offer: { type: "offer", sdp: "v=0" },
      to: viewer.id,
      from: camera.id,
    });
  });
});

describe("ping", () => {
  it("answers `pong` with the server time, as an event without ack", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    const pong = nextEvent<{ message: string; serverTime: number }>(socket, "pong");
    const before = Date.now();
    send(socket, "ping", { hello: 1 });
    const msg = await pong;
    expect(msg.message).toBe("Pong!");
    expect(msg.serverTime).toBeGreaterThanOrEqual(before - 1000);
  });

  it("answers to the ack only, also when the ack is the only argument", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    const events = recordEvents(socket);
    const withPayload = await request(socket, "ping", "anything");
    const ackOnly = await request(socket, "ping");
    expect(withPayload.message).toBe("Pong!");
    expect(ackOnly.message).toBe("Pong!");
    expect(events).toEqual([]);
  });
});

describe("join_room", () => {
  it("returns code, type, id, token and the peers already there; others get peer_joined", async () => {
    const t = await startTestServer();
    const [camera, v1, v2] = await Promise.all([t.connect(), t.connect(), t.connect()]);
    const code = await t.issueCode();
    const c = await join(camera, code, "camera");
    expect(c).toMatchObject({ ok: true, code, type: "camera", id: camera.id, peers: [] });
    expect(c.token).toMatch(/^[A-Za-z0-9_-]{21}$/);
    await join(v1, code, "viewer");
    await settle(camera); // camera's peer_joined for v1 is in before we listen for v2's
    const seenByCamera = nextEvent(camera, "peer_joined");
    const seenByV1 = nextEvent(v1, "peer_joined");
    const v2Events = recordEvents(v2);
    const r = await join(v2, code, "viewer");
    expect(r.peers).toEqual(
      expect.arrayContaining([
        { id: camera.id, type: "camera" },
        { id: v1.id, type: "viewer" },
      ]),
    );
    expect(r.peers).toHaveLength(2);
    expect(await seenByCamera).toEqual({ id: v2.id, type: "viewer" });
    expect(await seenByV1).toEqual({ id: v2.id, type: "viewer" });
    await settle(v2);
    expect(v2Events.map((e) => e.event)).not.toContain("peer_joined");
  });

  it("emits join_room_success / join_room_error as events when no ack is given", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    const code = await t.issueCode();
    const error = nextEvent(socket, "join_room_error");
    send(socket, "join_room", { code: "12345", type: "camera" });
    expect(await error).toEqual({ ok: false, error: { code: "INVALID_CODE", message: expect.any(String) } });
    const success = nextEvent(socket, "join_room_success");
    send(socket, "join_room", { code, type: "camera" });
    expect(await success).toMatchObject({ ok: true, code, type: "camera", id: socket.id });
  });

  it.each([
    ["a 5-digit code", { code: "12345", type: "viewer" }, "INVALID_CODE"],
    ["letters", { code: "12a456", type: "viewer" }, "INVALID_CODE"],
    ["a number instead of a string", { code: 123456, type: "viewer" }, "INVALID_CODE"],
    ["an unknown role", { code: "123456", type: "admin" }, "BAD_REQUEST"],
    ["no payload", undefined, "BAD_REQUEST"],
    ["a string payload", "123456", "BAD_REQUEST"],
    ["an over-long token", { code: "123456", type: "viewer", token: "x".repeat(500) }, "BAD_REQUEST"],
  ])("answers %s with its error code and stays connected", async (_what, payload, code) => {
    const t = await startTestServer();
    const socket = await t.connect();
    const res = await request(socket, "join_room", payload);
    expect(res).toEqual({ ok: false, error: { code, message: expect.any(String) } });
    expect(socket.connected).toBe(true);
    expect((await request(socket, "ping")).message).toBe("Pong!");
  });

  it("answers CODE_NOT_FOUND for a well-formed code that was never issued", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    const issued = await t.issueCode();
    const unissued = issued === "000000" ? "000001" : "000000";
    const res = await request(socket, "join_room", { code: unissued, type: "camera" });
    expect(res).toMatchObject({ ok: false, error: { code: "CODE_NOT_FOUND" } });
  });

  it("answers ROOM_FULL for a second camera and for one viewer more than MAX_VIEWERS", async () => {
    const t = await startTestServer({ maxViewers: 2 });
    const sockets = await Promise.all([1, 2, 3, 4, 5].map(() => t.connect()));
    const [cam1, cam2, v1, v2, v3] = sockets as [TestClient, TestClient, TestClient, TestClient, TestClient];
    const code = await t.issueCode();
    await join(cam1, code, "camera");
    expect(await request(cam2, "join_room", { code, type: "camera" })).toMatchObject({
      ok: false,
      error: { code: "ROOM_FULL" },
    });
    await join(v1, code, "viewer");
    await join(v2, code, "viewer");
    expect(await request(v3, "join_room", { code, type: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "ROOM_FULL" },
    });
    // The refused sockets are in no room: they can join elsewhere.
    const other = await t.issueCode();
    await join(cam2, other, "camera");
  });

  it("never admits more viewers than MAX_VIEWERS when many race for the last slots", async () => {
    const t = await startTestServer({ maxViewers: 3 });
    const code = await t.issueCode();
    const racers = await Promise.all(Array.from({ length: 10 }, () => t.connect()));
    const results = await Promise.all(racers.map((s) => request(s, "join_room", { code, type: "viewer" })));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.error.code === "ROOM_FULL")).toBe(true);
    expect((await t.server.backend.rooms.stats()).members).toBe(3);
  });

  it("answers ALREADY_IN_ROOM to a second join, for the same room or another", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    const [a, b] = [await t.issueCode(), await t.issueCode()];
    await join(socket, a, "camera");
    expect(await request(socket, "join_room", { code: a, type: "viewer" })).toMatchObject({
      ok: false,
      error: { code: "ALREADY_IN_ROOM" },
    });
    expect(await request(socket, "join_room", { code: b, type: "camera" })).toMatchObject({
      ok: false,
      error: { code: "ALREADY_IN_ROOM" },
    });
  });

  it("lets only one of two simultaneous joins from the same socket through", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    const [a, b] = [await t.issueCode(), await t.issueCode()];
    const results = await Promise.all([
      request(socket, "join_room", { code: a, type: "camera" }),
      request(socket, "join_room", { code: b, type: "camera" }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ error: { code: "ALREADY_IN_ROOM" } });
  });
});

describe("leave_room", () => {
  it("acks ok, tells the others peer_left, and frees the socket to join again", async () => {
    const t = await startTestServer();
    const [camera, viewer] = await Promise.all([t.connect(), t.connect()]);
    const code = await t.issueCode();
    await join(camera, code, "camera");
    await join(viewer, code, "viewer");
    const left = nextEvent(camera, "peer_left");
    expect(await request(viewer, "leave_room", { code })).toEqual({ ok: true });
    expect(await left).toEqual({ id: viewer.id, type: "viewer" });
    await join(viewer, code, "viewer");
  });

  it("accepts leave_room with only an ack and no payload", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    await join(socket, await t.issueCode(), "camera");
    expect(await request(socket, "leave_room")).toEqual({ ok: true });
  });

  it("answers NOT_IN_ROOM when not in a room or naming another room, and changes nothing", async () => {
    const t = await startTestServer();
    const [camera, viewer] = await Promise.all([t.connect(), t.connect()]);
    expect(await request(camera, "leave_room")).toMatchObject({ ok: false, error: { code: "NOT_IN_ROOM" } });
    const code = await t.issueCode();
    await join(camera, code, "camera");
    await join(viewer, code, "viewer");
    await settle(camera);
    const cameraEvents = recordEvents(camera);
    const other = code === "999999" ? "999998" : "999999";
    expect(await request(viewer, "leave_room", { code: other })).toMatchObject({
      ok: false,
      error: { code: "NOT_IN_ROOM" },
    });
    await settle(camera);
    expect(cameraEvents).toEqual([]);
    expect((await t.server.backend.rooms.stats()).members).toBe(2);
  });

  it("sends nothing back to a leaver that gave no ack, success or not", async () => {
    const t = await startTestServer();
    const socket = await t.connect();
    const events = recordEvents(socket);
    send(socket, "leave_room");
    await join(socket, await t.issueCode(), "camera");
    events.length = 0;
    send(socket, "leave_room", { code: "000000" });
    send(socket, "leave_room");
    await settle(socket);
    expect(events).toEqual([]);
  });
});

describe("disconnect clean-up", () => {
  it("tells the others peer_left and leaves no member, room or listener behind", async () => {
    const t = await startTestServer({ roomGraceSeconds: 0 });
    const [camera, viewer] = await Promise.all([t.connect(), t.connect()]);
    const code = await t.issueCode();
    await join(camera, code, "camera");
    await join(viewer, code, "viewer");
    expect(await t.server.backend.rooms.stats()).toEqual({ codes: 1, rooms: 1, members: 2 });
    const viewerId = viewer.id;
    const left = nextEvent(camera, "peer_left");
    viewer.disconnect();
    expect(await left).toEqual({ id: viewerId, type: "viewer" });
    camera.disconnect();
    await waitFor(async () => (await t.server.backend.rooms.stats()).members === 0);
    expect(await t.server.backend.rooms.stats()).toEqual({ codes: 0, rooms: 0, members: 0 });
    await waitFor(() => t.server.io.engine.clientsCount === 0);
    expect(t.server.io.of("/").adapter.rooms.size).toBe(0);
    expect(t.server.io.of("/").sockets.size).toBe(0);
    const metrics = await t.server.metrics.registry.metrics();
    expect(metrics).toMatch(/^codecam_connected_sockets 0$/m);
    expect(metrics).toMatch(/^codecam_room_members 0$/m);
  });

  // Steps a fake clock through expiry: memory store only (see onSharedRedis).
  it.skipIf(onSharedRedis())(
    "keeps the code joinable for the grace period after the last member left, then frees it",
    async () => {
      const clock = fakeClock();
      const t = await startTestServer({ roomGraceSeconds: 1 }, { now: clock.now });
      const camera = await t.connect();
      const code = await t.issueCode();
      await join(camera, code, "camera");
      camera.disconnect();
      await waitFor(async () => (await t.server.backend.rooms.stats()).members === 0);
      const back = await t.connect();
      await join(back, code, "camera");
      back.disconnect();
      await waitFor(async () => (await t.server.backend.rooms.stats()).members === 0);
      clock.advance(999);
      const inTime = await t.connect();
      await join(inTime, code, "camera");
      inTime.disconnect();
      await waitFor(async () => (await t.server.backend.rooms.stats()).members === 0);
      clock.advance(1_000);
      const late = await t.connect();
      expect(await request(late, "join_room", { code, type: "camera" })).toMatchObject({
        ok: false,
        error: { code: "CODE_NOT_FOUND" },
      });
      expect((await t.server.backend.rooms.stats()).codes).toBe(0);
    },
  );

  // Steps a fake clock through expiry: memory store only (see onSharedRedis).
  it.skipIf(onSharedRedis())("expires an issued code nobody joined after CODE_TTL_SECONDS", async () => {
    const clock = fakeClock();
    const t = await startTestServer({ codeTtlSeconds: 1 }, { now: clock.now });
    const socket = await t.connect();
    const code = await t.issueCode();
    clock.advance(999);
    expect(await t.server.backend.rooms.isLive(code)).toBe(true);
    clock.advance(1);
    expect(await request(socket, "join_room", { code, type: "camera" })).toMatchObject({
      ok: false,
      error: { code: "CODE_NOT_FOUND" },
    });
  });
});

describe("reclaim with token", () => {
  it("gives a reconnecting camera its slot back: peer_left for the stale socket once, then peer_joined", async () => {
    const t = await startTestServer();
    const [stale, viewer] = await Promise.all([t.connect(), t.connect()]);
    const code = await t.issueCode();
    const first = await join(stale, code, "camera");
    await join(viewer, code, "viewer");
    const viewerEvents = recordEvents(viewer);
    const staleId = stale.id!;
    const staleGone = new Promise<string>((resolve) => stale.once("disconnect", resolve));

    const fresh = await t.connect();
    const again = await join(fresh, code, "camera", first.token);
    // A fresh token on every join: the stale holder's one stops working.
    expect(again.token).not.toBe(first.token);
    expect(again.peers).toEqual([{ id: viewer.id, type: "viewer" }]);
    expect(await staleGone).toBe("io server disconnect");
    await settle(viewer);
    expect(viewerEvents.map((e) => [e.event, e.args[0]])).toEqual([
      ["peer_left", { id: stale.id ?? expect.any(String), type: "camera" }],
      ["peer_joined", { id: fresh.id, type: "camera" }],
    ]);
    // The stale socket's own disconnect, once the server has processed it, announced nothing more.
    await waitFor(() => !t.server.io.of("/").sockets.has(staleId));
    await settle(viewer);
    expect(viewerEvents).toHaveLength(2);
    expect(await t.server.backend.rooms.stats()).toMatchObject({ members: 2 });
  });

  it("lets a token work once: the evicted holder cannot take the slot back with it", async () => {
    const t = await startTestServer();
    const [first, viewer] = await Promise.all([t.connect(), t.connect()]);
    const code = await t.issueCode();
    const original = await join(first, code, "camera");
    await join(viewer, code, "viewer");
    const second = await t.connect();
    const reclaimed = await join(second, code, "camera", original.token);
    // The evicted holder comes back with the token it had: refused, and the new holder stays.
    const evicted = await t.connect();
    expect(await request(evicted, "join_room", { code, type: "camera", token: original.token })).toMatchObject({
      ok: false,
      error: { code: "ROOM_FULL" },
    });
    expect(second.connected).toBe(true);
    // The token the reclaim returned works, once.
    const third = await t.connect();
    const again = await join(third, code, "camera", reclaimed.token);
    expect(again.token).not.toBe(reclaimed.token);
  });

  it("lets a camera whose old socket is already gone back in within the grace period, as a plain join", async () => {
    const t = await startTestServer();
    const stale = await t.connect();
    const code = await t.issueCode();
    const first = await join(stale, code, "camera");
    stale.disconnect();
    await waitFor(async () => (await t.server.backend.rooms.stats()).members === 0);
    const fresh = await t.connect();
    // docs/PROTOCOL.md: a token is only looked at when it claims an occupied slot; a free slot joins as without one.
    const again = await join(fresh, code, "camera", first.token);
    expect(again).toMatchObject({ ok: true, type: "camera", id: fresh.id, peers: [] });
  });

  it("answers ROOM_FULL to a wrong token on a taken slot, and joins with a wrong token on a free slot", async () => {
    const t = await startTestServer();
    const [camera, intruder, viewer] = await Promise.all([t.connect(), t.connect(), t.connect()]);
    const code = await t.issueCode();
    await join(camera, code, "camera");
    expect(await request(intruder, "join_room", { code, type: "camera", token: "not-the-token" })).toMatchObject({
      ok: false,
      error: { code: "ROOM_FULL" },
    });
    expect(camera.connected).toBe(true);
    const v = await join(viewer, code, "viewer", "not-a-token-either");
    expect(v.token).not.toBe("not-a-token-either");
  });
});
