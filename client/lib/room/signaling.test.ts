// connectSignaling() on a network that blocks websockets: the page must still connect, over long-polling.
// A real server behind a real HTTP relay that passes requests and refuses every upgrade, as some corporate
// proxies do; the client is the pages' own, pointed at the relay through `location` as in a browser.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer } from "../../../signaling/testing/support.js";
import { connectSignaling, type SignalingSocket } from "./signaling.js";

/** Forwards plain HTTP requests to `target`; cuts every websocket upgrade. */
async function websocketBlockingProxy(target: URL): Promise<Server> {
  const proxy = createServer((req, res) => {
    const upstream = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  proxy.on("upgrade", (_req, socket) => socket.destroy());
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  return proxy;
}

const sockets: SignalingSocket[] = [];
const proxies: Server[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const proxy of proxies.splice(0)) {
    proxy.closeAllConnections();
    await new Promise((resolve) => proxy.close(resolve));
  }
  delete (globalThis as { location?: unknown }).location;
});

describe("connectSignaling", () => {
  it("falls back to long-polling where websockets are blocked", async () => {
    const server = await startTestServer();
    const proxy = await websocketBlockingProxy(new URL(server.url));
    proxies.push(proxy);
    // The page's own origin, which io() connects to in a browser.
    (globalThis as { location?: unknown }).location = new URL(
      `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/`,
    );

    const socket = connectSignaling();
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("never connected through the websocket-blocking proxy")), 15_000);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    expect(socket.io.engine.transport.name).toBe("polling");
  });
});
