// codecam's protocol over socket.io-client (transports ["websocket"], as the pages connect): drives codecam and
// the bare Socket.IO reference alike, so the client side of both is identical.
import { io, type Socket } from "socket.io-client";
import type { Driver, Endpoint, Pair, PairOptions, IdleSocket } from "./types.js";
import { CANDIDATE, makeSdp } from "../payloads.js";
import { httpRequest } from "./http.js";
import { pairingBarrier, withTimeout } from "./sync.js";

class SocketIoEndpoint implements Endpoint {
  onCandidate: (() => void) | null = null;
  private readonly message: object;
  constructor(
    private readonly socket: Socket,
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

export class SocketIoDriver implements Driver {
  constructor(
    private readonly base: string,
    readonly target: "codecam" | "socketio" = "codecam",
  ) {}

  private connect(timeoutMs: number): Promise<Socket> {
    return withTimeout(
      new Promise<Socket>((resolve, reject) => {
        const socket = io(this.base, {
          transports: ["websocket"],
          forceNew: true,
          reconnection: false,
          timeout: timeoutMs,
        });
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

  private async join(socket: Socket, code: string, type: "camera" | "viewer", timeoutMs: number) {
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
