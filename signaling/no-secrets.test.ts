// The TURN secret and the access keys stay on the server: the real entry point, logging everything it logs,
// is driven through wrong and right keys and TURN credential requests, and neither its answers nor its log
// carry a secret.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const ENTRY = fileURLToPath(new URL("./index.ts", import.meta.url));
const TURN_SECRET = "turn-secret-that-must-stay-home-42";
const ACCESS_KEY = "access-key-that-must-stay-home-42";
const JWT_SECRET = "jwt-secret-that-must-stay-home-4242424242";

let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe("secrets", () => {
  it("reach neither an HTTP answer nor the log, at LOG_LEVEL=trace", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
      env: {
        PATH: process.env.PATH,
        HOST: "127.0.0.1",
        PORT: "0",
        HTTPS_PORT: "0",
        PRINT_BANNER: "false",
        LOG_LEVEL: "trace",
        TURN_URLS: "turn:127.0.0.1:3478",
        TURN_SECRET,
        ACCESS_KEYS: ACCESS_KEY,
        ACCESS_JWT_SECRET: JWT_SECRET,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    stop = () => child.kill("SIGKILL");
    let log = "";
    child.stdout.on("data", (d: Buffer) => (log += d.toString()));
    child.stderr.on("data", (d: Buffer) => (log += d.toString()));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

    const deadline = Date.now() + 50_000; // tsx compiles the entry first: slow on a busy machine
    let port: number | undefined;
    while (port === undefined) {
      const line = log.split("\n").find((l) => l.includes('"msg":"listening"'));
      if (line) port = (JSON.parse(line) as { ports: { http: number } }).ports.http;
      else if (Date.now() > deadline) throw new Error(`no "listening" line:\n${log}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
    const url = `http://127.0.0.1:${port}`;
    const answers: string[] = [];
    const generate = async (authorization?: string) => {
      const res = await fetch(`${url}/api/code/generate`, {
        method: "POST",
        headers: authorization ? { authorization } : {},
      });
      answers.push(await res.text());
      return res;
    };
    expect((await generate()).status).toBe(401);
    expect((await generate(`Bearer ${ACCESS_KEY}-wrong`)).status).toBe(401);
    const ok = await generate(`Bearer ${ACCESS_KEY}`);
    expect(ok.status).toBe(201);
    const { code } = JSON.parse(answers.at(-1)!) as { code: string };
    const config = await fetch(`${url}/api/config?code=${code}`);
    const configText = await config.text();
    answers.push(configText);
    const turn = (JSON.parse(configText) as { iceServers: Array<{ credential?: string }> }).iceServers.find(
      (s) => s.credential,
    );
    expect(turn, "the live code gets a TURN entry").toBeDefined();

    child.kill("SIGTERM");
    await exited;
    expect(log).toMatch(/"msg":"code issued"/);
    for (const secret of [TURN_SECRET, ACCESS_KEY, JWT_SECRET]) {
      expect(log, "log").not.toContain(secret);
      for (const a of answers) expect(a, "answer").not.toContain(secret);
    }
    expect(log).not.toContain(turn!.credential!);
  }, 60_000);
});
