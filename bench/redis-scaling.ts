// What Redis costs: pairings per second and the relay round trip for one process in memory (the baseline), one
// process on Redis, and two processes on Redis (camera on A, viewer on B), side by side in one run, with Redis's
// own commands and CPU per pairing read from INFO. Standalone: `node --import tsx bench/redis-scaling.ts`
// (after `npm run build`; the servers run from dist/ without a loader); bench/run.ts can call runRedisScaling().
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { io as ioc, type Socket } from "socket.io-client";
import {
  generate,
  startRedis,
  startServerProcess,
  startServerProcesses,
  type ServerProcess,
} from "../signaling/testing/redis.js";
import { LOAD_ENV } from "./servers.js";

export interface RedisScalingOptions {
  /** Pairings measured per setup (each: code, two joins, offer/answer, ICE, both leave). */
  pairings: number;
  /** Pairings in flight at once. */
  concurrency: number;
  /** Relay round trips measured per setup, after `warmup` unmeasured ones. */
  roundTrips: number;
  warmup: number;
  /** Bound on every single operation. */
  opTimeoutMs: number;
}

export interface SetupFigures {
  setup: string;
  pairingsPerSecond: number;
  rttMedianMs: number;
  rttP95Ms: number;
  /** Script calls and publishes per pairing (EVALSHA, EVAL, PUBLISH in INFO commandstats): the round trips. */
  redisRequestsPerPairing: number;
  /** Commands Redis ran per pairing, those inside the scripts included (INFO total_commands_processed). */
  redisCommandsPerPairing: number;
  /** Redis server CPU per pairing (INFO cpu), µs. */
  redisCpuUsPerPairing: number;
}

export interface RedisScalingResult {
  options: RedisScalingOptions;
  setups: SetupFigures[];
}

export const DEFAULTS: RedisScalingOptions = {
  pairings: 300,
  concurrency: 10,
  roundTrips: 1000,
  warmup: 100,
  opTimeoutMs: 10_000,
};

type Client = Socket;

export async function runRedisScaling(partial: Partial<RedisScalingOptions> = {}): Promise<RedisScalingResult> {
  const options = { ...DEFAULTS, ...partial };
  const redis = await startRedis();
  const info = new Redis(redis.url);
  const started: ServerProcess[] = [];
  try {
    const memory = await startServerProcess(LOAD_ENV, "build");
    started.push(memory);
    const single = await startServerProcesses(redis.url, LOAD_ENV, 1, "build");
    const pair = await startServerProcesses(redis.url, LOAD_ENV, 2, "build");
    started.push(...single, ...pair);
    const setups: Setup[] = [
      { name: "1 process, in memory", camera: memory.url, viewer: memory.url, redis: undefined },
      { name: "1 process, Redis", camera: single[0]!.url, viewer: single[0]!.url, redis: info },
      {
        name: "2 processes, Redis (camera on A, viewer on B)",
        camera: pair[0]!.url,
        viewer: pair[1]!.url,
        redis: info,
      },
    ];
    for (const s of setups) for (let i = 0; i < 20; i++) await pairOnce(s.camera, s.viewer, options.opTimeoutMs);
    // Rounds taken in turn, so a load spike from elsewhere on the machine falls on every setup alike.
    const totals = setups.map(() => ({ seconds: 0, requests: 0, calls: 0, cpuSeconds: 0, rtts: [] as number[] }));
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, s] of setups.entries()) {
        const t = totals[i]!;
        const before = s.redis ? await redisCounters(s.redis) : undefined;
        t.seconds += await pairings(s, Math.ceil(options.pairings / ROUNDS), options);
        const after = s.redis ? await redisCounters(s.redis) : undefined;
        if (before && after) {
          t.requests += after.requests - before.requests;
          t.calls += after.calls - before.calls;
          t.cpuSeconds += after.cpuSeconds - before.cpuSeconds;
        }
        t.rtts.push(
          ...(await roundTrips(s.camera, s.viewer, { ...options, roundTrips: Math.ceil(options.roundTrips / ROUNDS) })),
        );
      }
    }
    const n = Math.ceil(options.pairings / ROUNDS) * ROUNDS;
    return {
      options,
      setups: setups.map((s, i) => {
        const t = totals[i]!;
        const rtts = t.rtts.sort((x, y) => x - y);
        return {
          setup: s.name,
          pairingsPerSecond: n / t.seconds,
          rttMedianMs: rtts[Math.floor(rtts.length / 2)]!,
          rttP95Ms: rtts[Math.floor(rtts.length * 0.95)]!,
          redisRequestsPerPairing: t.requests / n,
          redisCommandsPerPairing: t.calls / n,
          redisCpuUsPerPairing: (t.cpuSeconds * 1e6) / n,
        };
      }),
    };
  } finally {
    await Promise.all(started.map((p) => p.stop()));
    info.disconnect();
    await redis.dispose();
  }
}

/** Measured rounds per setup. */
const ROUNDS = 3;

interface Setup {
  name: string;
  camera: string;
  viewer: string;
  /** Where to read Redis's counters; undefined for the memory baseline. */
  redis: Redis | undefined;
}

/** `count` pairings, `concurrency` at a time → seconds taken. */
async function pairings(s: Setup, count: number, o: RedisScalingOptions): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (next < count) {
        next++;
        await pairOnce(s.camera, s.viewer, o.opTimeoutMs);
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

/** One pairing as the pages do it: code, camera joins, viewer joins, offer/answer with `to`, one ICE each way, leave. */
async function pairOnce(cameraUrl: string, viewerUrl: string, timeoutMs: number): Promise<void> {
  const { status, body } = await generate(cameraUrl);
  if (status !== 201 || !body.code) throw new Error(`generate answered ${status}`);
  const code = body.code;
  const [camera, viewer] = await Promise.all([connect(cameraUrl, timeoutMs), connect(viewerUrl, timeoutMs)]);
  try {
    await ack(camera, "join_room", { code, type: "camera" }, timeoutMs);
    const joined = once(camera, "peer_joined", timeoutMs);
    await ack(viewer, "join_room", { code, type: "viewer" }, timeoutMs);
    const { id } = (await joined) as { id: string };
    const offer = once(viewer, "offer", timeoutMs);
    camera.emit("offer", { room_code: code, offer: { type: "offer", sdp: "v=0\r\n".repeat(200) }, to: id });
    await offer;
    const answer = once(camera, "answer", timeoutMs);
    viewer.emit("answer", { room_code: code, answer: { type: "answer", sdp: "v=0\r\n".repeat(200) }, to: camera.id });
    await answer;
    const ice = Promise.all([once(viewer, "ice_candidate", timeoutMs), once(camera, "ice_candidate", timeoutMs)]);
    camera.emit("ice_candidate", {
      room_code: code,
      candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host" },
      to: id,
    });
    viewer.emit("ice_candidate", {
      room_code: code,
      candidate: { candidate: "candidate:1 1 udp 1 127.0.0.1 9 typ host" },
      to: camera.id,
    });
    await ice;
  } finally {
    camera.disconnect();
    viewer.disconnect();
  }
}

/** ICE candidates bounced camera → viewer → camera, one at a time, each timed. */
async function roundTrips(cameraUrl: string, viewerUrl: string, o: RedisScalingOptions): Promise<number[]> {
  const { body } = await generate(cameraUrl);
  const code = body.code!;
  const [camera, viewer] = await Promise.all([connect(cameraUrl, o.opTimeoutMs), connect(viewerUrl, o.opTimeoutMs)]);
  try {
    await ack(camera, "join_room", { code, type: "camera" }, o.opTimeoutMs);
    await ack(viewer, "join_room", { code, type: "viewer" }, o.opTimeoutMs);
    viewer.on("ice_candidate", (msg: { candidate: unknown }) =>
      viewer.emit("ice_candidate", { room_code: code, candidate: msg.candidate, to: camera.id }),
    );
    const samples: number[] = [];
    for (let i = 0; i < o.warmup + o.roundTrips; i++) {
      const back = once(camera, "ice_candidate", o.opTimeoutMs);
      const t = performance.now();
      camera.emit("ice_candidate", {
        room_code: code,
        candidate: { candidate: `candidate:${i} 1 udp 1 127.0.0.1 9 typ host` },
        to: viewer.id,
      });
      await back;
      if (i >= o.warmup) samples.push(performance.now() - t);
    }
    return samples;
  } finally {
    camera.disconnect();
    viewer.disconnect();
  }
}

async function redisCounters(info: Redis): Promise<{ requests: number; calls: number; cpuSeconds: number }> {
  const [commands, stats, cpu] = await Promise.all([info.info("commandstats"), info.info("stats"), info.info("cpu")]);
  const field = (text: string, name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(text)?.[1] ?? 0);
  const calls = (cmd: string) => Number(new RegExp(`^cmdstat_${cmd}:calls=(\\d+)`, "m").exec(commands)?.[1] ?? 0);
  return {
    requests: calls("evalsha") + calls("eval") + calls("publish"),
    calls: field(stats, "total_commands_processed"),
    cpuSeconds: field(cpu, "used_cpu_sys") + field(cpu, "used_cpu_user"),
  };
}

function connect(url: string, timeoutMs: number): Promise<Client> {
  const socket = ioc(url, { transports: ["websocket"], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`connect to ${url} timed out`)), timeoutMs);
    socket.once("connected", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

function ack(socket: Client, event: string, payload: unknown, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), timeoutMs);
    socket.emit(event, payload, (res: { ok: boolean; error?: { code: string } }) => {
      clearTimeout(timer);
      if (res.ok) resolve(res);
      else reject(new Error(`${event}: ${res.error?.code}`));
    });
  });
}

function once(socket: Client, event: string, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event, (msg: unknown) => {
      clearTimeout(timer);
      resolve(msg);
    });
  });
}

/** A Markdown table of the run, the memory baseline first, each figure also as a ratio to it. */
export function formatRedisScaling({ options, setups }: RedisScalingResult): string {
  const base = setups[0]!;
  const rows = setups.map(
    (s) =>
      `| ${s.setup} | ${s.pairingsPerSecond.toFixed(1)} (${(s.pairingsPerSecond / base.pairingsPerSecond).toFixed(2)}x) | ` +
      `${s.rttMedianMs.toFixed(3)} / ${s.rttP95Ms.toFixed(3)} (${(s.rttMedianMs / base.rttMedianMs).toFixed(2)}x) | ` +
      `${s.redisRequestsPerPairing.toFixed(1)} / ${s.redisCommandsPerPairing.toFixed(1)} | ${s.redisCpuUsPerPairing.toFixed(0)} |`,
  );
  return [
    `Redis scaling: ${options.pairings} pairings (${options.concurrency} at once), ${options.roundTrips} relay round trips per setup.`,
    "",
    "| setup | pairings/s (vs memory) | relay RTT median / p95 ms (vs memory) | Redis scripts+publishes / commands run per pairing | Redis CPU µs per pairing |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runRedisScaling().then(
    (result) => {
      process.stdout.write(`${formatRedisScaling(result)}\n`);
      process.exit(0);
    },
    (err: unknown) => {
      process.stderr.write(`redis-scaling: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
