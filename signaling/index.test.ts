// The real entry point as a process: start-up, refusal of bad config, and SIGTERM draining.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { connectClient } from "./testing/support.js";

const ENTRY = fileURLToPath(new URL("./index.ts", import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

function start(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    env: { PATH: process.env.PATH, HOST: "127.0.0.1", PORT: "0", HTTPS_PORT: "0", PRINT_BANNER: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

// Generous: tsx compiles the whole server on start, which a busy 2-core machine can stretch to tens of seconds.
async function listeningPort(output: () => string, timeoutMs = 45_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = output()
      .split("\n")
      .find((l) => l.includes('"msg":"listening"'));
    if (line) return (JSON.parse(line) as { ports: { http: number } }).ports.http;
    if (Date.now() > deadline) throw new Error(`no "listening" line; output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("signaling/index.ts", () => {
  it("refuses a bad variable at start-up, naming it, with exit code 2", async () => {
    const proc = start({ MAX_VIEWERS: "lots", CODE_TTL_SECONDS: "-5" });
    expect(await proc.exited).toBe(2);
    expect(proc.output()).toMatch(/MAX_VIEWERS/);
    expect(proc.output()).toMatch(/CODE_TTL_SECONDS/);
  });

  // Exit code 0 means the drain finished: past SHUTDOWN_TIMEOUT_MS (10 s) the process exits with 1 instead.
  it("on SIGTERM closes client transports (so they reconnect) and exits 0 before the shutdown deadline", async () => {
    const proc = start({ LOG_LEVEL: "info" });
    const port = await listeningPort(proc.output);
    const socket = await connectClient(`http://127.0.0.1:${port}`);
    const reason = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    proc.child.kill("SIGTERM");
    expect(await reason).toBe("transport close");
    expect(await proc.exited).toBe(0);
    expect(proc.output()).toMatch(/"msg":"shutting down"/);
  }, 60_000);
});
