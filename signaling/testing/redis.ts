// Test helpers for the Redis backend: a real redis-server (Debian package) on a free 127.0.0.1 port in a temp
// dir, without persistence, and server processes started as real child processes (so they can be SIGKILLed).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";

export interface TestRedis {
  url: string;
  port: number;
  /** Stops redis-server (SIGTERM, waits for exit). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is saved). */
  start(): Promise<void>;
  /** Stops it and removes its temp dir. */
  dispose(): Promise<void>;
}

/** From the PATH: the Debian package's /usr/bin/redis-server (installed by .ci/run). */
const REDIS_SERVER = "redis-server";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "codecam-redis-"));
  let port = 0;
  let child: ChildProcess | undefined;

  const launch = async () => {
    const proc = spawn(
      REDIS_SERVER,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        dir,
        "--loglevel",
        "warning",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child = proc;
    let output = "";
    proc.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    proc.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<never>((_, reject) =>
      proc.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPing(port), exited]);
  };

  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (err) {
      // Another process took the port between freePort() and redis-server's bind: draw another one.
      if (attempt >= 4) throw err;
    }
  }

  const stop = async () => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once("exit", () => resolve());
      proc.kill("SIGTERM");
    });
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start: launch,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPing(port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis({
      port,
      host: "127.0.0.1",
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on("error", () => undefined);
    try {
      await client.connect();
      if ((await client.ping()) === "PONG") return;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer within 10 s`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      client.disconnect();
    }
  }
}

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed (pino JSON lines). */
  output(): string;
  /** SIGTERM and wait; a no-op once it exited. */
  stop(): Promise<void>;
  kill(): Promise<void>;
}

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The server from source through tsx (tests), or the build (`npm run build`) for figures without a loader. */
const ENTRIES = {
  source: ["--import", "tsx", "signaling/index.ts"],
  build: ["dist/signaling/index.js"],
} as const;

/**
 * Starts the server (`node --import tsx signaling/index.ts`, or the build) with the given environment on a free
 * port and resolves once it answers HTTP.
 */
export async function startServerProcess(
  env: Record<string, string>,
  entry: keyof typeof ENTRIES = "source",
): Promise<ServerProcess> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await launchServer(await freePort(), env, entry);
    } catch (err) {
      // Most likely the port was taken between freePort() and the server's bind: try another.
      if (attempt >= 2 || !String(err).includes("exited before listening")) throw err;
    }
  }
}

async function launchServer(
  port: number,
  env: Record<string, string>,
  entry: keyof typeof ENTRIES,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...ENTRIES[entry]], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOST: "127.0.0.1",
      PORT: String(port),
      HTTPS_PORT: "0",
      PRINT_BANNER: "false",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  // The last 256 KB of what it printed: enough for a failure message, bounded under load.
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-256 * 1024);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const deadline = Date.now() + 90_000;
  // Up once it answers HTTP at all: /healthz may say 503 while its Redis is away, which is still "started".
  while (
    !(await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`server exited before listening:\n${out.slice(-2000)}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not listen within 90 s:\n${out.slice(-2000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => out,
    stop: () => waitExit("SIGTERM"),
    kill: () => waitExit("SIGKILL"),
  };
}

/**
 * Two (or more) server processes on one Redis, sharing a key prefix of their own. Their command timeout is long,
 * so a slow reply on a loaded machine is not taken for Redis being away (a stopped Redis refuses at once anyway).
 */
export async function startServerProcesses(
  redisUrl: string,
  env: Record<string, string> = {},
  count = 2,
  entry: keyof typeof ENTRIES = "source",
): Promise<ServerProcess[]> {
  const prefix = `test-${Math.random().toString(36).slice(2, 10)}:`;
  return Promise.all(
    Array.from({ length: count }, () =>
      startServerProcess(
        { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, REDIS_COMMAND_TIMEOUT_MS: "10000", ...env },
        entry,
      ),
    ),
  );
}

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs` (a bound, not a speed assertion). */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** POST /api/code/generate on a server → status and body. */
export async function generate(
  url: string,
): Promise<{ status: number; body: { code?: string; error?: { code: string; message: string } } }> {
  const res = await fetch(`${url}/api/code/generate`, { method: "POST" });
  return { status: res.status, body: (await res.json()) as { code?: string } };
}
