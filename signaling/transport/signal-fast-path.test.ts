// The hot path for signals without an ack (signal-fast-path.ts), against a real server: it is taken, it puts the
// ordinary path's bytes on the wire, it keeps the order of a connection's packets, and every rule and defence
// of the ordinary path still holds on it.
import { describe, expect, it } from "vitest";
import { rawWebSocket, type RawSocket } from "../testing/raw-client.js";
import {
  join,
  nextEvent,
  offersToPausedViewer,
  recordEvents,
  startTestServer,
  type TestClient,
  type TestServer,
} from "../testing/support.js";

/** A raw camera (so its frames can be read byte for byte) and a socket.io-client viewer in one room. */
async function pairRawCamera(t: TestServer): Promise<{ code: string; camera: RawSocket; viewer: TestClient }> {
  const code = await t.issueCode();
  const camera = await rawWebSocket(t.url);
  camera.send(`420["join_room",{"code":"${code}","type":"camera"}]`);
  await camera.next((f) => f.startsWith("430"));
  const viewer = await t.connect();
  await join(viewer, code, "viewer");
  await camera.next((f) => f.startsWith('42["peer_joined"'));
  return { code, camera, viewer };
}

const emit = (socket: TestClient, event: string, payload: unknown) =>
  (socket.emit as (ev: string, p: unknown) => void)(event, payload);
const emitWithAck = (socket: TestClient, event: string, payload: unknown) =>
  (socket.emitWithAck as (ev: string, p: unknown) => Promise<unknown>)(event, payload);

describe("signals without an ack take the hot path", () => {
  it("skips Socket.IO's emit on the target and writes the ordinary path's exact bytes", async () => {
    const t = await startTestServer();
    const { code, camera, viewer } = await pairRawCamera(t);
    const target = t.server.io.sockets.sockets.get(camera.id)!;
    const emitted: string[] = [];
    const original = target.emit.bind(target);
    (target as unknown as { emit: (...a: unknown[]) => boolean }).emit = (ev: unknown, ...rest: unknown[]) => {
      emitted.push(String(ev));
      return (original as (...a: unknown[]) => boolean)(ev, ...rest);
    };
    // Unknown fields at every depth, a forged `from`, fields in an unusual order (the envelope is rebuilt in the
    // protocol's order; the candidate keeps the sender's order, less the unknown field, on both paths).
    const payload = {
      to: camera.id,
      from: "forged",
      junk: true,
      candidate: { sdpMid: "0", candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host", extra: 1, sdpMLineIndex: 0 },
      room_code: code,
    };
    const expected = `42["ice_candidate",{"room_code":"${code}","candidate":{"sdpMid":"0","candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMLineIndex":0},"to":"${camera.id}","from":"${viewer.id}"}]`;

    emit(viewer, "ice_candidate", payload);
    const fast = await camera.next((f) => f.startsWith('42["ice_candidate"'));
    expect(emitted).toEqual([]); // not through Socket.IO's emit
    expect(await emitWithAck(viewer, "ice_candidate", structuredClone(payload))).toEqual({ ok: true });
    const iceFrames = () => camera.received.filter((f) => f.startsWith('42["ice_candidate"'));
    await expect.poll(() => iceFrames().length).toBe(2);
    const ordinary = iceFrames()[1];
    expect(emitted).toEqual(["ice_candidate"]); // the ack took the ordinary path
    expect(fast).toBe(expected);
    expect(ordinary).toBe(expected);

    emit(viewer, "offer", { room_code: code, to: camera.id, offer: { type: "offer", sdp: "v=0\r\n", x: 1 } });
    expect(await camera.next((f) => f.startsWith('42["offer"'))).toBe(
      `42["offer",{"room_code":"${code}","offer":{"type":"offer","sdp":"v=0\\r\\n"},"to":"${camera.id}","from":"${viewer.id}"}]`,
    );
    expect(emitted).toEqual(["ice_candidate"]);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/^codecam_signals_forwarded_total\{event="ice_candidate"\} 2$/m);
    camera.close();
  });

  it("keeps a connection's packets in the order they came, whichever path each takes", async () => {
    const t = await startTestServer();
    const { code, camera, viewer } = await pairRawCamera(t);
    const sent: string[] = [];
    const acks: Promise<unknown>[] = [];
    for (let i = 0; i < 60; i++) {
      const payload = { room_code: code, to: camera.id, candidate: { candidate: `c${i}` } };
      sent.push(`c${i}`);
      // Every third one with an ack (ordinary path), the rest without (hot path), in one burst.
      if (i % 3 === 0) acks.push(emitWithAck(viewer, "ice_candidate", payload));
      else emit(viewer, "ice_candidate", payload);
    }
    await Promise.all(acks);
    await camera.next((f) => f.includes('"c59"'));
    const got = camera.received
      .filter((f) => f.startsWith('42["ice_candidate"'))
      .map((f) => /"candidate":"(c\d+)"/.exec(f)![1]);
    expect(got).toEqual(sent);
    camera.close();
  });

  it("leaves every refusal and every other case to the ordinary rules", async () => {
    const t = await startTestServer();
    const { code, camera, viewer } = await pairRawCamera(t);
    const events = recordEvents(viewer);
    const errors = () =>
      events
        .filter((e) => e.event === "signal_error")
        .map((e) => (e.args[0] as { error: { code: string } }).error.code);

    emit(viewer, "ice_candidate", { room_code: code, to: "nobody-here", candidate: { candidate: "x" } });
    await expect.poll(errors).toEqual(["PEER_NOT_FOUND"]);
    emit(viewer, "ice_candidate", { room_code: code, to: viewer.id, candidate: { candidate: "x" } });
    await expect.poll(errors).toEqual(["PEER_NOT_FOUND", "PEER_NOT_FOUND"]);
    emit(viewer, "ice_candidate", { room_code: "000000", to: camera.id, candidate: { candidate: "x" } });
    await expect.poll(errors).toEqual(["PEER_NOT_FOUND", "PEER_NOT_FOUND", "NOT_IN_ROOM"]);
    emit(viewer, "ice_candidate", { room_code: code, to: camera.id, candidate: { candidate: 7 } });
    await expect.poll(errors).toEqual(["PEER_NOT_FOUND", "PEER_NOT_FOUND", "NOT_IN_ROOM", "BAD_REQUEST"]);

    // A member of another room is no target, even by its id.
    const other = await t.connect();
    await join(other, await t.issueCode(), "camera");
    const leaked = recordEvents(other);
    emit(viewer, "ice_candidate", { room_code: code, to: other.id, candidate: { candidate: "x" } });
    await expect.poll(errors).toHaveLength(5);
    expect(errors()[4]).toBe("PEER_NOT_FOUND");
    expect(leaked.filter((e) => e.event === "ice_candidate")).toEqual([]);

    // Without `to`: the room broadcast, still delivered.
    emit(viewer, "ice_candidate", { room_code: code, candidate: { candidate: "to-everyone" } });
    expect(await camera.next((f) => f.includes("to-everyone"))).toBe(
      `42["ice_candidate",{"room_code":"${code}","candidate":{"candidate":"to-everyone"},"from":"${viewer.id}"}]`,
    );

    // After leaving, a signal is NOT_IN_ROOM even when it was sent right behind the leave.
    emit(viewer, "leave_room", { code });
    emit(viewer, "ice_candidate", { room_code: code, to: camera.id, candidate: { candidate: "after-leave" } });
    await expect.poll(errors).toHaveLength(6);
    expect(errors()[5]).toBe("NOT_IN_ROOM");
    expect(camera.received.some((f) => f.includes("after-leave"))).toBe(false);
    camera.close();
  });

  it("counts against the connection's event budget", async () => {
    const t = await startTestServer({ socketEventsPerSecond: 1, socketEventBurst: 10 });
    const { code, camera, viewer } = await pairRawCamera(t);
    const limited = nextEvent<{ error: { code: string } }>(viewer, "signal_error");
    for (let i = 0; i < 40; i++)
      emit(viewer, "ice_candidate", { room_code: code, to: camera.id, candidate: { candidate: `b${i}` } });
    expect((await limited).error.code).toBe("RATE_LIMITED");
    await new Promise((r) => setTimeout(r, 300));
    const delivered = camera.received.filter((f) => f.startsWith('42["ice_candidate"')).length;
    // The join_room and the burst's other tokens: at most the burst gets through.
    expect(delivered).toBeGreaterThan(0);
    expect(delivered).toBeLessThanOrEqual(10);
    camera.close();
  });

  it("cuts off a target that stops reading once its queue passes maxQueuedBytes", async () => {
    // The hot path writes past Engine.IO's buffer: the cap must still see it.
    const t = await startTestServer({ maxQueuedBytes: 256 * 1024 });
    const { left, viewerId, camera } = await offersToPausedViewer(t, true);
    expect(left).toEqual({ id: viewerId, type: "viewer" });
    expect(camera.connected).toBe(true);
  }, 40_000);
});
