// The diagnostic page's checks against a real server on 127.0.0.1 with real socket.io-client connections.
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import type { GeneratedCode } from "../../signaling/protocol.js";
import { startTestServer } from "../../signaling/testing/support.js";
import { createChecks, runChecks } from "./checks.js";

type Outcome = { name: string; status: string; detail: string };

async function runAll(url: string, requestCode: () => Promise<GeneratedCode>) {
  const suite = createChecks({
    connect: () => io(url, { transports: ["websocket"], reconnection: false, forceNew: true }),
    requestCode,
    timeoutMs: 5_000,
  });
  const outcomes = new Map<string, Outcome>();
  const lines: string[] = [];
  try {
    const passed = await runChecks(
      suite.checks,
      (line) => lines.push(line),
      (name, status, detail) => outcomes.set(name, { name, status, detail }),
    );
    return { passed, total: suite.checks.length, outcomes: [...outcomes.values()], lines };
  } finally {
    suite.close();
  }
}

describe("socket-test checks", () => {
  it("all pass against a working server: one pairing walked through connect, ping, code, join, relay, leave", async () => {
    const t = await startTestServer();
    const issue = async () => {
      const res = await fetch(`${t.url}/api/code/generate`, { method: "POST" });
      return (await res.json()) as GeneratedCode;
    };
    const { passed, total, outcomes, lines } = await runAll(t.url, issue);
    expect(outcomes.map((o) => o.status)).toEqual(Array(total).fill("passed"));
    expect(passed).toBe(total);
    expect(outcomes.find((o) => o.name.startsWith("Relay"))?.detail).toMatch(/^arrived with from = \S+$/);
    expect(lines.some((l) => l.includes("the camera was told"))).toBe(true);
    // The checks closed their connections: the server has nobody left.
    await expect.poll(() => t.server.io.engine.clientsCount).toBe(0);
  });

  it("stops at the first failure, says why, and leaves the rest not run", async () => {
    const t = await startTestServer();
    // A code the server never issued: joining it must fail, and nothing after it can run.
    const { passed, outcomes } = await runAll(t.url, async () => ({
      code: "000000",
      expiresAt: new Date().toISOString(),
      ttlSeconds: 600,
    }));
    const camera = outcomes.find((o) => o.name === "Join as the camera");
    expect(camera).toMatchObject({ status: "failed" });
    expect(camera?.detail).toMatch(/^CODE_NOT_FOUND/);
    expect(passed).toBe(3);
    const after = outcomes.slice(outcomes.indexOf(camera!) + 1);
    expect(after.length).toBeGreaterThan(0);
    for (const o of after)
      expect(o).toMatchObject({ status: "pending", detail: 'not run: "Join as the camera" failed' });
  });
});
