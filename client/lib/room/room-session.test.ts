// RoomSession against a real signaling server on a loopback port, through a real socket.io-client socket:
// rejoin with the token after a reconnect, a reload that reclaims its slot, and a server that lost the room.
import { io } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ErrorCode, type JoinRoomSuccess, type WireError } from "../../../signaling/protocol.js";
import { startTestServer } from "../../../signaling/testing/support.js";
import { ServerRefusal } from "../api.js";
import { RoomSession } from "./room-session.js";
import type { SignalingSocket } from "./signaling.js";

/** The browser's sessionStorage, which Node lacks: RoomSession keeps its reclaim tokens there (session-token.ts). */
class MemoryStorage {
  #items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.#items.set(key, value);
  }
  removeItem(key: string): void {
    this.#items.delete(key);
  }
}

const sockets: SignalingSocket[] = [];
function socketTo(url: string): SignalingSocket {
  const socket: SignalingSocket = io(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
  });
  sockets.push(socket);
  return socket;
}
function next<T extends unknown[]>(on: (listener: (...args: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = on((...args) => {
      off();
      resolve(args);
    });
  });
}

beforeEach(() => {
  (globalThis as { sessionStorage?: unknown }).sessionStorage = new MemoryStorage();
});
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
});

describe("RoomSession", () => {
  it("joins, and after its connection drops rejoins the same room by itself, with the token", async () => {
    const server = await startTestServer();
    const code = await server.issueCode();
    const session = new RoomSession("camera", socketTo(server.url));
    const first = await session.join(code);
    expect(first).toMatchObject({ ok: true, code, type: "camera" });
    const watcher = await server.connect();
    const seen = new Promise((resolve) => watcher.once("peer_joined", resolve));
    watcher.emit("join_room", { code, type: "viewer" });

    const rejoined = next<[JoinRoomSuccess, boolean]>((l) => session.on("joined", l));
    session.socket.io.engine.close(); // the transport dies; Socket.IO reconnects with a new socket id
    const [success, again] = await rejoined;
    expect(again).toBe(true);
    expect(success.code).toBe(code);
    expect(success.id).not.toBe(first.id);
    expect(session.inRoom).toBe(true);
    expect(session.members.map((p) => p.type)).toEqual(["viewer"]);
    await seen;
  });

  it("a reload (a new socket, the same tab) reclaims the camera slot with the saved token; without it the room is full", async () => {
    const server = await startTestServer();
    const code = await server.issueCode();
    const before = new RoomSession("camera", socketTo(server.url));
    await before.join(code);

    const stranger = new RoomSession("camera", socketTo(server.url));
    const storage = (globalThis as unknown as { sessionStorage: MemoryStorage }).sessionStorage;
    (globalThis as { sessionStorage?: unknown }).sessionStorage = new MemoryStorage(); // another tab: no token
    await expect(stranger.join(code)).rejects.toMatchObject({ name: "ServerRefusal", code: ErrorCode.ROOM_FULL });

    (globalThis as { sessionStorage?: unknown }).sessionStorage = storage; // the same tab, reloaded
    const after = new RoomSession("camera", socketTo(server.url));
    const reclaimed = await after.join(code);
    expect(reclaimed).toMatchObject({ ok: true, code, type: "camera" });
  });

  it("a server that lost the room: 'lost' with CODE_NOT_FOUND, and the session is out of the room", async () => {
    const first = await startTestServer();
    const code = await first.issueCode();
    const session = new RoomSession("viewer", socketTo(first.url));
    await session.join(code);
    const port = Number(new URL(first.url).port);

    const offline = next<[string]>((l) => session.on("connection", l));
    await first.server.close();
    expect(await offline).toEqual(["offline"]);

    // A restarted server on the same address knows no codes.
    await startTestServer({ port });
    const [error, lostCode] = await next<[WireError, string]>((l) => session.on("lost", l));
    expect(error.code).toBe(ErrorCode.CODE_NOT_FOUND);
    expect(lostCode).toBe(code);
    expect(session.code).toBeUndefined();
    expect(session.connection).toBe("online");
  });

  it("a refused join throws ServerRefusal with the code, and leaves the session out of any room", async () => {
    const server = await startTestServer();
    const session = new RoomSession("viewer", socketTo(server.url));
    const refusal = await session.join("000000").catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(ServerRefusal);
    expect(refusal).toMatchObject({ code: ErrorCode.CODE_NOT_FOUND });
    expect(session.code).toBeUndefined();
  });
});
