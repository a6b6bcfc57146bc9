// Plain `ws` clients (floor and peerjs): opening a socket, waiting for a frame, and a pair's end.
import WebSocket from "ws";
import type { Endpoint } from "./types.js";
import { withTimeout } from "./sync.js";

export function openWs(url: string, timeoutMs: number): Promise<WebSocket> {
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
export function nextMessage<T>(
  ws: WebSocket,
  pick: (m: Record<string, unknown>) => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
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

export class WsEndpoint implements Endpoint {
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
