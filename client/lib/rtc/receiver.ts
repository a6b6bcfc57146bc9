// The viewer's side of the media flow: answers the camera's offers and keeps one picture on screen. A new
// connection from the camera (after a drop or a reconnect) is built next to the old one, and the picture
// switches over once the new one works ("make before break"), so a reconnect costs no black screen. On every
// link it runs the viewer's half of the words exchange (design of issue 16) and reports what the camera says
// about this laptop's access.
import type { IceCandidateInit, PeerInfo, RoomCode } from "../../../signaling/protocol.js";
import { Emitter } from "../emitter.js";
import { ViewerSas, type SasWords } from "../trust/sas.js";
import type { ConsoleMessage } from "../console/messages.js";
import { isConsoleMessage, type AccessState, type LinkMessage } from "./link-messages.js";
import type { MediaProblem } from "../media/media.js";
import { PeerLink, sdpSessionId, type LinkEnd } from "./peer-link.js";
import type { RoomSession } from "../room/room-session.js";
import { SpareLink } from "./spare-link.js";

export type ReceiverState =
  /** No connection to a camera (none in the room yet, or it left). */
  | "idle"
  /** An offer arrived; ICE/DTLS in progress. */
  | "connecting"
  /** Connected: video flows as soon as the camera has a picture to send (the page shows "Live" on the first frame). */
  | "live"
  /** The connection went quiet (ICE disconnected); it may recover. */
  | "unstable";

export interface ReceiverEvents {
  /** The stream to show; again when it gets a later track (microphone turned on), as the same MediaStream. */
  stream: [stream: MediaStream];
  state: [state: ReceiverState];
  /** The connection on screen ended and no other is ready. */
  ended: [end: LinkEnd];
  /** The camera says its room has a new code (the server lost the old one). */
  moved: [code: RoomCode];
  /** The camera stopped streaming on purpose. */
  bye: [];
  /** What the camera said about this laptop, or the words, changed: re-read `access`. */
  access: [];
  /** The camera's remote console said something (client/lib/console/messages.ts). */
  console: [msg: ConsoleMessage];
  /** The phone's camera could not open (why), or opened after all (null). */
  camera: [problem: MediaProblem | null];
  /** A new link from the camera, before it connects: for what the viewer says on each link (Low delay). */
  link: [link: PeerLink];
}

/** What the camera said about this laptop on the newest link, and the words both screens show for it. */
export interface LinkAccess {
  state: AccessState | undefined;
  words: SasWords | undefined;
}

interface Entry {
  link: PeerLink;
  stream: MediaStream;
  access: LinkAccess;
  sas: ViewerSas | undefined;
}

export class Receiver extends Emitter<ReceiverEvents> {
  readonly #session: RoomSession;
  readonly #config: () => Promise<RTCConfiguration>;
  /** The link whose picture is on screen. */
  #current: Entry | undefined;
  /** A newer link from the camera, until it connects and takes over. */
  #pending: Entry | undefined;
  #state: ReceiverState = "idle";
  /** Candidates that arrive while a new link waits for the ICE config (only the first time, if at all). */
  #early: { from: string; candidates: IceCandidateInit[] } | undefined;
  /**
   * A peer connection built as soon as the page is in the room, before the camera's offer: the offer then
   * goes straight into setRemoteDescription, without waiting for the ICE config and RTCPeerConnection.
   */
  readonly #spare = new SpareLink();

  constructor(session: RoomSession, config: () => Promise<RTCConfiguration>) {
    super();
    this.#session = session;
    this.#config = config;
    session.on("offer", (msg) => void this.#onOffer(msg.from, msg.offer));
    session.on("ice_candidate", (msg) => {
      if (this.#early?.from === msg.from) this.#early.candidates.push(msg.candidate);
      else this.#linkFrom(msg.from)?.handleCandidate(msg.candidate);
    });
    session.on("peer_joined", (peer) => this.#onCameraId(peer));
    session.on("joined", () => this.#prepareSpare());
  }

  get state(): ReceiverState {
    return this.#state;
  }
  /** The link on screen, for stats. */
  get link(): PeerLink | undefined {
    return this.#current?.link;
  }
  get stream(): MediaStream | undefined {
    return this.#current?.stream;
  }
  /** The newest link's access, as the camera said it (undefined before it said anything). */
  get access(): LinkAccess {
    return (this.#pending ?? this.#current)?.access ?? { state: undefined, words: undefined };
  }

  /** Tells the camera this viewer is leaving on purpose, so it stops sending at once. */
  sayBye(): boolean {
    let sent = false;
    for (const entry of [this.#current, this.#pending]) if (entry?.link.send({ t: "bye" })) sent = true;
    return sent;
  }

  close(): void {
    this.#spare.drop();
    this.#pending?.link.close();
    this.#current?.link.close();
    this.#pending = this.#current = undefined;
    this.#setState("idle");
  }

  async #onOffer(from: string, offer: { type: "offer"; sdp: string }): Promise<void> {
    const session = sdpSessionId(offer.sdp);
    // The same SDP session is a renegotiation of a link we have (microphone added), even when the camera
    // reconnected to the server in between and now has a new socket id.
    const existing = [this.#pending, this.#current].find(
      (s) => s && !s.link.closed && s.link.remoteSession === session,
    );
    if (existing) {
      existing.link.remoteId = from;
      existing.link.handleOffer(offer);
      return;
    }
    const early = { from, candidates: [] as IceCandidateInit[] };
    this.#early = early;
    const code = this.#session.code;
    const spare = code ? await this.#spare.take(code) : undefined;
    const link = spare ?? this.#newLink(await this.#config());
    if (this.#early === early) this.#early = undefined;
    this.#pending?.link.close();
    link.addressTo(from);
    const entry: Entry = {
      link,
      stream: new MediaStream(),
      access: { state: undefined, words: undefined },
      sas: undefined,
    };
    this.#pending = entry;
    this.emit("link", link);
    link.on("track", (track) => {
      if (!entry.stream.getTracks().includes(track)) entry.stream.addTrack(track);
      // Nothing on screen yet: show this link at once, so the first frame appears the moment it decodes.
      if (this.#pending === entry && !this.#current?.link.connected) this.#promote(entry);
      // A track added from script fires no "addtrack" on the stream: say so, or the sound button stays off.
      else if (this.#current === entry) this.emit("stream", entry.stream);
    });
    link.on("connected", () => {
      void this.#startWords(entry);
      if (this.#pending === entry) this.#promote(entry);
      if (this.#current === entry) this.#setState("live");
    });
    link.on("unstable", () => this.#current === entry && this.#setState("unstable"));
    link.on("stable", () => this.#current === entry && this.#setState("live"));
    link.on("message", (msg) => this.#onMessage(entry, msg));
    link.on("closed", (end) => this.#onClosed(entry, end));
    link.handleOffer(offer);
    for (const candidate of early.candidates) link.handleCandidate(candidate);
    if (!this.#current) this.#setState("connecting");
  }

  #newLink(config: RTCConfiguration): PeerLink {
    return new PeerLink({ initiator: false, config, signaller: this.#session });
  }

  #prepareSpare(): void {
    const code = this.#session.code;
    if (code) this.#spare.prepare(code, async () => this.#newLink(await this.#config()));
  }

  /**
   * The viewer's half of the words exchange, on every link: the viewer cannot know whether the camera will ask
   * the holder, so it always commits. The words stay unshown unless the camera says "pending".
   */
  async #startWords(entry: Entry): Promise<void> {
    const { link } = entry;
    if (!link.localFingerprint || !link.remoteFingerprint) return;
    const sas = new ViewerSas({ camera: link.remoteFingerprint, viewer: link.localFingerprint });
    entry.sas = sas;
    link.send(await sas.start());
  }

  async #onNonce(entry: Entry, msg: Extract<LinkMessage, { t: "sas-nonce" }>): Promise<void> {
    if (!entry.sas) return;
    const result = await entry.sas.onNonce(msg);
    if (!result.ok) return console.warn(`codecam: the camera's words exchange failed (${result.reason})`);
    entry.link.send(result.reveal);
    entry.access = { ...entry.access, words: result.words };
    this.emit("access");
  }

  #promote(entry: Entry): void {
    const old = this.#current;
    this.#pending = undefined;
    this.#current = entry;
    this.emit("stream", entry.stream);
    this.#setState(entry.link.connected ? "live" : "connecting");
    if (old && old !== entry) old.link.close();
  }

  #onClosed(entry: Entry, end: LinkEnd): void {
    if (this.#pending === entry) {
      this.#pending = undefined;
      if (!this.#current) this.#ended(end);
      return;
    }
    if (this.#current !== entry) return;
    this.#current = undefined;
    if (this.#pending) this.#promote(this.#pending);
    else this.#ended(end);
  }

  #ended(end: LinkEnd): void {
    this.#setState("idle");
    if (end.reason !== "local") this.emit("ended", end);
  }

  #onMessage(entry: Entry, msg: LinkMessage): void {
    if (msg.t === "sas-nonce") void this.#onNonce(entry, msg);
    else if (msg.t === "access") {
      entry.access = { ...entry.access, state: msg.state };
      this.emit("access");
    } else if (msg.t === "room") this.emit("moved", msg.code);
    else if (isConsoleMessage(msg)) this.emit("console", msg);
    else if (msg.t === "camera") this.emit("camera", msg.problem);
    else if (msg.t === "bye") {
      this.emit("bye");
      // Close now: a closed peer connection can take seconds to be noticed from this side.
      entry.link.close({ reason: "closed", wasConnected: true });
    }
  }

  /** The camera reconnected to the server under a new id: our signals must go there from now on. */
  #onCameraId(peer: PeerInfo): void {
    if (peer.type !== "camera") return;
    for (const entry of [this.#current, this.#pending]) if (entry) entry.link.remoteId = peer.id;
  }

  #linkFrom(id: string): PeerLink | undefined {
    for (const entry of [this.#pending, this.#current]) if (entry?.link.remoteId === id) return entry.link;
    return undefined;
  }

  #setState(state: ReceiverState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.emit("state", state);
  }
}
