// One WebRTC connection to one remote page: wraps a simple-peer and maps its signals to and from
// docs/PROTOCOL.md's offer / answer / ice_candidate (always addressed with `to`, trickle ICE). It checks the
// certificate every remote description names (docs/SECURITY.md) and, on the camera, keeps media off until allowed.
import Peer, { type PeerError, type SignalData } from "@thaunknown/simple-peer";
import type { Answer, IceCandidate, IceCandidateInit, Offer } from "../../../signaling/protocol.js";
import { Emitter } from "../emitter.js";
import { peerFingerprint } from "../trust/fingerprint.js";
import { watchGathering, type GatheringSeen } from "./ice-failure.js";
import { classify, type LinkEnd } from "./link-end.js";
import { MediaGate, type MediaGateOptions, type TrackKind } from "./media-gate.js";
import { decodeLinkMessage, encodeLinkMessage, type LinkMessage } from "./link-messages.js";
import { withStartBitrate } from "./start-bitrate.js";

/** Where a link's outgoing signals go: RoomSession implements it. */
export interface Signaller {
  sendOffer(to: string, offer: Offer["offer"]): boolean;
  sendAnswer(to: string, answer: Answer["answer"]): boolean;
  sendCandidate(to: string, candidate: IceCandidate["candidate"]): boolean;
}

export type { LinkEnd, LinkEndReason } from "./link-end.js";
export type { TrackKind } from "./media-gate.js";

export interface PeerLinkEvents {
  connected: [];
  /** ICE went to "disconnected": media paused; it may come back by itself. */
  unstable: [];
  /** ICE is back to connected after being unstable. */
  stable: [];
  track: [track: MediaStreamTrack, stream: MediaStream];
  /** The remote description named its certificate (once per link: it may never change afterwards). */
  fingerprint: [fingerprint: string];
  message: [msg: LinkMessage];
  closed: [end: LinkEnd];
}

/** The sending side's `sends`, `gated` and `onSender` are MediaGate's (media-gate.ts). */
export interface PeerLinkOptions extends MediaGateOptions {
  initiator: boolean;
  /** Sending side: the video bitrate to start at instead of the browser's default (see start-bitrate.ts). */
  startBitrateKbps?: number;
  config: RTCConfiguration;
  signaller: Signaller;
}

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
  /** The SHA-256 fingerprint (hex) of the certificate the remote descriptions name; fixed for the link's life. */
  remoteFingerprint: string | undefined;
  /** The fingerprint of this side's certificate, from its own first description. */
  localFingerprint: string | undefined;
  readonly #peer: Peer;
  readonly #signaller: Signaller;
  readonly #gate: MediaGate;
  /** Signals made before the link had a remote to send them to (see addressTo). */
  #outbox: SignalData[] = [];
  /** Messages that came before "connected" (see the "data" handler). */
  readonly #early: LinkMessage[] = [];
  readonly #startBitrateKbps: number | undefined;
  #connected = false;
  #closed = false;
  #error: PeerError | undefined;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;
  #unstableTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #gathering: () => GatheringSeen;

  constructor(opts: PeerLinkOptions) {
    super();
    this.initiator = opts.initiator;
    this.#signaller = opts.signaller;
    // simple-peer's default config names Google STUN servers; pass ours so nothing leaves the configured set.
    this.#peer = new Peer({ initiator: opts.initiator, trickle: true, config: opts.config });
    this.#gathering = watchGathering(this.#peer._pc);
    this.#peer.on("signal", (data) => this.#onLocalSignal(data));
    this.#peer.on("connect", () => {
      this.#connected = true;
      clearTimeout(this.#connectTimer);
      this.emit("connected");
      for (const msg of this.#early.splice(0)) this.emit("message", msg);
    });
    this.#peer.on("track", (track, stream) => this.emit("track", track, stream));
    this.#peer.on("data", (data) => {
      const msg = decodeLinkMessage(data);
      // The other side's channel can open (and speak) before simple-peer calls this side connected, when
      // send() would still drop the reply: hold messages until then.
      if (msg && this.#connected) this.emit("message", msg);
      else if (msg && this.#early.length < 16) this.#early.push(msg);
    });
    this.#peer.on("iceStateChange", (ice) => this.#onIceState(ice));
    this.#peer.on("error", (err) => {
      this.#error = err;
    });
    this.#peer.on("close", () => this.#finish());
    // In the constructor's task, before simple-peer's first negotiation runs: the first offer includes them.
    this.#gate = new MediaGate(this.#peer, new MediaStream(), opts);
    this.#startBitrateKbps = opts.startBitrateKbps;
  }

  get connected(): boolean {
    return this.#connected && !this.#closed;
  }
  get closed(): boolean {
    return this.#closed;
  }
  get mediaAllowed(): boolean {
    return this.#gate.allowed;
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
    const sdp = this.#checkedRemote(offer.sdp);
    if (sdp === undefined) return;
    this.remoteSession = sdpSessionId(sdp);
    this.#signal({ type: "offer", sdp });
  }
  /** Every answer (the first, and each renegotiation's) is checked before the browser sees it. */
  handleAnswer(answer: Answer["answer"]): void {
    const sdp = this.#checkedRemote(answer.sdp);
    if (sdp === undefined) return;
    this.remoteSession = sdpSessionId(sdp);
    const kbps = this.#startBitrateKbps;
    this.#signal({ type: "answer", sdp: kbps === undefined ? sdp : withStartBitrate(sdp, kbps) });
  }
  handleCandidate(candidate: IceCandidateInit): void {
    const init: RTCIceCandidateInit = { candidate: candidate.candidate };
    if (candidate.sdpMid != null) init.sdpMid = candidate.sdpMid;
    if (candidate.sdpMLineIndex != null) init.sdpMLineIndex = candidate.sdpMLineIndex;
    this.#signal({ type: "candidate", candidate: init });
  }

  /** Sends `track` as this link's `kind` track (camera side) while media is allowed; see MediaGate.setTrack. */
  setTrack(kind: TrackKind, track: MediaStreamTrack | null): void {
    if (!this.#closed) this.#gate.setTrack(kind, track);
  }

  /**
   * Lets media flow on this link (the peer is verified or allowed) or stops it: every sender gets the wanted
   * track, or none. No renegotiation either way.
   */
  allowMedia(allowed: boolean): void {
    if (!this.#closed) this.#gate.allow(allowed);
  }

  /** This side's `kind` sender, once it has one (camera side). */
  sender(kind: TrackKind): RTCRtpSender | undefined {
    return this.#closed ? undefined : this.#gate.senderOf(kind);
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

  /**
   * The remote SDP as the browser may see it, or undefined when it names no single SHA-256 certificate or another
   * one than before: the link then closes (fail closed). Fingerprint lines the check does not read (other
   * hashes) are taken out, so the browser cannot accept a certificate the check never saw.
   */
  #checkedRemote(sdp: string): string | undefined {
    if (this.#closed) return undefined;
    const found = peerFingerprint(sdp);
    const problem = !found.ok
      ? found.reason
      : this.remoteFingerprint !== undefined && found.fingerprint !== this.remoteFingerprint
        ? "changed"
        : undefined;
    if (problem || !found.ok) {
      console.warn(`codecam: closing a link whose remote description names ${problem ?? "no"} certificate`);
      this.close({ reason: "unverified", wasConnected: this.#connected, detail: problem ?? "none" });
      return undefined;
    }
    if (this.remoteFingerprint === undefined) {
      this.remoteFingerprint = found.fingerprint;
      this.emit("fingerprint", found.fingerprint);
    }
    return found.sdp;
  }

  #signal(data: SignalData): void {
    if (this.#closed) return;
    try {
      this.#peer.signal(data);
    } catch (err) {
      console.warn("codecam: signal after close ignored", err);
    }
  }

  #startConnectTimer(): void {
    clearTimeout(this.#connectTimer);
    this.#connectTimer = setTimeout(() => {
      if (!this.#connected) this.close({ reason: "timeout", wasConnected: false });
    }, CONNECT_TIMEOUT_MS);
  }

  #onLocalSignal(data: SignalData): void {
    if ((data.type === "offer" || data.type === "answer") && this.localFingerprint === undefined) {
      const own = peerFingerprint(data.sdp);
      if (own.ok) this.localFingerprint = own.fingerprint;
    }
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
    // A link that never connected says what this side's ICE saw: the relay's trouble, and whether it had a network.
    this.emit("closed", ended.wasConnected ? ended : { ...ended, ...this.#gathering() });
  }
}

/** The session id of an SDP's origin line (`o=- 4611731400430051336 2 IN IP4 127.0.0.1`). */
export function sdpSessionId(sdp: string): string | undefined {
  return /^o=\S+ (\d+) /m.exec(sdp)?.[1];
}
