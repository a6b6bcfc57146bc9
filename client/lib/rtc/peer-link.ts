// One WebRTC connection to one remote page: wraps a simple-peer and maps its signals to and from
// docs/PROTOCOL.md's offer / answer / ice_candidate (always addressed with `to`, trickle ICE).
import Peer, { type PeerError, type SignalData } from "@thaunknown/simple-peer";
import type { Answer, IceCandidate, IceCandidateInit, Offer } from "../../../signaling/protocol.js";
import { Emitter } from "../emitter.js";
import { watchRelay, type RelayTrouble } from "./ice-failure.js";
import { decodeLinkMessage, encodeLinkMessage, type LinkMessage } from "./link-messages.js";
import { withStartBitrate } from "./start-bitrate.js";

/** Where a link's outgoing signals go: RoomSession implements it. */
export interface Signaller {
  sendOffer(to: string, offer: Offer["offer"]): boolean;
  sendAnswer(to: string, answer: Answer["answer"]): boolean;
  sendCandidate(to: string, candidate: IceCandidate["candidate"]): boolean;
}

/**
 * Why a link ended, in the terms a status line needs:
 * - no-path: ICE never found a working pair (different networks, strict NAT/firewall: TURN is needed)
 * - timeout: nothing connected in time (the other side never answered, or ICE was still checking)
 * - dropped: it was connected and then the network went away
 * - closed: the other page closed the connection (left, reloaded, stopped)
 * - error: a browser WebRTC error (detail has it)
 * - local: this page closed it
 */
export type LinkEndReason = "no-path" | "timeout" | "dropped" | "closed" | "error" | "local";
export interface LinkEnd {
  reason: LinkEndReason;
  wasConnected: boolean;
  detail?: string;
  /** What went wrong with the TURN relay on this side, when it did (ice-failure.ts). */
  relay?: RelayTrouble;
}

export interface PeerLinkEvents {
  connected: [];
  /** ICE went to "disconnected": media paused; it may come back by itself. */
  unstable: [];
  /** ICE is back to connected after being unstable. */
  stable: [];
  track: [track: MediaStreamTrack, stream: MediaStream];
  message: [msg: LinkMessage];
  closed: [end: LinkEnd];
}

export interface PeerLinkOptions {
  initiator: boolean;
  /**
   * Kinds to send from the start (the camera's video): their senders exist before the tracks do, so the first
   * offer already carries them and setTrack() later fills them in without another offer/answer round.
   */
  sends?: readonly TrackKind[];
  /** Sending side: the video bitrate to start at instead of the browser's default (see start-bitrate.ts). */
  startBitrateKbps?: number;
  config: RTCConfiguration;
  signaller: Signaller;
}

export type TrackKind = "audio" | "video";

/** On a LAN ICE connects in well under a second, through TURN in a few; past this something is wrong. */
const CONNECT_TIMEOUT_MS = 12_000;
/** Close as "dropped" when ICE stays disconnected this long, so the camera can start a fresh link. */
const DISCONNECTED_GRACE_MS = 6_000;

export class PeerLink extends Emitter<PeerLinkEvents> {
  /**
   * The remote page's current socket id; it changes when that page reconnects, and pages update it. Links are
   * built before they know it (see SpareLink): signals wait for addressTo().
   */
  remoteId: string | undefined;
  readonly initiator: boolean;
  /** The `o=` session id of the remote SDP: tells a renegotiation (same id) from a brand-new connection. */
  remoteSession: string | undefined;
  readonly #peer: Peer;
  readonly #signaller: Signaller;
  /** Names the sent tracks' stream in the SDP (msid): the remote page gets them as one stream. */
  readonly #stream = new MediaStream();
  readonly #senders = new Map<TrackKind, RTCRtpSender>();
  /** Signals made before the link had a remote to send them to (see addressTo). */
  #outbox: SignalData[] = [];
  readonly #startBitrateKbps: number | undefined;
  #connected = false;
  #closed = false;
  #error: PeerError | undefined;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #unstableTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #relayTrouble: () => RelayTrouble | undefined;

  constructor(opts: PeerLinkOptions) {
    super();
    this.initiator = opts.initiator;
    this.#signaller = opts.signaller;
    // simple-peer's default config names Google STUN servers; pass ours so nothing leaves the configured set.
    this.#peer = new Peer({ initiator: opts.initiator, trickle: true, config: opts.config });
    this.#relayTrouble = watchRelay(this.#peer._pc);
    this.#peer.on("signal", (data) => this.#onLocalSignal(data));
    this.#peer.on("connect", () => {
      this.#connected = true;
      clearTimeout(this.#connectTimer);
      this.emit("connected");
    });
    this.#peer.on("track", (track, stream) => this.emit("track", track, stream));
    this.#peer.on("data", (data) => {
      const msg = decodeLinkMessage(data);
      if (msg) this.emit("message", msg);
    });
    this.#peer.on("iceStateChange", (ice) => this.#onIceState(ice));
    this.#peer.on("error", (err) => {
      this.#error = err;
    });
    this.#peer.on("close", () => this.#finish());
    // In the constructor's task, before simple-peer's first negotiation runs: the first offer includes them.
    for (const kind of opts.sends ?? []) this.#sender(kind);
    this.#startBitrateKbps = opts.startBitrateKbps;
  }

  get connected(): boolean {
    return this.#connected && !this.#closed;
  }
  get closed(): boolean {
    return this.#closed;
  }

  /** Gives a prepared link its remote: the signals made so far go out now, and the connect timeout starts. */
  addressTo(remoteId: string): void {
    this.remoteId = remoteId;
    const outbox = this.#outbox;
    this.#outbox = [];
    for (const data of outbox) this.#onLocalSignal(data);
    this.#startConnectTimer();
  }

  /** Feeds a signal relayed by the server (from this link's remote) into the connection. */
  handleOffer(offer: Offer["offer"]): void {
    this.remoteSession = sdpSessionId(offer.sdp);
    this.#signal({ type: "offer", sdp: offer.sdp });
  }
  handleAnswer(answer: Answer["answer"]): void {
    this.remoteSession = sdpSessionId(answer.sdp);
    const kbps = this.#startBitrateKbps;
    this.#signal({ type: "answer", sdp: kbps === undefined ? answer.sdp : withStartBitrate(answer.sdp, kbps) });
  }
  handleCandidate(candidate: IceCandidateInit): void {
    const init: RTCIceCandidateInit = { candidate: candidate.candidate };
    if (candidate.sdpMid != null) init.sdpMid = candidate.sdpMid;
    if (candidate.sdpMLineIndex != null) init.sdpMLineIndex = candidate.sdpMLineIndex;
    this.#signal({ type: "candidate", candidate: init });
  }

  /**
   * Sends `track` as this link's `kind` track (camera side). A kind without a sender yet (not in `sends`) gets
   * one, which renegotiates (the camera initiates, so simple-peer sends a new offer). The track goes in with
   * RTCRtpSender.replaceTrack, which needs no renegotiation, so the viewer's video never stops.
   * `null` keeps the sender but sends nothing (microphone off).
   */
  setTrack(kind: TrackKind, track: MediaStreamTrack | null): void {
    if (this.#closed || (!track && !this.#senders.has(kind))) return;
    try {
      this.#sender(kind)
        .replaceTrack(track)
        .catch((err: unknown) => console.warn(`codecam: could not set the ${kind} track`, err));
    } catch (err) {
      console.warn(`codecam: could not add a ${kind} sender`, err);
    }
  }

  /** Sends a control message over the data channel; false when the channel is not open. */
  send(msg: LinkMessage): boolean {
    if (!this.#peer.connected) return false;
    try {
      this.#peer.send(encodeLinkMessage(msg));
      return true;
    } catch {
      return false;
    }
  }

  /** The connection's RTCStats reports (empty once closed). */
  stats(): Promise<RTCStats[]> {
    if (this.#closed) return Promise.resolve([]);
    return new Promise((resolve) => this.#peer.getStats((err, reports) => resolve(err ? [] : reports)));
  }

  close(end: LinkEnd = { reason: "local", wasConnected: this.#connected }): void {
    if (this.#closed) return;
    this.#peer.destroy();
    this.#finish(end);
  }

  #signal(data: SignalData): void {
    if (this.#closed) return;
    try {
      this.#peer.signal(data);
    } catch (err) {
      console.warn("codecam: signal after close ignored", err);
    }
  }

  #sender(kind: TrackKind): RTCRtpSender {
    let sender = this.#senders.get(kind);
    if (!sender) {
      this.#peer.addTransceiver(kind, { direction: "sendonly", streams: [this.#stream] });
      // simple-peer does not hand the transceiver back; it is the newest of its kind (one per kind is added).
      const transceiver = this.#peer._pc.getTransceivers().findLast((t) => t.receiver.track.kind === kind);
      if (!transceiver) throw new Error(`no ${kind} transceiver (is this link the initiator?)`);
      sender = transceiver.sender;
      this.#senders.set(kind, sender);
    }
    return sender;
  }

  #startConnectTimer(): void {
    clearTimeout(this.#connectTimer);
    this.#connectTimer = setTimeout(() => {
      if (!this.#connected) this.close({ reason: "timeout", wasConnected: false });
    }, CONNECT_TIMEOUT_MS);
  }

  #onLocalSignal(data: SignalData): void {
    const to = this.remoteId;
    if (to === undefined) {
      this.#outbox.push(data);
      return;
    }
    switch (data.type) {
      case "offer":
        this.#signaller.sendOffer(to, { type: "offer", sdp: data.sdp });
        break;
      case "answer":
        this.#signaller.sendAnswer(to, { type: "answer", sdp: data.sdp });
        break;
      case "candidate":
        this.#signaller.sendCandidate(to, {
          candidate: data.candidate.candidate ?? "",
          sdpMid: data.candidate.sdpMid ?? null,
          sdpMLineIndex: data.candidate.sdpMLineIndex ?? null,
        });
        break;
      default:
        // The camera always initiates and adds every track itself, so the viewer never needs these (STYLE.md).
        console.debug("codecam: dropped simple-peer signal the protocol does not carry:", data.type);
    }
  }

  #onIceState(ice: RTCIceConnectionState): void {
    if (ice === "disconnected" && this.#connected) {
      this.emit("unstable");
      clearTimeout(this.#unstableTimer);
      this.#unstableTimer = setTimeout(
        () => this.close({ reason: "dropped", wasConnected: true }),
        DISCONNECTED_GRACE_MS,
      );
    } else if ((ice === "connected" || ice === "completed") && this.#unstableTimer) {
      clearTimeout(this.#unstableTimer);
      this.#unstableTimer = undefined;
      this.emit("stable");
    }
  }

  /** Runs once: from close() with its reason, or from simple-peer's "close" with the reason its error implies. */
  #finish(end?: LinkEnd): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#connectTimer);
    clearTimeout(this.#unstableTimer);
    const ended = end ?? classify(this.#error, this.#connected);
    const relay = ended.wasConnected ? undefined : this.#relayTrouble();
    this.emit("closed", relay ? { ...ended, relay } : ended);
  }
}

function classify(err: PeerError | undefined, wasConnected: boolean): LinkEnd {
  if (!err) return { reason: "closed", wasConnected };
  switch (err.code) {
    case "ERR_ICE_CONNECTION_FAILURE":
    case "ERR_CONNECTION_FAILURE":
      return { reason: wasConnected ? "dropped" : "no-path", wasConnected, detail: err.message };
    case "ERR_ICE_CONNECTION_CLOSED":
    case "ERR_DATA_CHANNEL":
      return { reason: "closed", wasConnected, detail: err.message };
    default:
      return { reason: "error", wasConnected, detail: `${err.code ?? err.name}: ${err.message}` };
  }
}

/** The session id of an SDP's origin line (`o=- 4611731400430051336 2 IN IP4 127.0.0.1`). */
export function sdpSessionId(sdp: string): string | undefined {
  return /^o=\S+ (\d+) /m.exec(sdp)?.[1];
}
