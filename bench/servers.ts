// Starting and stopping the servers under test, each in its own child process (plain `node`, no loader,
// so /proc/<pid> figures are that server's alone). Every child is tracked and killed on exit, even on error.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Target } from "./drivers.js";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const HOST = "127.0.0.1";

const children = new Set<ChildProcess>();

/** Kills every child still running (SIGKILL: this runs on exit paths where nothing can be awaited). */
export function killAllChildren(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  children.clear();
}

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  return child;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once("error", reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Environment of the codecam server under load: defaults, except limits raised so the load is not refused. */
/** codecam's limits raised so the load itself is not refused; the rest are the defaults. */
export const LOAD_ENV: Readonly<Record<string, string>> = {
  LOG_LEVEL: "warn",
  SOCKET_EVENTS_PER_SECOND: "1000000",
  SOCKET_EVENT_BURST: "1000000",
  JOIN_FAILURES_PER_MINUTE: "1000000",
  CODES_PER_MINUTE: "1000000",
  // Every load socket comes from 127.0.0.1: the per-address connection cap (256) would refuse most of them.
  MAX_CONNECTIONS_PER_ADDRESS: "1000000",
};

export function codecamEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return { PORT: String(port), HOST, HTTPS_PORT: "0", ...LOAD_ENV, ...extra };
}

export interface ServerOptions {
  /** Run codecam from signaling/index.ts through tsx instead of the production build (smoke mode only). */
  fromSource?: boolean;
  /** codecam only: another build's entry (an experiment's A/B), instead of dist/signaling/index.js. */
  entry?: string;
  /** Extra node flags (e.g. --cpu-prof) placed before the script. */
  nodeArgs?: string[];
  /** Extra environment for the server. */
  env?: Record<string, string>;
  cwd?: string;
}

export interface RunningServer {
  target: Target;
  pid: number;
  port: number;
  baseUrl: string;
  /** The command line, for the report. */
  command: string;
  stop(): Promise<void>;
  stderr(): string;
}

export function codecamEntry(fromSource: boolean): string {
  return fromSource ? path.join(ROOT, "signaling/index.ts") : path.join(ROOT, "dist/signaling/index.js");
}

function commandFor(
  target: Target,
  opts: ServerOptions,
): { args: string[]; env: Record<string, string>; ready: string } {
  const nodeArgs = opts.nodeArgs ?? [];
  switch (target) {
    case "floor":
      return { args: [...nodeArgs, path.join(ROOT, "bench/servers/floor.mjs")], env: {}, ready: "/healthz" };
    case "peerjs":
      return { args: [...nodeArgs, path.join(ROOT, "bench/servers/peerjs.mjs")], env: {}, ready: "/" };
    case "socketio":
      return { args: [...nodeArgs, path.join(ROOT, "bench/servers/socketio.mjs")], env: {}, ready: "/healthz" };
    case "codecam": {
      const entry = opts.entry ?? codecamEntry(opts.fromSource ?? false);
      if (!existsSync(entry))
        throw new Error(`${path.relative(ROOT, entry)} is missing: run \`npm run build:server\` first`);
      const loader = opts.fromSource ? ["--import", "tsx"] : [];
      return { args: [...loader, ...nodeArgs, entry], env: {}, ready: "/healthz" };
    }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startServer(target: Target, opts: ServerOptions = {}): Promise<RunningServer> {
  const port = await freePort();
  const { args, env: targetEnv, ready } = commandFor(target, opts);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: "production",
    ...(target === "codecam" ? codecamEnv(port) : { PORT: String(port), HOST }),
    ...targetEnv,
    ...(opts.env ?? {}),
  };
  delete env.NODE_OPTIONS;
  const child = track(
    spawn(process.execPath, args, { cwd: opts.cwd ?? ROOT, env, stdio: ["ignore", "ignore", "pipe"] }),
  );
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://${HOST}:${port}`;
  // Generous: from source (tsx) on a loaded machine, the first start alone can take tens of seconds.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${target} server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${stderr}`,
      );
    }
    try {
      const res = await fetch(baseUrl + ready, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${target} server not ready on ${baseUrl}${ready} within 60 s:\n${stderr}`);
    }
    await sleep(50);
  }
  const pid = child.pid!;
  return {
    target,
    pid,
    port,
    baseUrl,
    command: `node ${args.map((a) => path.relative(ROOT, a) || a).join(" ")}`,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timeout = sleep(5000).then(() => "timeout" as const);
      if ((await Promise.race([exited, timeout])) === "timeout") {
        child.kill("SIGKILL");
        await exited;
      }
    },
  };
}
