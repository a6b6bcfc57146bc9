// What every driver shares: the targets, and the shape of a pairing's two ends.
export type Target = "floor" | "peerjs" | "socketio" | "codecam";
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
