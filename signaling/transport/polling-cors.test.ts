// CORS for long-polling from a listed origin, none spent on WebSocket upgrades; the Origin check holds for both.
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { startTestServer } from "../testing/support.js";

const LISTED = "https://app.example";

function upgrade(url: string, origin: string) {
  return new Promise<{ status: number; headers: Record<string, unknown> }>((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, { origin });
    ws.once("upgrade", (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      ws.terminate();
    });
    ws.once("unexpected-response", (_req, res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
      ws.terminate();
    });
    ws.once("error", () => {});
  });
}

describe("CORS on Socket.IO's HTTP requests", () => {
  it("answers a polling handshake from a listed origin with its CORS headers", async () => {
    const { url } = await startTestServer({ corsOrigins: [LISTED] });
    const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: LISTED } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(LISTED);
    expect(res.headers.get("vary")).toMatch(/Origin/);
    const preflight = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, {
      method: "OPTIONS",
      headers: { origin: LISTED, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("GET,POST");
  });

  it("still refuses a polling handshake from an unlisted origin", async () => {
    const { url } = await startTestServer({ corsOrigins: [LISTED] });
    const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: "https://evil.example" },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("upgrades a WebSocket from a listed origin without CORS headers, and refuses an unlisted one", async () => {
    const { url } = await startTestServer({ corsOrigins: [LISTED] });
    const ok = await upgrade(url, LISTED);
    expect(ok.status).toBe(101);
    expect(ok.headers["access-control-allow-origin"]).toBeUndefined();
    const refused = await upgrade(url, "https://evil.example");
    expect(refused.status).toBe(400); // engine.io answers a refused upgrade with 400
  });
});
