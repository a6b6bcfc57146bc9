// The server under test: a real `signaling/index.ts` process on 127.0.0.1, its log kept in a file, its memory
// read from /proc. Started from any checkout (--server-dir), so the same cases can measure an older version.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const COLLECT_GARBAGE = join(dirname(fileURLToPath(import.meta.url)), "collect-garbage.mjs");

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  logFile: string;
  /** Resident set size in MiB, from /proc. */
  rssMiB(): number;
  alive(): boolean;
  /** A full garbage collection in the server (SIGUSR2, see collect-garbage.mjs), given time to finish. */
  collectGarbage(): Promise<void>;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
}

export interface StartOptions {
  serverDir: string;
  logFile: string;
  env?: Record<string, string>;
  /** Listen on this port (a restart on the same address); 0 picks one. */
  port?: number;
}

/** The suite's settings: defaults, except what the suite needs to reach its cases quickly (named in the report). */
export const SUITE_ENV: Record<string, string> = {
  HOST: "127.0.0.1",
  HTTPS_PORT: "0",
  PRINT_BANNER: "false",
  LOG_LEVEL: "info",
  // The soak issues a code per pair; code issuing is not what these cases attack.
  CODES_PER_MINUTE: "1000000",
  // Codes left by the soak must be gone when it checks for zero.
  ROOM_GRACE_SECONDS: "2",
  SHUTDOWN_DRAIN_MS: "500",
};

export async function startServer(opts: StartOptions): Promise<ServerProcess> {
  const log = createWriteStream(opts.logFile, { flags: "a" });
  const args = [
    "--expose-gc",
    "--import",
    COLLECT_GARBAGE,
    "--import",
    "tsx",
    join(opts.serverDir, "signaling/index.ts"),
  ];
  const child = spawn(process.execPath, args, {
    cwd: opts.serverDir,
    env: { ...process.env, ...SUITE_ENV, PORT: String(opts.port ?? 0), ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => {
    log.write(c);
    if (out.length < 100_000) out += c.toString();
  });
  child.stderr!.on("data", (c: Buffer) => {
    log.write(c);
    if (out.length < 100_000) out += c.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "?")),
  );
  // tsx compiles the server at start: on a loaded machine that alone has taken over 30 s.
  const deadline = Date.now() + 60_000;
  let port: number | undefined;
  while (port === undefined) {
    const line = out.split("\n").find((l) => l.includes('"msg":"listening"'));
    if (line) port = (JSON.parse(line) as { ports: { http: number } }).ports.http;
    else if (Date.now() > deadline || child.exitCode !== null) {
      // Never leave a late starter behind: it would outlive the run.
      child.kill("SIGKILL");
      throw new Error(`server did not start within 60 s:\n${out.slice(0, 2000)}`);
    } else await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    port,
    logFile: opts.logFile,
    rssMiB: () => {
      try {
        const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1];
        return kb ? Number(kb) / 1024 : 0;
      } catch {
        return 0;
      }
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    collectGarbage: async () => {
      child.kill("SIGUSR2");
      await new Promise((r) => setTimeout(r, 500));
    },
    exited,
  };
}

/** SIGTERM, then SIGKILL if it is still there after `ms`. */
export async function stopServer(s: ServerProcess, ms = 15_000): Promise<void> {
  if (!s.alive()) return;
  s.child.kill("SIGTERM");
  const timer = setTimeout(() => s.child.kill("SIGKILL"), ms);
  await s.exited;
  clearTimeout(timer);
}
