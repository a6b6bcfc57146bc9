// deploy/nginx.conf as shipped (only its ports templated), run by the Debian nginx on loopback in front of two
// server processes on one Redis: pages, the API and Socket.IO through it, over websocket and over long-polling.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as joinPath } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectClient, join, nextEvent, request } from "../../testing/support.js";
import {
  eventually,
  freePort,
  generate,
  startRedis,
  startServerProcesses,
  type ServerProcess,
  type TestRedis,
} from "../../testing/redis.js";

vi.setConfig({ testTimeout: 60_000, hookTimeout: 200_000 });

const NGINX = "nginx";

/** The repo's config with its upstream and listen ports replaced; fails if any of them is no longer there. */
function templated(conf: string, upstreams: number[], listen: number): string {
  const swap = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`deploy/nginx.conf no longer contains "${from}"`);
    return text.replace(from, to);
  };
  let out = swap(conf, "server 127.0.0.1:5001;", `server 127.0.0.1:${upstreams[0]};`);
  out = swap(out, "server 127.0.0.1:5002;", `server 127.0.0.1:${upstreams[1]};`);
  return swap(out, "listen 80;", `listen 127.0.0.1:${listen};`);
}

let redis: TestRedis;
let procs: ServerProcess[] = [];
let nginx: ChildProcess | undefined;
let dir: string;
let url: string;
let nginxLog = "";

beforeAll(async () => {
  redis = await startRedis();
  procs = await startServerProcesses(redis.url, { TRUST_PROXY: "loopback" });
  dir = mkdtempSync(joinPath(tmpdir(), "codecam-nginx-"));
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    mkdirSync(joinPath(dir, sub));
    // Workers drop root to nobody: they must be able to write their temp files here.
    chmodSync(joinPath(dir, sub), 0o777);
  }
  chmodSync(dir, 0o755);
  const port = await freePort();
  const site = templated(
    readFileSync(new URL("../../../deploy/nginx.conf", import.meta.url), "utf8"),
    procs.map((p) => p.port),
    port,
  );
  writeFileSync(joinPath(dir, "codecam.conf"), site);
  writeFileSync(
    joinPath(dir, "nginx.conf"),
    `worker_processes 1;
pid ${dir}/nginx.pid;
error_log stderr warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/codecam.conf;
}
`,
  );
  nginx = spawn(NGINX, ["-e", "stderr", "-p", dir, "-c", joinPath(dir, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  nginx.stderr!.on("data", (d: Buffer) => (nginxLog += d.toString()));
  url = `http://127.0.0.1:${port}`;
  await eventually(
    async () => {
      if (nginx!.exitCode !== null) throw new Error(`nginx exited: ${nginxLog}`);
      return (await fetch(`${url}/healthz`).catch(() => undefined))?.status === 200;
    },
    20_000,
    "nginx answering /healthz",
  );
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    await new Promise<void>((resolve) => {
      nginx!.once("exit", () => resolve());
      nginx!.kill("SIGQUIT");
    });
  }
  await Promise.all(procs.map((p) => p.stop()));
  await redis?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("nginx in front of two processes (deploy/nginx.conf)", () => {
  it("serves the API through the proxy", async () => {
    const res = await generate(url);
    expect(res.status).toBe(201);
    expect(res.body.code).toMatch(/^\d{6}$/);
  });

  it.each(["websocket", "polling"] as const)(
    "pairs a camera connected through nginx over %s with viewers connected straight to each process",
    async (transport) => {
      const { body } = await generate(url);
      const code = body.code!;
      const camera = await connectClient(url, { transports: [transport] });
      expect(camera.io.engine.transport.name).toBe(transport);
      await join(camera, code, "camera");
      // Wherever nginx put the camera, one of these viewers is on the other process.
      const viewers = [];
      for (const p of procs) {
        const viewer = await connectClient(p.url);
        await join(viewer, code, "viewer");
        viewers.push(viewer);
      }
      const offers = viewers.map((v) => nextEvent(v, "offer"));
      // Several round trips over the proxied transport: long-polling needs every request on the same process.
      for (let i = 0; i < 5; i++) expect(await request(camera, "ping")).toMatchObject({ message: "Pong!" });
      expect(await request(camera, "offer", { room_code: code, offer: { type: "offer", sdp: "v=0\r\n" } })).toEqual({
        ok: true,
      });
      for (const offer of offers) expect(await offer).toMatchObject({ from: camera.id });
      const answer = nextEvent(camera, "answer");
      await request(viewers[1]!, "answer", {
        room_code: code,
        answer: { type: "answer", sdp: "v=0\r\n" },
        to: camera.id,
      });
      expect(await answer).toMatchObject({ from: viewers[1]!.id });
    },
  );

  it("pairs a camera and a viewer both through nginx, one over websocket and one over polling", async () => {
    const { body } = await generate(url);
    const code = body.code!;
    const camera = await connectClient(url, { transports: ["websocket"] });
    const viewer = await connectClient(url, { transports: ["polling"] });
    await join(camera, code, "camera");
    const joined = nextEvent(camera, "peer_joined");
    await join(viewer, code, "viewer");
    expect(await joined).toEqual({ id: viewer.id, type: "viewer" });
    const offer = nextEvent(viewer, "offer");
    await request(camera, "offer", { room_code: code, offer: { type: "offer", sdp: "v=0\r\n" }, to: viewer.id });
    expect(await offer).toMatchObject({ from: camera.id, to: viewer.id });
  });
});
