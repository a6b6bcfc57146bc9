// The websocket engine under Engine.IO (corked-websocket.ts): one tick's frames in one write, in order, none held.
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket as NetSocket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CorkedWebSocketServer } from "./corked-websocket.js";

let server: Server | undefined;
let wss: CorkedWebSocketServer | undefined;
afterEach(async () => {
  for (const ws of wss?.clients ?? []) ws.terminate();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  wss = undefined;
});

/** A server whose first connection is handed to `onConnection`, and a client that collects what it receives. */
async function pair(onConnection: (ws: WebSocket, writes: () => number) => void): Promise<string[]> {
  server = createServer();
  wss = new CorkedWebSocketServer({ server });
  wss.on("connection", (ws) => {
    const socket = (ws as unknown as { _socket: NetSocket & { _writev: (...a: unknown[]) => void } })._socket;
    // Every write that reaches the kernel passes _writev or _write, corked or not.
    let writes = 0;
    for (const method of ["_writev", "_write"] as const) {
      const original = socket[method].bind(socket) as (...a: unknown[]) => void;
      (socket as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        writes++;
        original(...args);
      };
    }
    onConnection(ws, () => writes);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on("message", (data) => received.push(String(data)));
  return received;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe("CorkedWebSocket", () => {
  it("sends the frames written in one tick in one write, in order", async () => {
    let writesAfter = -1;
    const received = await pair((ws, writes) => {
      for (const text of ["one", "two", "three"]) ws.send(text);
      setImmediate(() => {
        writesAfter = writes();
      });
    });
    await until(() => received.length === 3 && writesAfter >= 0);
    expect(received).toEqual(["one", "two", "three"]);
    expect(writesAfter).toBe(1);
  });

  it("holds no frame past its tick: one frame alone, and frames of later ticks, each go out", async () => {
    let writesAfter = -1;
    const received = await pair((ws, writes) => {
      ws.send("alone");
      setTimeout(() => {
        ws.send("later", () => {
          writesAfter = writes();
        });
      }, 20);
    });
    await until(() => received.length === 2 && writesAfter >= 0);
    expect(received).toEqual(["alone", "later"]);
    expect(writesAfter).toBe(2);
  });
});
