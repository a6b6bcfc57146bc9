// A real coturn (Debian's `coturn` package) for the tests: started on 127.0.0.1 on free ports in a temp dir,
// with either REST-API credentials (`use-auth-secret`) or one fixed user, and stopped with its files afterwards.
// Used by the Vitest integration tests and the Playwright e2e spec alike, so it imports neither.
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const TURNSERVER = process.env.TURNSERVER_PATH ?? "/usr/bin/turnserver";
export const TURN_UCLIENT = process.env.TURN_UCLIENT_PATH ?? "/usr/bin/turnutils_uclient";

export type CoturnAuth = { secret: string } | { username: string; password: string };

export interface Coturn {
  /** The UDP listening port (TCP on the same number). */
  port: number;
  /** `turn:127.0.0.1:<port>?transport=udp` and the TCP twin, as TURN_URLS takes them. */
  urls: string[];
  realm: string;
  /** coturn's own log so far, for failure messages. */
  log(): Promise<string>;
  stop(): Promise<void>;
}

const REALM = "codecam.test";

/**
 * Starts coturn and resolves once it answers a STUN Binding request. `allow-loopback-peers` lets two relays on
 * 127.0.0.1 reach each other: for tests only (docs/DEPLOYMENT.md's production config denies loopback and private ranges).
 */
export async function startCoturn(auth: CoturnAuth): Promise<Coturn> {
  const dir = await mkdtemp(join(tmpdir(), "codecam-coturn-"));
  const port = await freePort();
  // A relay range of its own per instance: another test's coturn (or anything else) may hold ports elsewhere.
  const minPort = 20_000 + Math.floor(Math.random() * 400) * 100;
  const logFile = join(dir, "turn.log");
  const authArgs =
    "secret" in auth
      ? ["--use-auth-secret", `--static-auth-secret=${auth.secret}`]
      : ["--lt-cred-mech", `--user=${auth.username}:${auth.password}`];
  const args = [
    "-n", // no turnserver.conf: everything is on this command line
    "--listening-ip=127.0.0.1",
    "--relay-ip=127.0.0.1",
    `--listening-port=${port}`,
    `--min-port=${minPort}`,
    `--max-port=${minPort + 99}`,
    `--realm=${REALM}`,
    ...authArgs,
    "--fingerprint",
    "--allow-loopback-peers",
    "--no-multicast-peers",
    "--no-cli",
    "--no-tls",
    "--no-dtls",
    `--userdb=${join(dir, "turndb")}`,
    `--pidfile=${join(dir, "turn.pid")}`,
    `--log-file=${logFile}`,
    "--simple-log",
    "--no-stdout-log",
    "--verbose",
  ];
  const child = spawn(TURNSERVER, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const spawnError = new Promise<Error>((resolve) => child.once("error", resolve));
  const log = async () => `${stderr}${await readFile(logFile, "utf8").catch(() => "")}`;
  const stop = async () => {
    await stopProcess(child, exited);
    await rm(dir, { recursive: true, force: true });
  };

  const ready = await Promise.race([
    waitForBinding(port, 15_000).then((ok) => (ok ? "ready" : "no answer")),
    exited.then((code) => `exited with ${code}`),
    spawnError.then((err) => `could not start ${TURNSERVER} (${err.message}; apt-get install coturn)`),
  ]);
  if (ready !== "ready") {
    const text = await log();
    await stop();
    throw new Error(`coturn ${ready}; its log:\n${text.slice(-3_000)}`);
  }
  return {
    port,
    urls: [`turn:127.0.0.1:${port}?transport=udp`, `turn:127.0.0.1:${port}?transport=tcp`],
    realm: REALM,
    log,
    stop,
  };
}

export interface AllocationResult {
  ok: boolean;
  /** Messages that made it through the two relays (client to client). */
  received: number;
  output: string;
}

/**
 * coturn's own test client (same Debian package) allocates two relays with these credentials and sends a
 * message from one to the other through them: ok means the server accepted the credentials and relayed data.
 */
export function tryAllocation(
  turn: Pick<Coturn, "port">,
  username: string,
  password: string,
): Promise<AllocationResult> {
  const args = ["-p", String(turn.port), "-u", username, "-w", password, "-y", "-c", "-n", "1", "-m", "1", "127.0.0.1"];
  return new Promise((resolve) => {
    execFile(TURN_UCLIENT, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const received = Number(/tot_recv_msgs=(\d+)\s*$/m.exec(output)?.[1] ?? 0);
      resolve({ ok: error === null && received > 0, received, output });
    });
  });
}

/** A secret as an operator would make one (`openssl rand -base64 32`). */
export function randomSecret(): string {
  return randomBytes(32).toString("base64");
}

/** A port free for both UDP and TCP on 127.0.0.1 (coturn listens on both). */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const udp = createSocket("udp4");
      udp.once("error", reject);
      udp.bind(0, "127.0.0.1", () => {
        const p = udp.address().port;
        udp.close(() => resolve(p));
      });
    });
    const tcpFree = await new Promise<boolean>((resolve) => {
      const tcp = createServer();
      tcp.once("error", () => resolve(false));
      tcp.listen(port, "127.0.0.1", () => tcp.close(() => resolve(true)));
    });
    if (tcpFree) return port;
  }
  throw new Error("no port free for both UDP and TCP on 127.0.0.1 after 20 tries");
}

/** Sends STUN Binding requests (RFC 8489: 20-byte header, magic cookie) until one is answered or time runs out. */
async function waitForBinding(port: number, timeoutMs: number): Promise<boolean> {
  const socket = createSocket("udp4");
  const answered = new Promise<boolean>((resolve) => {
    socket.on("message", (msg) => {
      if (msg.length >= 20 && msg.readUInt16BE(0) === 0x0101) resolve(true);
    });
  });
  const request = Buffer.alloc(20);
  request.writeUInt16BE(0x0001, 0);
  request.writeUInt32BE(0x2112a442, 4);
  randomBytes(12).copy(request, 8);
  const deadline = Date.now() + timeoutMs;
  try {
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    while (Date.now() < deadline) {
      socket.send(request, port, "127.0.0.1");
      const ok = await Promise.race([answered, new Promise<false>((r) => setTimeout(() => r(false), 200))]);
      if (ok) return true;
    }
    return false;
  } finally {
    socket.close();
  }
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}
