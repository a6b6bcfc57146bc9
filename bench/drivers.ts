// Client drivers: how the load generator talks to each target through that target's own protocol.
//   floor   — bench/servers/floor.mjs over `ws` (join frame, then raw forwarding to the other member)
//   peerjs  — peerjs-server over `ws`: /peerjs?key=peerjs&id=..&token=.., {type,dst,payload} messages
//   codecam — the real server over socket.io-client with transports ["websocket"], as codecam's pages do
// Every driver does the same pairing (see pair()) and exposes the pair's two ends as Endpoints whose
// sendCandidate() sends one ~200 B ICE candidate to the other end and whose onCandidate fires per received one.
// Received frames are JSON-parsed on every target, as a real client would, so client-side cost stays comparable.
import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import { io, type Socket } from "socket.io-client";
import WebSocket from "ws";
import { CANDIDATE, makeSdp } from "./payloads.js";

export type Target = "floor" | "peerjs" | "socketio" | "codecam";
/** socketio: bench/servers/socketio.mjs, a bare Socket.IO server speaking codecam's protocol (reference). */
export const TARGETS: readonly Target[] = ["floor", "peerjs", "socketio", "codecam"];

export interface Endpoint {
  /** Sends one ICE candidate to the other end of the pair. */
  sendCandidate(): void;
  /** Called once per candidate received from the other end (after pairing is complete). */
  onCandidate: (() => void) | null;
  close(): void;
}
export interface Pair {
  camera: Endpoint;
  viewer: Endpoint;
}
export interface PairOptions {
  /** ICE candidates each side sends during pairing (after the offer / answer). */
  ice: number;
  sdpBytes: number;
  timeoutMs: number;
}
export interface IdleSocket {
  close(): void;
}
export interface Driver {
  readonly target: Target;
  /** One complete pairing: code → camera join → viewer join → offer → answer → `ice` candidates each way. */
  pair(opts: PairOptions): Promise<Pair>;
  /** One connected, idle socket (no room). */
  connectIdle(timeoutMs: number): Promise<IdleSocket>;
}

// ---------------------------------------------------------------------------------------------- HTTP

/** Same agent for every target: keep-alive, at most 32 parallel connections to the server. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function httpRequest(base: string, method: string, path: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, method, agent, timeout: timeoutMs,
        headers: method === "POST" ? { "content-type": "application/json", "content-length": "2" } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timeout`)));
    req.on("error", reject);
    req.end(method === "POST" ? "{}" : undefined);
  });
}

export function closeHttpAgent(): void {
  agent.destroy();
}

// ---------------------------------------------------------------------------------------------- helpers

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves when both ends have seen everything pairing sends them. */
function pairingBarrier(needCamera: number, needViewer: number) {
  let cam = 0;
  let view = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const check = () => {
    if (cam >= needCamera && view >= needViewer) resolve();
  };
  return {
    done,
    camera() {
      cam++;
      check();
    },
    viewer() {
      view++;
      check();
    },
  };
}

// ---------------------------------------------------------------------------------------------- floor

function openWs(url: string, timeoutMs: number): Promise<WebSocket> {
  return withTimeout(
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false });
      ws.once("open", () => resolve(ws));
      ws.once("error", reject);
    }),
    timeoutMs,
    `connect ${url}`,
  );
}

/** Waits for the first frame that satisfies `pick` (frames are parsed once). */
function nextMessage<T>(ws: WebSocket, pick: (m: Record<string, unknown>) => T | undefined, timeoutMs: number, what: string): Promise<T> {
  return withTimeout(
    new Promise<T>((resolve) => {
      const onMessage = (data: WebSocket.RawData) => {
        const value = pick(JSON.parse(data.toString()) as Record<string, unknown>);
        if (value !== undefined) {
          ws.off("message", onMessage);
          resolve(value);
        }
      };
      ws.on("message", onMessage);
    }),
    timeoutMs,
    what,
  );
}

class WsEndpoint implements Endpoint {
  onCandidate: (() => void) | null = null;
  constructor(
    private readonly ws: WebSocket,
    private readonly candidateFrame: string,
  ) {}
  sendCandidate(): void {
    this.ws.send(this.candidateFrame);
  }
  /** Streaming mode: every received frame is parsed and, if it is a candidate, counted. */
  stream(isCandidate: (m: Record<string, unknown>) => boolean): void {
    this.ws.removeAllListeners("message");
    this.ws.on("message", (data) => {
      if (isCandidate(JSON.parse(data.toString()) as Record<string, unknown>)) this.onCandidate?.();
    });
  }
  close(): void {
    this.ws.terminate();
  }
}

export class FloorDriver implements Driver {
  readonly target = "floor" as const;
  constructor(private readonly base: string) {}

  private wsUrl(): string {
    return this.base.replace(/^http/, "ws") + "/ws";
  }

  private async join(code: string, type: "camera" | "viewer", timeoutMs: number) {
    const ws = await openWs(this.wsUrl(), timeoutMs);
    const joined = nextMessage(ws, (m) => (m.t === "joined" ? (m as { id: string; peers: { id: string }[] }) : m.t === "error" ? (() => { throw new Error(`floor join: ${String(m.error)}`); })() : undefined), timeoutMs, "floor join");
    ws.send(JSON.stringify({ t: "join", code, type }));
    return { ws, joined: await joined };
  }

  async pair(opts: PairOptions): Promise<Pair> {
    const { ice, timeoutMs } = opts;
    const sdp = makeSdp(opts.sdpBytes);
    const res = await httpRequest(this.base, "POST", "/api/code/generate", timeoutMs);
    if (res.status !== 201) throw new Error(`floor generate: HTTP ${res.status}`);
    const { code } = JSON.parse(res.body) as { code: string };

    const camera = await this.join(code, "camera", timeoutMs);
    const barrier = pairingBarrier(1 + ice, 1 + ice);
    const candidateFrame = JSON.stringify({ t: "ice_candidate", room_code: code, candidate: CANDIDATE });
    camera.ws.on("message", (data) => {
      const m = JSON.parse(data.toString()) as { t: string };
      if (m.t === "peer_joined") {
        camera.ws.send(JSON.stringify({ t: "offer", room_code: code, offer: { type: "offer", sdp } }));
        for (let i = 0; i < ice; i++) camera.ws.send(candidateFrame);
      } else if (m.t === "answer" || m.t === "ice_candidate") barrier.camera();
    });
    const viewer = await this.join(code, "viewer", timeoutMs);
    viewer.ws.on("message", (data) => {
      const m = JSON.parse(data.toString()) as { t: string };
      if (m.t === "offer") {
        viewer.ws.send(JSON.stringify({ t: "answer", room_code: code, answer: { type: "answer", sdp } }));
        for (let i = 0; i < ice; i++) viewer.ws.send(candidateFrame);
        barrier.viewer();
      } else if (m.t === "ice_candidate") barrier.viewer();
    });
    await withTimeout(barrier.done, timeoutMs, "floor pairing");
    const cam = new WsEndpoint(camera.ws, candidateFrame);
    const view = new WsEndpoint(viewer.ws, candidateFrame);
    cam.stream((m) => m.t === "ice_candidate");
    view.stream((m) => m.t === "ice_candidate");
    return { camera: cam, viewer: view };
  }

  async connectIdle(timeoutMs: number): Promise<IdleSocket> {
    const ws = await openWs(this.wsUrl(), timeoutMs);
    return { close: () => ws.terminate() };
  }
}

// ---------------------------------------------------------------------------------------------- peerjs

export class PeerjsDriver implements Driver {
  readonly target = "peerjs" as const;
  constructor(private readonly base: string) {}

  /** Opens a peer socket and waits for the server's OPEN (which can arrive in the same packet as the upgrade). */
  private open(id: string, timeoutMs: number): Promise<WebSocket> {
    const token = randomBytes(8).toString("hex");
    const url = `${this.base.replace(/^http/, "ws")}/peerjs?key=peerjs&id=${encodeURIComponent(id)}&token=${token}`;
    const ws = new WebSocket(url, { perMessageDeflate: false });
    const opened = new Promise<WebSocket>((resolve, reject) => {
      const onMessage = (data: WebSocket.RawData) => {
        const m = JSON.parse(data.toString()) as { type: string };
        if (m.type === "OPEN") {
          ws.off("message", onMessage);
          resolve(ws);
        } else reject(new Error(`peerjs open: ${JSON.stringify(m)}`));
      };
      ws.on("message", onMessage);
      ws.once("error", reject);
      ws.once("close", () => reject(new Error("peerjs open: socket closed")));
    });
    return withTimeout(opened, timeoutMs, "peerjs OPEN").catch((err: unknown) => {
      ws.terminate();
      throw err;
    });
  }

  private async newId(timeoutMs: number): Promise<string> {
    const res = await httpRequest(this.base, "GET", "/peerjs/id", timeoutMs);
    if (res.status !== 200) throw new Error(`peerjs id: HTTP ${res.status}`);
    return res.body;
  }

  /**
   * PeerJS's own flow: each peer GETs an id and opens its socket (OPEN). The camera's id plays the part of
   * the code; the viewer, who knows it, calls: OFFER → ANSWER, then `ice` CANDIDATE messages each way.
   */
  async pair(opts: PairOptions): Promise<Pair> {
    const { ice, timeoutMs } = opts;
    const sdp = makeSdp(opts.sdpBytes);
    const connectionId = `mc_${randomBytes(6).toString("hex")}`;
    const cameraId = await this.newId(timeoutMs);
    const camera = await this.open(cameraId, timeoutMs);
    const viewerId = await this.newId(timeoutMs);
    const viewer = await this.open(viewerId, timeoutMs);
    const frame = (type: string, dst: string, payload: unknown) => JSON.stringify({ type, dst, payload });
    const toViewer = frame("CANDIDATE", viewerId, { candidate: CANDIDATE, type: "media", connectionId });
    const toCamera = frame("CANDIDATE", cameraId, { candidate: CANDIDATE, type: "media", connectionId });

    const barrier = pairingBarrier(1 + ice, 1 + ice);
    camera.on("message", (data) => {
      const m = JSON.parse(data.toString()) as { type: string; src: string };
      if (m.type === "OFFER") {
        camera.send(frame("ANSWER", m.src, { sdp: { type: "answer", sdp }, type: "media", connectionId }));
        for (let i = 0; i < ice; i++) camera.send(toViewer);
        barrier.camera();
      } else if (m.type === "CANDIDATE") barrier.camera();
    });
    viewer.on("message", (data) => {
      const m = JSON.parse(data.toString()) as { type: string };
      if (m.type === "ANSWER" || m.type === "CANDIDATE") barrier.viewer();
    });
    viewer.send(frame("OFFER", cameraId, { sdp: { type: "offer", sdp }, type: "media", connectionId, metadata: {} }));
    for (let i = 0; i < ice; i++) viewer.send(toCamera);
    await withTimeout(barrier.done, timeoutMs, "peerjs pairing");

    const cam = new WsEndpoint(camera, toViewer);
    const view = new WsEndpoint(viewer, toCamera);
    cam.stream((m) => m.type === "CANDIDATE");
    view.stream((m) => m.type === "CANDIDATE");
    return { camera: cam, viewer: view };
  }

  async connectIdle(timeoutMs: number): Promise<IdleSocket> {
    // PeerJS clients may pick their own id; doing so here keeps the figure about sockets, not GET /id.
    const ws = await this.open(randomUUID(), timeoutMs);
    return { close: () => ws.terminate() };
  }
}

// ---------------------------------------------------------------------------------------------- codecam

type AnySocket = Socket;

class SocketIoEndpoint implements Endpoint {
  onCandidate: (() => void) | null = null;
  private readonly message: object;
  constructor(
    private readonly socket: AnySocket,
    roomCode: string,
    to: string,
  ) {
    this.message = { room_code: roomCode, candidate: CANDIDATE, to };
    socket.off("ice_candidate");
    socket.on("ice_candidate", () => this.onCandidate?.());
  }
  sendCandidate(): void {
    this.socket.emit("ice_candidate", this.message);
  }
  close(): void {
    this.socket.disconnect();
  }
}

/** codecam's protocol over socket.io-client: drives codecam and the bare Socket.IO reference alike. */
export class CodecamDriver implements Driver {
  constructor(
    private readonly base: string,
    readonly target: "codecam" | "socketio" = "codecam",
  ) {}

  private connect(timeoutMs: number): Promise<AnySocket> {
    return withTimeout(
      new Promise<AnySocket>((resolve, reject) => {
        const socket = io(this.base, { transports: ["websocket"], forceNew: true, reconnection: false, timeout: timeoutMs });
        socket.once("connect", () => resolve(socket));
        socket.once("connect_error", (err) => {
          socket.disconnect();
          reject(err);
        });
      }),
      timeoutMs,
      "codecam connect",
    );
  }

  private async join(socket: AnySocket, code: string, type: "camera" | "viewer", timeoutMs: number) {
    const reply = (await socket.timeout(timeoutMs).emitWithAck("join_room", { code, type })) as
      | { ok: true; id: string; peers: { id: string; type: string }[] }
      | { ok: false; error: { code: string; message: string } };
    if (!reply.ok) throw new Error(`codecam join_room (${type}): ${reply.error.code} ${reply.error.message}`);
    return reply;
  }

  /** The pages' flow: the camera offers to each viewer that joins (peer_joined), with `to` set. */
  async pair(opts: PairOptions): Promise<Pair> {
    const { ice, timeoutMs } = opts;
    const sdp = makeSdp(opts.sdpBytes);
    const res = await httpRequest(this.base, "POST", "/api/code/generate", timeoutMs);
    if (res.status !== 201) throw new Error(`codecam generate: HTTP ${res.status} ${res.body.slice(0, 200)}`);
    const { code } = JSON.parse(res.body) as { code: string };

    const camera = await this.connect(timeoutMs);
    try {
      await this.join(camera, code, "camera", timeoutMs);
      const barrier = pairingBarrier(1 + ice, 1 + ice);
      let viewerId = "";
      camera.on("peer_joined", (peer: { id: string; type: string }) => {
        if (peer.type !== "viewer") return;
        viewerId = peer.id;
        camera.emit("offer", { room_code: code, offer: { type: "offer", sdp }, to: peer.id });
        const msg = { room_code: code, candidate: CANDIDATE, to: peer.id };
        for (let i = 0; i < ice; i++) camera.emit("ice_candidate", msg);
      });
      camera.on("answer", () => barrier.camera());
      camera.on("ice_candidate", () => barrier.camera());
      camera.on("signal_error", (e: unknown) => console.error("codecam signal_error (camera)", JSON.stringify(e)));

      const viewer = await this.connect(timeoutMs);
      try {
        viewer.on("offer", (m: { from: string }) => {
          viewer.emit("answer", { room_code: code, answer: { type: "answer", sdp }, to: m.from });
          const msg = { room_code: code, candidate: CANDIDATE, to: m.from };
          for (let i = 0; i < ice; i++) viewer.emit("ice_candidate", msg);
          barrier.viewer();
        });
        viewer.on("ice_candidate", () => barrier.viewer());
        viewer.on("signal_error", (e: unknown) => console.error("codecam signal_error (viewer)", JSON.stringify(e)));
        const joined = await this.join(viewer, code, "viewer", timeoutMs);
        const cameraId = joined.peers.find((p) => p.type === "camera")?.id;
        if (!cameraId) throw new Error("codecam: viewer joined without a camera in peers");
        await withTimeout(barrier.done, timeoutMs, "codecam pairing");
        camera.off("answer");
        viewer.off("offer");
        return {
          camera: new SocketIoEndpoint(camera, code, viewerId),
          viewer: new SocketIoEndpoint(viewer, code, cameraId),
        };
      } catch (err) {
        viewer.disconnect();
        throw err;
      }
    } catch (err) {
      camera.disconnect();
      throw err;
    }
  }

  async connectIdle(timeoutMs: number): Promise<IdleSocket> {
    const socket = await this.connect(timeoutMs);
    return { close: () => socket.disconnect() };
  }
}

export function makeDriver(target: Target, base: string): Driver {
  switch (target) {
    case "floor":
      return new FloorDriver(base);
    case "peerjs":
      return new PeerjsDriver(base);
    case "socketio":
    case "codecam":
      return new CodecamDriver(base, target);
  }
}
