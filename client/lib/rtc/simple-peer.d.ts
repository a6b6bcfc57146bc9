// Types for the part of @thaunknown/simple-peer codecam uses (the package ships none).
declare module "@thaunknown/simple-peer" {
  /** What simple-peer emits on "signal" and accepts in signal(): an SDP, one ICE candidate, or a request. */
  export type SignalData =
    | { type: "offer" | "answer"; sdp: string }
    | { type: "candidate"; candidate: RTCIceCandidateInit }
    | { type: "renegotiate"; renegotiate: true }
    | { type: "transceiverRequest"; transceiverRequest: { kind: string; init?: RTCRtpTransceiverInit } };

  export interface PeerOptions {
    initiator?: boolean;
    config?: RTCConfiguration;
    trickle?: boolean;
    streams?: MediaStream[];
    channelName?: string;
    channelConfig?: RTCDataChannelInit;
    objectMode?: boolean;
    sdpTransform?: (sdp: string) => string;
  }

  /** simple-peer errors carry a code such as ERR_ICE_CONNECTION_FAILURE (see lite.js). */
  export interface PeerError extends Error {
    code?: string;
  }

  export default class Peer {
    constructor(opts?: PeerOptions);
    /** The underlying connection: a public field of this fork, used where simple-peer's API stops short. */
    readonly _pc: RTCPeerConnection;
    readonly connected: boolean;
    readonly destroyed: boolean;
    signal(data: SignalData): void;
    send(data: string | ArrayBufferView | ArrayBuffer | Blob): void;
    /** Adds a transceiver to the connection and renegotiates (the initiator offers again by itself). */
    addTransceiver(kind: "audio" | "video", init?: RTCRtpTransceiverInit): void;
    getStats(cb: (err: Error | null, reports: RTCStats[]) => void): void;
    destroy(err?: Error): void;

    on(event: "signal", listener: (data: SignalData) => void): this;
    on(event: "connect" | "close", listener: () => void): this;
    on(event: "error", listener: (err: PeerError) => void): this;
    on(event: "stream", listener: (stream: MediaStream) => void): this;
    on(event: "track", listener: (track: MediaStreamTrack, stream: MediaStream) => void): this;
    on(event: "data", listener: (data: Uint8Array | string) => void): this;
    on(event: "iceStateChange", listener: (ice: RTCIceConnectionState, gathering: RTCIceGatheringState) => void): this;
    on(event: "negotiated", listener: () => void): this;
    removeAllListeners(event?: string): this;
  }
}
