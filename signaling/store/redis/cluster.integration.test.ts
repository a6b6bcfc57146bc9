// Several real server processes on one real Redis: pairing and signaling across processes, races for the same
// slot from both, shared rate limits, a SIGKILLed process's slots freed, Redis stopped and started again.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  connectClient,
  join,
  nextEvent,
  recordEvents,
  request,
  settle,
  type TestClient,
} from "../../testing/support.js";
import {
  eventually,
  generate,
  startRedis,
  startServerProcesses,
  type ServerProcess,
  type TestRedis,
} from "../../testing/redis.js";

// Each test starts real processes (tsx compiles on start): slow on a loaded machine, so generous bounds.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 200_000 });

let redis: TestRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.dispose();
});

async function issue(url: string): Promise<string> {
  const { status, body } = await generate(url);
  if (status !== 201 || !body.code) throw new Error(`generate answered ${status} ${JSON.stringify(body)}`);
  return body.code;
}

async function stopAll(procs: ServerProcess[]): Promise<void> {
  await Promise.all(procs.map((p) => p.stop()));
}

describe("two processes on one Redis", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    [a, b] = (await startServerProcesses(redis.url, { MAX_VIEWERS: "2" })) as [ServerProcess, ServerProcess];
  });
  afterAll(async () => {
    await stopAll([a, b].filter(Boolean));
  });

  it("pairs a camera on A with a viewer on B on a code issued by A, and forwards with and without `to`", async () => {
    const code = await issue(a.url);
    const camera = await connectClient(a.url);
    const viewer = await connectClient(b.url);
    await join(camera, code, "camera");
    const joined = nextEvent(camera, "peer_joined");
    const res = await join(viewer, code, "viewer");
    expect(res.peers).toEqual([{ id: camera.id, type: "camera" }]);
    expect(await joined).toEqual({ id: viewer.id, type: "viewer" });

    const cameraHeard = recordEvents(camera);
    const offer = nextEvent(viewer, "offer");
    expect(
      await request(camera, "offer", { room_code: code, offer: { type: "offer", sdp: "v=0\r\n" }, to: viewer.id }),
    ).toEqual({ ok: true });
    expect(await offer).toEqual({
      room_code: code,
      offer: { type: "offer", sdp: "v=0\r\n" },
      to: viewer.id,
      from: camera.id,
    });

    const answer = nextEvent(camera, "answer");
    const viewerHeard = recordEvents(viewer);
    expect(await request(viewer, "answer", { room_code: code, answer: { type: "answer", sdp: "v=0\r\n" } })).toEqual({
      ok: true,
    });
    expect(await answer).toEqual({ room_code: code, answer: { type: "answer", sdp: "v=0\r\n" }, from: viewer.id });

    const ice = nextEvent(viewer, "ice_candidate");
    await request(camera, "ice_candidate", {
      room_code: code,
      candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host" },
    });
    expect(await ice).toMatchObject({ from: camera.id });

    // Neither sender got its own signal back, across the adapter either: every delivery is ordered before these pongs.
    await settle(camera, viewer);
    expect(cameraHeard.filter((e) => e.event === "offer" || e.event === "ice_candidate")).toEqual([]);
    expect(viewerHeard.filter((e) => e.event === "answer")).toEqual([]);

    const left = nextEvent(camera, "peer_left");
    const viewerId = viewer.id;
    viewer.disconnect();
    expect(await left).toEqual({ id: viewerId, type: "viewer" });
  });

  it("answers PEER_NOT_FOUND for a `to` naming a socket on the other process that is not in the room", async () => {
    const code = await issue(a.url);
    const camera = await connectClient(a.url);
    const stranger = await connectClient(b.url);
    await join(camera, code, "camera");
    const res = await request(camera, "offer", {
      room_code: code,
      offer: { type: "offer", sdp: "v=0\r\n" },
      to: stranger.id,
    });
    expect(res).toMatchObject({ ok: false, error: { code: "PEER_NOT_FOUND" } });
  });

  it("admits exactly one of two cameras racing for the slot from both processes, every round", async () => {
    for (let round = 0; round < 10; round++) {
      const code = await issue(round % 2 ? a.url : b.url);
      const racers = await Promise.all([
        connectClient(a.url),
        connectClient(b.url),
        connectClient(a.url),
        connectClient(b.url),
      ]);
      const results = await Promise.all(racers.map((s) => request(s, "join_room", { code, type: "camera" })));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error.code === "ROOM_FULL")).toHaveLength(3);
      for (const s of racers) s.disconnect();
    }
  });

  it("holds MAX_VIEWERS across processes when viewers on both race for the last slots", async () => {
    const code = await issue(a.url);
    const racers: TestClient[] = [];
    for (let i = 0; i < 8; i++) racers.push(await connectClient(i % 2 ? a.url : b.url));
    const results = await Promise.all(racers.map((s) => request(s, "join_room", { code, type: "viewer" })));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok && r.error.code === "ROOM_FULL")).toHaveLength(6);
  });

  it("lets a reclaim on B evict the stale camera socket on A, with a fresh token", async () => {
    const code = await issue(a.url);
    const stale = await connectClient(a.url);
    const viewer = await connectClient(b.url);
    const first = await join(stale, code, "camera");
    const staleId = stale.id;
    await join(viewer, code, "viewer");
    const gone = new Promise((resolve) => stale.once("disconnect", resolve));
    const left = nextEvent(viewer, "peer_left");
    const fresh = await connectClient(b.url);
    const again = await join(fresh, code, "camera", first.token);
    expect(again.token).not.toBe(first.token);
    expect(await left).toEqual({ id: staleId, type: "camera" });
    expect(await gone).toBe("io server disconnect");
    // The old token no longer claims the slot.
    const third = await connectClient(a.url);
    expect(await request(third, "join_room", { code, type: "camera", token: first.token })).toMatchObject({
      ok: false,
      error: { code: "ROOM_FULL" },
    });
  });

  it("reports cluster-wide gauges on each process, read from Redis", async () => {
    const code = await issue(b.url);
    const camera = await connectClient(a.url);
    const viewer = await connectClient(b.url);
    await join(camera, code, "camera");
    await join(viewer, code, "viewer");
    const gauge = async (url: string, name: string) => {
      const text = await (await fetch(`${url}/metrics`)).text();
      return Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1]);
    };
    for (const url of [a.url, b.url]) {
      expect(await gauge(url, "codecam_cluster_processes")).toBe(2);
      expect(await gauge(url, "codecam_redis_up")).toBe(1);
      expect(await gauge(url, "codecam_process_room_members")).toBe(1);
      expect(await gauge(url, "codecam_live_rooms")).toBeGreaterThanOrEqual(1);
    }
    expect(await gauge(a.url, "codecam_room_members")).toBe(await gauge(b.url, "codecam_room_members"));
  });
});

describe("shared rate limits", () => {
  it("counts failed joins on A against the same address on B, and code generation across both", async () => {
    const procs = await startServerProcesses(redis.url, { JOIN_FAILURES_PER_MINUTE: "3", CODES_PER_MINUTE: "3" });
    const [a, b] = procs as [ServerProcess, ServerProcess];
    try {
      const code = await issue(a.url);
      await issue(b.url);
      await issue(a.url);
      const fourth = await generate(b.url);
      expect(fourth.status).toBe(429);
      expect(fourth.body.error?.code).toBe("RATE_LIMITED");

      const onA = await connectClient(a.url);
      const onB = await connectClient(b.url);
      for (const wrong of ["000000", "000001"]) {
        expect(
          await request(onA, "join_room", { code: wrong === code ? "999999" : wrong, type: "viewer" }),
        ).toMatchObject({ error: { code: "CODE_NOT_FOUND" } });
      }
      expect(await request(onB, "join_room", { code: "12345", type: "viewer" })).toMatchObject({
        error: { code: "INVALID_CODE" },
      });
      // Three failures from this address in all: the right code is refused on either process.
      expect(await request(onB, "join_room", { code, type: "viewer" })).toMatchObject({
        error: { code: "RATE_LIMITED" },
      });
      expect(await request(onA, "join_room", { code, type: "camera" })).toMatchObject({
        error: { code: "RATE_LIMITED" },
      });
    } finally {
      await stopAll(procs);
    }
  });
});

describe("a process that dies without cleaning up", () => {
  it("has its slots freed by the survivor, with peer_left to the room-mates there", async () => {
    const procs = await startServerProcesses(redis.url, { REDIS_HEARTBEAT_SECONDS: "2" });
    const [a, b] = procs as [ServerProcess, ServerProcess];
    try {
      const code = await issue(a.url);
      const camera = await connectClient(a.url, { reconnection: false });
      const viewer = await connectClient(b.url);
      await join(camera, code, "camera");
      await join(viewer, code, "viewer");
      const cameraId = camera.id;
      const left = nextEvent(viewer, "peer_left", 20_000);
      await a.kill();
      // Bound: heartbeat TTL (2 s) + one sweep (1 s), plus slack for a loaded machine.
      expect(await left).toEqual({ id: cameraId, type: "camera" });
      // The camera slot is free again: a new camera on B takes it.
      const next = await connectClient(b.url);
      const res = await join(next, code, "camera");
      expect(res.peers).toEqual([{ id: viewer.id, type: "viewer" }]);
      expect(b.output()).toContain("freed the slots of a process whose heartbeat expired");
    } finally {
      await stopAll(procs);
    }
  });

  it("on a graceful stop (SIGTERM) tells the room-mates on the other process at once", async () => {
    const procs = await startServerProcesses(redis.url);
    const [a, b] = procs as [ServerProcess, ServerProcess];
    try {
      const code = await issue(a.url);
      const camera = await connectClient(a.url);
      const viewer = await connectClient(b.url);
      await join(camera, code, "camera");
      await join(viewer, code, "viewer");
      const cameraId = camera.id;
      const left = nextEvent(viewer, "peer_left", 10_000);
      await a.stop();
      expect(await left).toEqual({ id: cameraId, type: "camera" });
    } finally {
      await stopAll(procs);
    }
  });
});

describe("Redis stopped and started again", () => {
  it("answers UNAVAILABLE, keeps same-process signals flowing, stays up, and recovers by itself", async () => {
    const own = await startRedis();
    const procs = await startServerProcesses(own.url, { REDIS_HEARTBEAT_SECONDS: "30" });
    const [a, b] = procs as [ServerProcess, ServerProcess];
    try {
      const code = await issue(a.url);
      const camera = await connectClient(a.url);
      const viewer = await connectClient(a.url);
      await join(camera, code, "camera");
      await join(viewer, code, "viewer");
      const idle = await connectClient(b.url);

      await own.stop();
      await eventually(async () => (await fetch(`${a.url}/healthz`)).status === 503, 10_000, "healthz 503");
      const health = (await (await fetch(`${a.url}/healthz`)).json()) as { error: { code: string; message: string } };
      expect(health.error.code).toBe("UNAVAILABLE");
      expect(health.error.message).toMatch(/redis/i);

      const gen = await generate(b.url);
      expect(gen.status).toBe(503);
      expect(gen.body.error?.code).toBe("UNAVAILABLE");
      expect(await request(idle, "join_room", { code, type: "viewer" })).toMatchObject({
        ok: false,
        error: { code: "UNAVAILABLE" },
      });

      // Both on A: the signal needs no Redis.
      const offer = nextEvent(viewer, "offer");
      expect(await request(camera, "offer", { room_code: code, offer: { type: "offer", sdp: "v=0\r\n" } })).toEqual({
        ok: true,
      });
      expect(await offer).toMatchObject({ from: camera.id });

      await own.start();
      for (const p of [a, b])
        await eventually(async () => (await fetch(`${p.url}/healthz`)).status === 200, 15_000, "healthz 200");
      expect(a.child.exitCode).toBeNull();
      expect(b.child.exitCode).toBeNull();

      // The restarted Redis is empty (no persistence in this test): new code, pairing across processes again.
      const fresh = await issue(b.url);
      const cam2 = await connectClient(b.url);
      const view2 = await connectClient(a.url);
      await join(cam2, fresh, "camera");
      await join(view2, fresh, "viewer");
      const offer2 = nextEvent(view2, "offer");
      await request(cam2, "offer", { room_code: fresh, offer: { type: "offer", sdp: "v=0\r\n" } });
      expect(await offer2).toMatchObject({ from: cam2.id });
    } finally {
      await stopAll(procs);
      await own.dispose();
    }
  });
});
