// peerjs-server over `ws`: /peerjs?key=peerjs&id=..&token=.., {type,dst,payload} messages.
import { randomBytes, randomUUID } from "node:crypto";
import WebSocket from "ws";
import type { Driver, Pair, PairOptions, IdleSocket } from "./types.js";
import { CANDIDATE, makeSdp } from "../payloads.js";
import { httpRequest } from "./http.js";
import { pairingBarrier, withTimeout } from "./sync.js";
import { WsEndpoint } from "./ws-endpoint.js";

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
