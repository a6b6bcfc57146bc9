// What a bystander sees: /healthz latency while an attack runs, and whether a fresh camera/viewer pair still
// pairs and signals. Plus the server's own figures from /metrics.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { io as ioc, type Socket } from "socket.io-client";
import { httpCall } from "../signaling/testing/raw-client.js";
import type { ServerProcess } from "./server.js";

/**
 * Probes /healthz every `everyMs` from `localAddress` until stopped, from a process of its own (bystander.ts);
 * a failed probe counts as its time to fail.
 */
export function healthProbe(url: string, localAddress = "127.0.1.1", everyMs = 100) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./bystander.ts", import.meta.url)), url, localAddress, String(everyMs)],
    {
      stdio: ["pipe", "pipe", "inherit"],
    },
  );
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    async stop(): Promise<{ worstMs: number; p50Ms: number; failures: number; probes: number }> {
      child.stdin!.end();
      await exited;
      return JSON.parse(out || '{"worstMs":0,"p50Ms":0,"failures":1,"probes":0}') as {
        worstMs: number;
        p50Ms: number;
        failures: number;
        probes: number;
      };
    },
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

type Client = Socket;

export function connect(url: string, localAddress: string, opts: Record<string, unknown> = {}): Promise<Client> {
  const s = ioc(url, {
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
    localAddress,
    ...opts,
  } as never);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.disconnect();
      reject(new Error("connect timed out"));
    }, 15_000);
    s.once("connected", () => {
      clearTimeout(timer);
      resolve(s);
    });
    s.once("connect_error", (e: Error) => {
      clearTimeout(timer);
      s.disconnect();
      reject(e);
    });
  });
}

export function ask<T = { ok: boolean; token?: string; error?: { code: string } }>(
  s: Client,
  event: string,
  payload?: unknown,
  timeoutMs = 20_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event}`)), timeoutMs);
    const done = (r: T) => {
      clearTimeout(timer);
      resolve(r);
    };
    if (payload === undefined) s.emit(event, done);
    else s.emit(event, payload, done);
  });
}

/** Every code the suite was issued (sampled: the first 5,000), for the privacy check of the logs. */
export const issuedCodes: string[] = [];

export async function issueCode(url: string, localAddress: string): Promise<string> {
  const a = await httpCall(`${url}/api/code/generate`, { method: "POST", localAddress });
  if (a.status !== 201) throw new Error(`generate answered ${a.status}`);
  const code = (JSON.parse(a.body) as { code: string }).code;
  if (issuedCodes.length < 5_000) issuedCodes.push(code);
  return code;
}

/**
 * A camera and a viewer pair up and exchange offer, answer and `candidates` candidates carrying sequence
 * numbers; resolves with the time to join_room_success of the viewer, after checking every signal arrived once,
 * in order, from the right sender. Rejects on anything lost or misdelivered.
 */
export async function pairAndSignal(
  url: string,
  localAddress: string,
  candidates = 3,
  tokens?: string[],
): Promise<number> {
  const code = await issueCode(url, localAddress);
  const sockets = await Promise.allSettled([connect(url, localAddress), connect(url, localAddress)]);
  if (sockets.some((r) => r.status === "rejected")) {
    for (const r of sockets) if (r.status === "fulfilled") r.value.disconnect();
    throw new Error(
      `connect: ${sockets.map((r) => (r.status === "rejected" ? (r.reason as Error).message : "ok")).join(", ")}`,
    );
  }
  const [camera, viewer] = sockets.map((r) => (r as PromiseFulfilledResult<Client>).value) as [Client, Client];
  let cleanup = () => {};
  try {
    const c = await ask(camera, "join_room", { code, type: "camera" });
    if (!c.ok) throw new Error(`camera join: ${c.error?.code}`);
    const t0 = performance.now();
    const v = await ask(viewer, "join_room", { code, type: "viewer" });
    const joinMs = performance.now() - t0;
    if (!v.ok) throw new Error(`viewer join: ${v.error?.code}`);
    if (tokens && c.token && v.token) tokens.push(c.token, v.token);
    const got: number[] = [];
    // Every wait has a timer that the finally clears, and is marked handled at once: a failure earlier in the
    // exchange must not leave a rejection behind for nobody.
    const timers: NodeJS.Timeout[] = [];
    cleanup = () => timers.forEach(clearTimeout);
    const gotAll = new Promise<void>((resolve, reject) => {
      timers.push(setTimeout(() => reject(new Error(`signals lost: got ${got.length} of ${candidates}`)), 20_000));
      viewer.on("ice_candidate", (m: { from: string; candidate: { sdpMid: string } }) => {
        if (m.from !== camera.id) reject(new Error("signal from the wrong sender"));
        got.push(Number(m.candidate.sdpMid));
        if (got.length === candidates) resolve();
      });
    });
    const answer = new Promise<void>((resolve, reject) => {
      timers.push(setTimeout(() => reject(new Error("answer lost")), 20_000));
      camera.once("answer", (m: { from: string }) =>
        m.from === viewer.id ? resolve() : reject(new Error("answer from the wrong sender")),
      );
    });
    gotAll.catch(() => {});
    answer.catch(() => {});
    const offered = new Promise<void>((resolve, reject) => {
      timers.push(setTimeout(() => reject(new Error("offer lost")), 20_000));
      viewer.once("offer", () => resolve());
    });
    offered.catch(() => {});
    await ask(camera, "offer", { room_code: code, offer: { type: "offer", sdp: "v=0\r\n" }, to: viewer.id });
    await offered;
    await ask(viewer, "answer", { room_code: code, answer: { type: "answer", sdp: "v=0\r\n" }, to: camera.id });
    for (let i = 0; i < candidates; i++) {
      const r = await ask(camera, "ice_candidate", {
        room_code: code,
        candidate: {
          candidate: `candidate:${i} 1 udp 1 127.0.0.1 ${9000 + i} typ host`,
          sdpMid: String(i),
          sdpMLineIndex: 0,
        },
      });
      if (!r.ok) throw new Error(`candidate refused: ${r.error?.code}`);
    }
    await Promise.all([gotAll, answer]);
    if (got.some((n, i) => n !== i)) throw new Error(`signals out of order: ${got.join(",")}`);
    return joinMs;
  } finally {
    cleanup();
    camera.disconnect();
    viewer.disconnect();
  }
}

/** The end of every case: the process is alive, /healthz answers 200, a fresh pair pairs and signals. */
export async function healthCheck(server: ServerProcess): Promise<string | undefined> {
  if (!server.alive()) return "process gone";
  try {
    const h = await httpCall(`${server.url}/healthz`, { localAddress: "127.0.1.2", timeoutMs: 10_000 });
    if (h.status !== 200) return `/healthz ${h.status}`;
    await pairAndSignal(server.url, "127.0.1.3");
    return undefined;
  } catch (err) {
    return `health check: ${(err as Error).message}`;
  }
}

/** A sample from /metrics, as the server's own loopback scraper sees it. */
export async function scrape(url: string): Promise<Map<string, number>> {
  const a = await httpCall(`${url}/metrics`, { localAddress: "127.0.0.1" });
  const out = new Map<string, number>();
  for (const line of a.body.split("\n")) {
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}
