// What the listeners route where (listeners.ts): upgrades outside Socket.IO's path refused, polling and websocket
// through to Engine.IO, and the upgrade request not kept alive by the connection it made.
import type { IncomingMessage } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { sleep, startTestServer } from "../testing/support.js";

function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.once("upgrade", () => {
      resolve(101);
      ws.terminate();
    });
    ws.once("unexpected-response", (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once("error", () => resolve(0));
  });
}

describe("listeners", () => {
  it("refuses an upgrade outside Socket.IO's path at once, and takes one on it", async () => {
    const { url } = await startTestServer();
    const ws = url.replace(/^http/, "ws");
    expect(await upgradeStatus(`${ws}/camera`)).toBe(404);
    expect(await upgradeStatus(`${ws}/socket.iox/?EIO=4&transport=websocket`)).toBe(404);
    expect(await upgradeStatus(`${ws}/socket.io/?EIO=4&transport=websocket`)).toBe(101);
  });

  it("serves a long-polling handshake through Engine.IO", async () => {
    const { url } = await startTestServer();
    const res = await fetch(`${url}/socket.io/?EIO=4&transport=polling`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^0\{"sid":"/);
  });

  it("lets the upgrade request be collected while its websocket stays connected", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const t = await startTestServer();
    const collected: string[] = [];
    const registry = new FinalizationRegistry<string>((what) => collected.push(what));
    t.server.http.on("upgrade", (req: IncomingMessage) => registry.register(req, "upgrade request"));
    const client = await t.connect();
    for (let i = 0; i < 20 && collected.length === 0; i++) {
      gc();
      await sleep(20);
    }
    expect(collected).toEqual(["upgrade request"]);
    expect(client.connected).toBe(true);
  });
});
