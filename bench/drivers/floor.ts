// bench/servers/floor.mjs over `ws`: a join frame, then raw forwarding to the other member of the code.
import type { Driver, Pair, PairOptions, IdleSocket } from "./types.js";
import { CANDIDATE, makeSdp } from "../payloads.js";
import { httpRequest } from "./http.js";
import { pairingBarrier, withTimeout } from "./sync.js";
import { nextMessage, openWs, WsEndpoint } from "./ws-endpoint.js";

export class FloorDriver implements Driver {
  readonly target = "floor" as const;
  constructor(private readonly base: string) {}

  private wsUrl(): string {
    return this.base.replace(/^http/, "ws") + "/ws";
  }

  private async join(code: string, type: "camera" | "viewer", timeoutMs: number) {
    const ws = await openWs(this.wsUrl(), timeoutMs);
    const joined = nextMessage(
      ws,
      (m) =>
        m.t === "joined"
          ? (m as { id: string; peers: { id: string }[] })
          : m.t === "error"
            ? (() => {
                throw new Error(`floor join: ${String(m.error)}`);
              })()
            : undefined,
      timeoutMs,
      "floor join",
    );
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
