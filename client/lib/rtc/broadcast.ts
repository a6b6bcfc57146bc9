// The camera's side of the media flow (docs/PROTOCOL.md "Media flow"): one PeerLink per viewer, offered by the
// camera, re-offered when a link fails, kept through reconnects of either page, fed the current tracks. Every
// link starts with media off; the Gatekeeper (gatekeeper.ts) lets it flow once the viewer is verified or allowed.
import type { PeerInfo, RoomCode } from "../../../signaling/protocol.js";
import { Emitter } from "../emitter.js";
import type { LinkWatcher } from "./delay/camera-delay.js";
import type { LinkMessage } from "./link-messages.js";
import { PeerLink, type LinkEnd, type TrackKind } from "./peer-link.js";
import type { RoomSession } from "../room/room-session.js";
import { SpareLink } from "./spare-link.js";
import { START_BITRATE_KBPS } from "./start-bitrate.js";

export interface BroadcastEvents {
  /** Links came or went, connected or dropped: re-read `viewerCount`. */
  change: [];
  /** A viewer could not be reached after several tries (e.g. no path without TURN). */
  unreachable: [viewerId: string, end: LinkEnd];
  /** A link to `viewerId` is addressed: its answer, fingerprint and data channel are about to come. */
  link: [viewerId: string, link: PeerLink];
}

/** Watches every link the camera builds (the delay shown on the laptop, delay/camera-delay.ts). */
export interface LinkObserver {
  /** A link is built only once this settles (with its config fetch): the observer's sender hooks need it. */
  readonly ready: Promise<unknown>;
  /** The config a link is built with, from the one fetched for it. */
  rtcConfig(config: RTCConfiguration): RTCConfiguration;
  watcher(config: RTCConfiguration): LinkWatcher;
}

/**
 * How long a connected link outlives its viewer's `peer_left`. A viewer whose socket reconnects comes back
 * under a new id (peer_left old, peer_joined new); the old link keeps the picture moving until the viewer has
 * switched to the new one. A viewer that really left closes its connection, which ends the link at once.
 */
const LINGER_MS = 10_000;
/** Fresh offers to one viewer after failures, with growing pauses, before giving up until it rejoins. */
const RETRY_DELAYS_MS = [300, 1_000, 3_000, 6_000];

export class Broadcast extends Emitter<BroadcastEvents> {
  readonly #session: RoomSession;
  readonly #config: (code: RoomCode) => Promise<RTCConfiguration>;
  readonly #links = new Map<string, PeerLink>();
  /** The next viewer's link, built while the page joins (see prepare()). */
  readonly #spare = new SpareLink();
  readonly #lingering = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #failures = new Map<string, number>();
  readonly #retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Viewers whose link #connect() is building (it waits for the prepared link or the ICE config). */
  readonly #connecting = new Set<string>();
  readonly #tracks = new Map<TrackKind, MediaStreamTrack | null>();
  #active = false;
  #lastFailure: LinkEnd | undefined;
  readonly #observer: LinkObserver | undefined;

  /** `config`: the RTCConfiguration for a room (TURN credentials are per code). */
  constructor(session: RoomSession, config: (code: RoomCode) => Promise<RTCConfiguration>, observer?: LinkObserver) {
    super();
    this.#session = session;
    this.#config = observer ? async (code) => (await Promise.all([config(code), observer.ready]))[0] : config;
    this.#observer = observer;
    session.on("joined", (success, rejoined) => {
      if (!this.#active) return;
      if (rejoined) {
        // Back after an outage: what failed while this page was out of the room says nothing about the path.
        this.#lastFailure = undefined;
        this.#failures.clear();
      }
      const viewers = success.peers.filter((p) => p.type === "viewer");
      const ids = new Set(viewers.map((v) => v.id));
      // Links to sockets that are not in the room (any more) may still carry video to a viewer who is about
      // to come back under a new id: let them linger instead of cutting the picture.
      for (const [id, link] of this.#links) {
        if (ids.has(id)) continue;
        if (link.connected) this.#linger(id);
        else link.close();
      }
      for (const viewer of viewers) {
        this.#clearLinger(viewer.id);
        // A link still connecting may have sent its offer while out of the room, where signals are dropped:
        // waiting for it would only end in a timeout, blamed on the path. Offer afresh.
        if (rejoined && this.#links.get(viewer.id)?.connected === false) this.#links.get(viewer.id)?.close();
        this.#ensureLink(viewer.id);
      }
    });
    session.on("peer_joined", (peer) => {
      if (this.#active && peer.type === "viewer") {
        this.#failures.delete(peer.id);
        this.#connect(peer.id);
      }
    });
    session.on("peer_left", (peer) => this.#onPeerLeft(peer));
    session.on("answer", (msg) => this.#links.get(msg.from)?.handleAnswer(msg.answer));
    session.on("ice_candidate", (msg) => this.#links.get(msg.from)?.handleCandidate(msg.candidate));
  }

  /**
   * Viewers the camera streams to: connected and allowed, not counting links kept only until a reconnecting
   * viewer has switched over.
   */
  get viewerCount(): number {
    let n = 0;
    for (const [id, link] of this.#links) if (link.connected && link.mediaAllowed && !this.#lingering.has(id)) n += 1;
    return n;
  }
  /** Links still trying to connect to a viewer in the room. */
  get connectingCount(): number {
    let n = 0;
    for (const [id, link] of this.#links) if (!link.connected && !link.closed && !this.#lingering.has(id)) n += 1;
    return n;
  }
  /** Why the last link failed before it ever connected (no path, timeout); cleared once a link connects. */
  get lastFailure(): LinkEnd | undefined {
    return this.#lastFailure;
  }
  /** Any link carrying video now, lingering ones included: the picture survives a signaling outage. */
  get anyConnected(): boolean {
    return [...this.#links.values()].some((l) => l.connected && l.mediaAllowed);
  }

  /** The open link to `viewerId`, if any. */
  linkTo(viewerId: string): PeerLink | undefined {
    const link = this.#links.get(viewerId);
    return link && !link.closed ? link : undefined;
  }

  /**
   * Builds the next viewer's link for `code` ahead of time, while the page is still joining and opening the
   * camera: its peer connection, offer and ICE candidates are ready by the time a viewer is, so only
   * sending them waits for the room. The first viewer to be offered to takes it.
   */
  prepare(code: RoomCode): void {
    this.#spare.prepare(code, async () => this.#newLink(await this.#config(code)));
  }

  /** Forgets the link prepare() built (the join it was for failed). */
  cancelPrepared(): void {
    this.#spare.drop();
  }

  /** Starts offering to the viewers of the room (now and on every join). */
  start(): void {
    this.#active = true;
    for (const peer of this.#session.members) if (peer.type === "viewer") this.#ensureLink(peer.id);
  }

  /** Sets the track every link sends for `kind` (switch camera, microphone on/off): no renegotiation after the first. */
  setTrack(kind: TrackKind, track: MediaStreamTrack | null): void {
    this.#tracks.set(kind, track);
    for (const link of this.#links.values()) link.setTrack(kind, track);
    this.#spare.update((link) => link.setTrack(kind, track));
  }

  /** Sends a control message to every connected viewer; a new code ("room") only to those allowed to watch. */
  broadcast(msg: LinkMessage): number {
    let sent = 0;
    for (const link of this.#links.values()) {
      if (msg.t === "room" && !link.mediaAllowed) continue;
      if (link.send(msg)) sent += 1;
    }
    return sent;
  }

  /** Closes every link; `start()` begins again. */
  stop(): void {
    this.#active = false;
    for (const timer of [...this.#lingering.values(), ...this.#retryTimers.values()]) clearTimeout(timer);
    this.#lingering.clear();
    this.#retryTimers.clear();
    this.#failures.clear();
    this.#lastFailure = undefined;
    this.#spare.drop();
    const links = [...this.#links.values()];
    this.#links.clear();
    for (const link of links) link.close();
    this.emit("change");
  }

  /** Connects to `viewerId` unless a link to it is open or on its way: the join and the camera both call this. */
  #ensureLink(viewerId: string): void {
    const link = this.#links.get(viewerId);
    if ((!link || link.closed) && !this.#connecting.has(viewerId)) void this.#connect(viewerId);
  }

  async #connect(viewerId: string): Promise<void> {
    clearTimeout(this.#retryTimers.get(viewerId));
    this.#retryTimers.delete(viewerId);
    this.#links.get(viewerId)?.close();
    const code = this.#session.code;
    if (!code) return;
    this.#connecting.add(viewerId);
    let link: PeerLink;
    try {
      link = (await this.#spare.take(code)) ?? this.#newLink(await this.#config(code));
    } finally {
      this.#connecting.delete(viewerId);
    }
    const wanted = this.#active && this.#session.members.some((p) => p.id === viewerId);
    if (!wanted || this.#links.get(viewerId)?.closed === false) {
      link.close(); // the viewer is gone, or a concurrent call got there first
      return;
    }
    this.#links.set(viewerId, link);
    this.emit("link", viewerId, link);
    link.addressTo(viewerId);
    link.on("connected", () => {
      this.#failures.delete(viewerId);
      this.#lastFailure = undefined;
      this.emit("change");
    });
    link.on("closed", (end) => this.#onLinkClosed(viewerId, link, end));
    // A viewer that leaves on purpose says so; closing now stops sending video to a tab that is gone.
    link.on("message", (msg) => msg.t === "bye" && link.close({ reason: "closed", wasConnected: true }));
    this.emit("change");
  }

  /** A link that sends video from its first offer, with the current tracks. */
  #newLink(fetched: RTCConfiguration): PeerLink {
    const config = this.#observer?.rtcConfig(fetched) ?? fetched;
    const watcher = this.#observer?.watcher(config);
    const link = new PeerLink({
      initiator: true,
      sends: ["video"],
      gated: true,
      startBitrateKbps: START_BITRATE_KBPS,
      config,
      signaller: this.#session,
      ...(watcher ? { onSender: watcher.onSender } : {}),
    });
    watcher?.attach(link);
    for (const [kind, track] of this.#tracks) if (track) link.setTrack(kind, track);
    return link;
  }

  #onLinkClosed(viewerId: string, link: PeerLink, end: LinkEnd): void {
    if (this.#links.get(viewerId) !== link) return; // replaced already
    this.#links.delete(viewerId);
    this.#clearLinger(viewerId);
    if (!end.wasConnected && (end.reason === "no-path" || end.reason === "timeout")) this.#lastFailure = end;
    this.emit("change");
    // A description that named no single certificate (or another one) is refused, not retried: a fresh offer
    // would only get the same answer.
    if (!this.#active || end.reason === "local" || end.reason === "closed" || end.reason === "unverified") return;
    if (!this.#session.members.some((p) => p.id === viewerId)) return;
    // The viewer is still in the room, so the connection failed or dropped: offer again with a fresh link.
    const failures = end.wasConnected ? 0 : (this.#failures.get(viewerId) ?? 0) + 1;
    this.#failures.set(viewerId, failures);
    const delay = RETRY_DELAYS_MS[failures];
    if (delay === undefined) {
      this.emit("unreachable", viewerId, end);
      return;
    }
    this.#retryTimers.set(
      viewerId,
      setTimeout(() => void this.#connect(viewerId), delay),
    );
  }

  #onPeerLeft(peer: PeerInfo): void {
    if (peer.type !== "viewer") return;
    clearTimeout(this.#retryTimers.get(peer.id));
    this.#retryTimers.delete(peer.id);
    this.#failures.delete(peer.id);
    const link = this.#links.get(peer.id);
    if (link?.connected) this.#linger(peer.id);
    else link?.close();
  }

  #linger(id: string): void {
    if (this.#lingering.has(id)) return;
    this.#lingering.set(
      id,
      setTimeout(() => {
        this.#lingering.delete(id);
        this.#links.get(id)?.close();
      }, LINGER_MS),
    );
    this.emit("change");
  }

  #clearLinger(id: string): void {
    clearTimeout(this.#lingering.get(id));
    this.#lingering.delete(id);
  }
}
