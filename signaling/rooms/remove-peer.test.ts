// remove_peer, codecam's addition (docs/PROTOCOL.md "Where codecam differs"): the room's camera takes a member out,
// the member hears `removed`, the others `peer_left`, and the member's reclaim token no longer rejoins that code.
// Through a real server; under vitest.redis.config.ts the sockets alternate between two processes on one Redis.
import { describe, expect, it } from "vitest";
import type { Failure, RemovePeerReply } from "../protocol.js";
import {
  join,
  nextEvent,
  recordEvents,
  request,
  send,
  settle,
  startTestServer,
  type TestClient,
  type TestServer,
} from "../testing/support.js";

/** A camera and two viewers in one room, every join announced before the test goes on. */
async function room(t: TestServer) {
  const code = await t.issueCode();
  const camera = await t.connect();
  const viewer = await t.connect();
  const other = await t.connect();
  await join(camera, code, "camera");
  const viewerJoin = await join(viewer, code, "viewer");
  await join(other, code, "viewer");
  await settle(camera, viewer, other);
  return { code, camera, viewer, other, viewerToken: viewerJoin.token };
}

/** The error code of a failed reply, failing the test on success. */
function refusal(res: RemovePeerReply): Failure["error"] {
  expect(res.ok).toBe(false);
  return (res as Failure).error;
}

/** A signal from `from` to the whole room, and the ids of `listeners` that received it, sorted. */
async function whoHears(code: string, from: TestClient, listeners: TestClient[]): Promise<string[]> {
  const heard: string[] = [];
  for (const l of listeners) l.once("ice_candidate", () => heard.push(l.id!));
  expect(await request(from, "ice_candidate", { room_code: code, candidate: { candidate: "" } })).toEqual({ ok: true });
  await settle(from, ...listeners);
  for (const l of listeners) l.off("ice_candidate");
  return heard.sort();
}

const ids = (...sockets: TestClient[]) => sockets.map((s) => s.id!).sort();

/** The camera removes `viewer`; resolves once the viewer has heard it (on another process that comes later). */
async function remove(camera: TestClient, code: string, viewer: TestClient): Promise<void> {
  const removed = nextEvent(viewer, "removed");
  expect(await request(camera, "remove_peer", { code, id: viewer.id })).toEqual({ ok: true });
  expect(await removed).toEqual({ code });
}

describe("remove_peer", () => {
  it("takes a viewer out: it hears `removed`, the others `peer_left`, and signals no longer reach it", async () => {
    const t = await startTestServer();
    const { code, camera, viewer, other } = await room(t);
    const atViewer = recordEvents(viewer);
    const removed = nextEvent(viewer, "removed");
    const cameraHeard = nextEvent(camera, "peer_left");
    const otherHeard = nextEvent(other, "peer_left");

    expect(await request(camera, "remove_peer", { code, id: viewer.id })).toEqual({ ok: true });
    expect(await removed).toEqual({ code });
    expect(await cameraHeard).toEqual({ id: viewer.id, type: "viewer" });
    expect(await otherHeard).toEqual({ id: viewer.id, type: "viewer" });
    await settle(camera, viewer, other);
    // The removed viewer hears of its own removal once, and of nothing else.
    expect(atViewer.filter((e) => e.event !== "pong")).toEqual([{ event: "removed", args: [{ code }] }]);

    expect(await whoHears(code, camera, [viewer, other])).toEqual(ids(other));
    expect(await t.server.backend.rooms.findMember(code, viewer.id!)).toBeUndefined();
    // It is out of the room on its own side too: its signals are refused, and it stays connected.
    const res = await request(viewer, "ice_candidate", { room_code: code, candidate: { candidate: "" } });
    expect(res).toMatchObject({ ok: false, event: "ice_candidate", error: { code: "NOT_IN_ROOM" } });
    expect(viewer.connected).toBe(true);
  });

  it("works without an ack, and says nothing back to the camera on success", async () => {
    const t = await startTestServer();
    const { code, camera, viewer } = await room(t);
    const atCamera = recordEvents(camera);
    const removed = nextEvent(viewer, "removed");
    send(camera, "remove_peer", { code, id: viewer.id });
    expect(await removed).toEqual({ code });
    await settle(camera, viewer);
    expect(atCamera.filter((e) => e.event !== "pong")).toEqual([
      { event: "peer_left", args: [{ id: viewer.id, type: "viewer" }] },
    ]);
  });

  it("refuses a viewer, and nothing changes", async () => {
    const t = await startTestServer();
    const { code, camera, viewer, other } = await room(t);
    const heard = [camera, viewer, other].map(recordEvents);
    expect(refusal(await request(viewer, "remove_peer", { code, id: camera.id })).code).toBe("BAD_REQUEST");
    expect(refusal(await request(viewer, "remove_peer", { code, id: other.id })).code).toBe("BAD_REQUEST");
    send(viewer, "remove_peer", { code, id: other.id });
    await settle(camera, viewer, other);
    for (const events of heard) expect(events.filter((e) => e.event !== "pong")).toEqual([]);
    expect(await whoHears(code, camera, [viewer, other])).toEqual(ids(viewer, other));
    expect(await t.server.backend.rooms.findMember(code, other.id!)).toBeDefined();
  });

  it("answers bad payloads with a clear error, stays connected, and removes nobody", async () => {
    const t = await startTestServer({ socketEventBurst: 1_000 });
    const { code, camera, viewer, other } = await room(t);
    const heard = [viewer, other].map(recordEvents);
    const cases: Array<[unknown, string]> = [
      [undefined, "BAD_REQUEST"],
      [null, "BAD_REQUEST"],
      ["remove", "BAD_REQUEST"],
      [[code, viewer.id], "BAD_REQUEST"],
      [{ code }, "BAD_REQUEST"],
      [{ id: viewer.id }, "BAD_REQUEST"],
      [{ code, id: "" }, "BAD_REQUEST"],
      [{ code, id: 7 }, "BAD_REQUEST"],
      [{ code, id: "x".repeat(65) }, "BAD_REQUEST"],
      [{ code: Number(code), id: viewer.id }, "BAD_REQUEST"],
      [{ code: "x".repeat(500), id: viewer.id }, "BAD_REQUEST"],
      [{ code: { length: 6 }, id: viewer.id }, "BAD_REQUEST"],
      [{ code: code === "000000" ? "000001" : "000000", id: viewer.id }, "NOT_IN_ROOM"],
      [{ code: ` ${code}`, id: viewer.id }, "NOT_IN_ROOM"],
      [{ code, id: "nobody-here" }, "PEER_NOT_FOUND"],
      [{ code, id: camera.id }, "PEER_NOT_FOUND"],
      [{ code, id: `${viewer.id} ` }, "PEER_NOT_FOUND"],
    ];
    for (const [payload, expected] of cases) {
      const error = refusal(await request(camera, "remove_peer", ...(payload === undefined ? [] : [payload])));
      expect(error.code, JSON.stringify(payload)).toBe(expected);
      expect(error.message).toMatch(/^[a-z]/);
    }
    await settle(camera, viewer, other);
    expect(camera.connected).toBe(true);
    for (const events of heard) expect(events.filter((e) => e.event !== "pong")).toEqual([]);
    expect(await whoHears(code, camera, [viewer, other])).toEqual(ids(viewer, other));
  });

  it("refuses a socket outside any room, or outside that room, with NOT_IN_ROOM", async () => {
    const t = await startTestServer();
    const { code, viewer } = await room(t);
    const outsider = await t.connect();
    expect(refusal(await request(outsider, "remove_peer", { code, id: viewer.id })).code).toBe("NOT_IN_ROOM");
    const elsewhere = await t.issueCode();
    const otherCamera = await t.connect();
    await join(otherCamera, elsewhere, "camera");
    expect(refusal(await request(otherCamera, "remove_peer", { code, id: viewer.id })).code).toBe("NOT_IN_ROOM");
    // Naming its own room, the other camera still cannot reach a member of this one.
    const res = await request(otherCamera, "remove_peer", { code: elsewhere, id: viewer.id });
    expect(refusal(res).code).toBe("PEER_NOT_FOUND");
    expect(await t.server.backend.rooms.findMember(code, viewer.id!)).toBeDefined();
  });

  it("keeps the removed viewer's token from rejoining that code, from any socket", async () => {
    const t = await startTestServer();
    const { code, camera, viewer, viewerToken } = await room(t);
    await remove(camera, code, viewer);
    const atCamera = recordEvents(camera);

    const again = await request(viewer, "join_room", { code, type: "viewer", token: viewerToken });
    expect(again).toMatchObject({
      ok: false,
      error: { code: "NOT_IN_ROOM", message: expect.stringMatching(/removed/) },
    });
    // A reloaded page comes back on a new socket with the token it saved.
    const reloaded = await t.connect();
    expect(await request(reloaded, "join_room", { code, type: "viewer", token: viewerToken })).toMatchObject({
      ok: false,
      error: { code: "NOT_IN_ROOM" },
    });
    await settle(camera, viewer, reloaded);
    expect(atCamera.filter((e) => e.event !== "pong")).toEqual([]);
  });

  it("lets the removed viewer join again without a token, as a new member the camera hears of", async () => {
    const t = await startTestServer();
    const { code, camera, viewer, viewerToken } = await room(t);
    await remove(camera, code, viewer);
    const joined = nextEvent(camera, "peer_joined");
    const fresh = await join(viewer, code, "viewer");
    expect(await joined).toEqual({ id: viewer.id, type: "viewer" });
    expect(fresh.token).not.toBe(viewerToken);
    expect(await whoHears(code, camera, [viewer])).toEqual(ids(viewer));
    // The old token stays banned; the new one reclaims as any token does.
    const reloaded = await t.connect();
    expect(await request(reloaded, "join_room", { code, type: "viewer", token: viewerToken })).toMatchObject({
      ok: false,
      error: { code: "NOT_IN_ROOM" },
    });
    const reclaimed = await join(reloaded, code, "viewer", fresh.token);
    expect(reclaimed.id).toBe(reloaded.id);
  });

  it("does not count a banned token as a failed join", async () => {
    const t = await startTestServer({ joinFailuresPerMinute: 2 });
    const { code, camera, viewer, viewerToken } = await room(t);
    await remove(camera, code, viewer);
    for (let i = 0; i < 3; i++) {
      const res = await request(viewer, "join_room", { code, type: "viewer", token: viewerToken });
      expect(res).toMatchObject({ ok: false, error: { code: "NOT_IN_ROOM" } });
    }
    await join(viewer, code, "viewer");
  });
});
