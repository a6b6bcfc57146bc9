// Every private detail engine-internals.ts relies on, checked on real instances of the installed packages, and
// the exact versions it was read against. A failure names the detail: re-read it in the new version, adapt
// engine-internals.ts (or drop the lever), then update the pin.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { Socket as NetSocket } from "node:net";
import type { Duplex } from "node:stream";
import { Server as EngineServer, type Socket as EngineSocket } from "engine.io";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { request, startTestServer, type TestServer } from "../testing/support.js";
import {
  connectionDecoder,
  dropUpgradeResponseListener,
  engineClients,
  sendPastEngine,
  tcpSocketOf,
  websocketOf,
  writeBufferLength,
} from "./engine-internals.js";
import { JsonOnlyDecoder } from "./json-only-parser.js";

const ROOT = new URL("../../", import.meta.url);
const PINNED = ["socket.io", "engine.io", "ws", "socket.io-parser"] as const;

function versionOf(path: string): string {
  return (JSON.parse(readFileSync(new URL(path, ROOT), "utf8")) as { version: string }).version;
}

describe("pinned versions", () => {
  const manifest = JSON.parse(readFileSync(new URL("package.json", ROOT), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const header = readFileSync(new URL("engine-internals.ts", import.meta.url), "utf8");

  it.each(PINNED)("%s is pinned exactly, installed at that version, and named in the header", (name) => {
    const pinned = manifest.dependencies[name];
    expect(pinned, `package.json must pin ${name} to an exact version: engine-internals.ts reads its privates`).toMatch(
      /^\d+\.\d+\.\d+$/,
    );
    expect(
      versionOf(`node_modules/${name}/package.json`),
      `${name} installed differs from the pin: check each detail in engine-internals.ts against it, then re-pin`,
    ).toBe(pinned);
    expect(header, `engine-internals.ts's header must say it was read against ${name} ${pinned}`).toContain(
      `${name} ${pinned}`,
    );
  });
});

describe("private details on a real server", () => {
  let t: TestServer;

  /** A socket.io-client connection and the server's two sides of it. */
  async function connection(transport: "websocket" | "polling") {
    t = await startTestServer();
    let requestAtConnection: unknown;
    // Before the server's own listener, which takes the request off.
    t.server.io.engine.prependListener("connection", (raw: EngineSocket) => {
      requestAtConnection = (raw as unknown as { request: unknown }).request;
    });
    const client = await t.connect({ transports: [transport] });
    const socket = t.server.io.sockets.sockets.get(client.id!)!;
    return { client, socket, raw: socket.conn as EngineSocket, requestAtConnection };
  }

  it("engine.io Socket#request: set at connection, and socket.io's handshake copes once it is null", async () => {
    const { socket, raw, requestAtConnection } = await connection("websocket");
    expect(requestAtConnection, "engine.io Socket#request is the handshake's IncomingMessage").toHaveProperty(
      "headers",
    );
    expect((raw as unknown as { request: unknown }).request, "dropHandshakeRequest took it off").toBeNull();
    expect(socket.handshake.headers, "socket.io's handshake built from a null request").toEqual({});
  });

  it("engine.io Server#clients lists every connection", async () => {
    const { raw } = await connection("websocket");
    expect(engineClients(t.server.io.engine), "engine.io Server#clients (protected)").toContain(raw);
  });

  it("socket.io Client#decoder is the connection's JsonOnlyDecoder", async () => {
    const { socket } = await connection("websocket");
    expect(connectionDecoder(socket), "socket.io Client#decoder (private)").toBeInstanceOf(JsonOnlyDecoder);
  });

  it("the decoded packet's data array reaches socket.use as the event: the over-budget mark arrives", async () => {
    const { client, socket } = await connection("websocket");
    const decoder = connectionDecoder(socket) as JsonOnlyDecoder;
    decoder.budget = { judge: () => "refuse", msUntilNext: () => 4_000 };
    const reply = await request(client, "join_room", { code: "123456", type: "viewer" });
    expect(reply, "socket.io passes the decoded packet's data array to middlewares (the mark rides on it)").toEqual({
      ok: false,
      error: { code: "RATE_LIMITED", message: expect.stringMatching(/retry in 4 s/) },
    });
  });

  it("engine.io Socket#writeBuffer and the websocket transport's ws socket (with ws's own _socket)", async () => {
    const { raw } = await connection("websocket");
    expect(
      Array.isArray((raw as unknown as { writeBuffer: unknown }).writeBuffer),
      "engine.io Socket#writeBuffer",
    ).toBe(true);
    expect(writeBufferLength(raw)).toBe(0);
    const ws = websocketOf(raw);
    expect(ws, "engine.io WebSocket transport's `socket` (private) is the ws WebSocket").toBeInstanceOf(WebSocket);
    for (const method of ["send", "pause", "resume", "terminate", "close"] as const)
      expect(typeof ws![method], `ws WebSocket#${method}`).toBe("function");
    expect(typeof ws!.bufferedAmount, "ws WebSocket#bufferedAmount").toBe("number");
    expect(typeof ws!.isPaused, "ws WebSocket#isPaused").toBe("boolean");
    expect(tcpSocketOf(ws as unknown as WebSocket), "ws WebSocket#_socket (private) is the net.Socket").toBeInstanceOf(
      NetSocket,
    );
  });

  it("a raw Engine.IO message written to the ws socket arrives as a Socket.IO event", async () => {
    const { client, raw } = await connection("websocket");
    const got = new Promise((resolve) => client.once("pong", resolve));
    expect(sendPastEngine(raw, '2["pong",{"message":"past engine","serverTime":1}]')).toBe("sent");
    expect(await got).toEqual({ message: "past engine", serverTime: 1 });
  });

  it("the polling transport's onData, onDataRequest and onError", async () => {
    const { raw } = await connection("polling");
    const transport = raw.transport as unknown as Record<string, unknown>;
    expect(raw.transport.name).toBe("polling");
    for (const method of ["onData", "onDataRequest", "onError"])
      expect(typeof transport[method], `engine.io Polling#${method}`).toBe("function");
    expect(websocketOf(raw)).toBeUndefined();
    expect(sendPastEngine(raw, '2["pong",{}]')).toBe("buffer");
  });
});

describe("engine.io's upgrade response listener", () => {
  it("is the first `close` listener handleUpgrade adds, and can be taken off", async () => {
    const engine = new EngineServer();
    const http = createServer();
    let found: boolean | undefined;
    http.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const before = socket.listenerCount("close");
      engine.handleUpgrade(req, socket, head);
      found = dropUpgradeResponseListener(socket, before);
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const { port } = http.address() as AddressInfo;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/engine.io/?EIO=4&transport=websocket`);
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    expect(found, "engine.io handleUpgrade's `close` listener on the TCP socket (engine-internals.ts)").toBe(true);
    ws.terminate();
    engine.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
});
