// Two server processes on one Redis: the phone's camera page is served and signaled by process A, the laptop's
// viewer page by process B, and the laptop plays the phone's live video. The spec starts its own redis-server and
// both processes (the e2e suite runs in its own network namespace, so their loopback ports are free).
import { allowOnPhone, expect, expectVideoPlaying, statusOf, test } from "./fixtures.js";
import { serverEnv } from "./browser-env.js";
import {
  generate,
  startRedis,
  startServerProcesses,
  type ServerProcess,
  type TestRedis,
} from "../signaling/testing/redis.js";

let redis: TestRedis;
let a: ServerProcess;
let b: ServerProcess;

test.beforeAll(async () => {
  test.setTimeout(90_000);
  redis = await startRedis();
  const { CODES_PER_MINUTE, JOIN_FAILURES_PER_MINUTE } = serverEnv(0);
  [a, b] = (await startServerProcesses(redis.url, {
    CODES_PER_MINUTE: CODES_PER_MINUTE!,
    JOIN_FAILURES_PER_MINUTE: JOIN_FAILURES_PER_MINUTE!,
  })) as [ServerProcess, ServerProcess];
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.dispose();
});

test("a camera on process A streams to a viewer on process B", async ({ newDevice }) => {
  const { status, body } = await generate(a.url);
  expect(status).toBe(201);
  const code = body.code!;

  const viewer = await (await newDevice("laptop", { baseURL: b.url })).newPage();
  await viewer.goto(`/viewer?code=${code}`);
  await expect(statusOf(viewer)).toHaveText("Waiting for the phone to join…");

  const camera = await (await newDevice("phone", { baseURL: a.url })).newPage();
  await camera.goto(`/camera?code=${code}&autostart=1`);
  // A laptop that joined by code is asked about on the phone (issue 16), across processes too.
  await allowOnPhone(camera, viewer);

  await expectVideoPlaying(viewer, "#video", "viewer on B");
  await expect(statusOf(camera)).toHaveText("Streaming to 1 viewer");
  // Each page really talks to its own process: their Socket.IO connections are counted there.
  const sockets = async (url: string) =>
    Number(/^codecam_process_room_members (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1]);
  expect(await sockets(a.url)).toBe(1);
  expect(await sockets(b.url)).toBe(1);
});
