// The camera's decision about every viewer (design of issue 16): whose link may carry media, who must be asked,
// and who is turned away. A laptop is verified when its answer names the certificate the QR link named, one the
// holder chose to remember, or one the holder allowed on this page; anyone else gets the words exchange on the
// data channel and a question on the phone, and no media until Allow. Every member of the room is listed, and
// any of them can be removed.
import type { RoomCode } from "../../../signaling/protocol.js";
import { Emitter } from "../emitter.js";
import type { RoomSession } from "../room/room-session.js";
import { CameraSas } from "../trust/sas.js";
import type { Broadcast } from "./broadcast.js";
import type { LinkMessage } from "./link-messages.js";
import type { LinkEnd, PeerLink } from "./peer-link.js";
import { newMember, type Member, type Refusal, type TrustReason } from "./member.js";
import { roomCheck } from "./room-space.js";

/** A request nobody answers is treated as Deny after this long, so a forgotten question does not hold a slot. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** Long enough for "denied"/"removed" to cross the data channel before the link closes. */
const FAREWELL_MS = 250;

export type { Member, Refusal, TrustReason } from "./member.js";

export interface GatekeeperDeps {
  /** The fingerprint the QR link named for this code, if the page was opened from one. */
  qrLaptop: (code: RoomCode) => string | undefined;
  isRemembered: (fingerprint: string) => boolean;
  remember: (fingerprint: string) => void;
  /** The room's limit (GET /api/config maxViewers). */
  maxViewers: () => number;
  now?: () => number;
}

interface Entry {
  member: Member;
  joinedAt: number;
  link: PeerLink | undefined;
  fingerprint: string | undefined;
  sas: CameraSas | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class Gatekeeper extends Emitter<{ change: [] }> {
  readonly #session: RoomSession;
  readonly #broadcast: Broadcast;
  readonly #d: GatekeeperDeps;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  /** Fingerprints the holder allowed on this page (no question again while it is open). */
  readonly #allowed = new Set<string>();
  /** Fingerprints the holder denied on this page: turned away at once, never asked about again. */
  readonly #denied = new Set<string>();
  /** Fingerprints the holder removed: asked about again if they come back, even the QR laptop. */
  readonly #revoked = new Set<string>();
  #roomCheck: ReturnType<typeof setTimeout> | undefined;

  constructor(session: RoomSession, broadcast: Broadcast, deps: GatekeeperDeps) {
    super();
    this.#session = session;
    this.#broadcast = broadcast;
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
    broadcast.on("link", (id, link) => this.#attach(id, link));
    session.on("joined", () => this.#sync());
    session.on("peer_joined", () => this.#sync());
    session.on("peer_left", () => this.#sync());
  }

  /** Every viewer in the room, in the order they joined. */
  get members(): Member[] {
    this.#sync(false);
    return [...this.#entries.values()].map((e) => e.member);
  }

  /** The holder tapped Allow: media flows to this viewer now, and to its laptop again without a question. */
  allow(id: string, remember: boolean): void {
    const entry = this.#entries.get(id);
    if (entry?.member.status !== "pending" || !entry.fingerprint) return;
    this.#allowed.add(entry.fingerprint);
    this.#revoked.delete(entry.fingerprint);
    if (remember) this.#d.remember(entry.fingerprint);
    this.#verify(entry, "allowed");
    entry.link?.send({ t: "access", state: "allowed" });
  }

  /** The holder tapped Deny: the link ends, the viewer leaves the room, and its laptop is not asked about again. */
  deny(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    if (entry.fingerprint) this.#denied.add(entry.fingerprint);
    this.#refuse(entry, "denied");
  }

  /** Remove: the viewer leaves the room whatever its state; if its laptop comes back, it is asked about. */
  remove(id: string): void {
    const entry = this.#entries.get(id);
    if (entry?.fingerprint) {
      this.#allowed.delete(entry.fingerprint);
      this.#revoked.add(entry.fingerprint);
    }
    const link = entry?.link ?? this.#broadcast.linkTo(id);
    this.#farewell(link, { t: "access", state: "removed" }, id);
  }

  #attach(id: string, link: PeerLink): void {
    const entry = this.#entry(id);
    entry.link = link;
    entry.sas = undefined;
    // A new link starts the question again, with new words; a denied laptop is turned away again on its answer.
    if (entry.member.status !== "verified") {
      this.#set(entry, { status: "connecting", refusal: undefined, words: undefined, askedAt: undefined });
    }
    link.on("fingerprint", (fp) => entry.link === link && this.#onFingerprint(entry, link, fp));
    link.on("connected", () => entry.link === link && this.#onConnected(entry, link));
    link.on("message", (msg) => entry.link === link && void this.#onMessage(entry, link, msg));
    link.on("closed", (end) => entry.link === link && this.#onClosed(entry, end));
  }

  #onFingerprint(entry: Entry, link: PeerLink, fingerprint: string): void {
    if (entry.fingerprint !== undefined && entry.fingerprint !== fingerprint) {
      // The same socket answers with another certificate on a new link: nothing it was trusted for carries over.
      entry.member = { ...entry.member, status: "connecting", how: undefined };
    }
    entry.fingerprint = fingerprint;
    const code = this.#session.code;
    const qr = code ? this.#d.qrLaptop(code) : undefined;
    entry.member = { ...entry.member, notScanned: qr !== undefined && qr !== fingerprint };
    const how = this.#trust(fingerprint, qr);
    if (this.#denied.has(fingerprint)) this.#refuse(entry, "denied");
    else if (how) this.#verify(entry, how);
    else if (entry.member.status === "verified") this.#set(entry, { status: "connecting", how: undefined });
    else this.emit("change");
    if (link.connected) this.#onConnected(entry, link);
    this.#makeRoom();
  }

  #trust(fingerprint: string, qr: string | undefined): TrustReason | undefined {
    if (this.#revoked.has(fingerprint)) return undefined;
    if (fingerprint === qr) return "qr";
    if (this.#allowed.has(fingerprint)) return "allowed";
    if (this.#d.isRemembered(fingerprint)) return "remembered";
    return undefined;
  }

  #onConnected(entry: Entry, link: PeerLink): void {
    if (entry.member.status === "verified") link.send({ t: "access", state: "verified" });
  }

  async #onMessage(entry: Entry, link: PeerLink, msg: LinkMessage): Promise<void> {
    if (msg.t !== "sas-commit" && msg.t !== "sas-reveal") return;
    const fingerprints = { camera: link.localFingerprint, viewer: link.remoteFingerprint };
    if (!fingerprints.camera || !fingerprints.viewer) return this.#refuse(entry, "unverifiable");
    entry.sas ??= new CameraSas({ camera: fingerprints.camera, viewer: fingerprints.viewer });
    const sas = entry.sas;
    if (msg.t === "sas-commit") {
      const reply = sas.onCommit(msg);
      if (!reply.ok) return this.#refuse(entry, "exchange");
      link.send(reply.nonce);
      return;
    }
    const result = await sas.onReveal(msg);
    if (entry.link !== link || link.closed) return;
    if (!result.ok) return this.#refuse(entry, "exchange");
    if (entry.member.status !== "connecting") return;
    // Only now is there something for the holder to compare: ask.
    const askedAt = this.#now();
    this.#set(entry, { status: "pending", words: result.words, askedAt });
    link.send({ t: "access", state: "pending" });
    clearTimeout(entry.timer);
    entry.timer = setTimeout(
      () => entry.member.status === "pending" && this.#refuse(entry, "expired"),
      REQUEST_TIMEOUT_MS,
    );
  }

  #onClosed(entry: Entry, end: LinkEnd): void {
    clearTimeout(entry.timer);
    entry.link = undefined;
    entry.sas = undefined;
    if (end.reason === "unverified") this.#set(entry, { status: "refused", refusal: "unverifiable" });
    // Asked and gone before an answer: the question goes away; a new link asks again with new words.
    else if (entry.member.status === "pending") this.#set(entry, { status: "connecting", words: undefined });
    else this.emit("change");
  }

  #verify(entry: Entry, how: TrustReason): void {
    clearTimeout(entry.timer);
    // Known for the rest of the page's life, also under a new code after a server restart (the QR link named
    // the old one).
    if (entry.fingerprint) this.#allowed.add(entry.fingerprint);
    // Before the change goes out: the page reads the streaming count from the links.
    entry.link?.allowMedia(true);
    this.#set(entry, { status: "verified", how, words: undefined, askedAt: undefined, refusal: undefined });
  }

  #refuse(entry: Entry, refusal: Refusal): void {
    clearTimeout(entry.timer);
    entry.link?.allowMedia(false);
    this.#set(entry, { status: "refused", refusal, words: undefined, askedAt: undefined });
    this.#farewell(entry.link, { t: "access", state: "denied" }, entry.member.id);
  }

  /** Says why on the data channel, then closes the link and takes the viewer out of the room. */
  #farewell(link: PeerLink | undefined, msg: LinkMessage, id: string): void {
    link?.allowMedia(false);
    const said = link?.send(msg) ?? false;
    setTimeout(
      () => {
        link?.close();
        void this.#session.removePeer(id);
      },
      said ? FAREWELL_MS : 0,
    );
  }

  #entry(id: string): Entry {
    let entry = this.#entries.get(id);
    if (!entry) {
      entry = {
        member: newMember(id),
        joinedAt: this.#now(),
        link: undefined,
        fingerprint: undefined,
        sas: undefined,
        timer: undefined,
      };
      this.#entries.set(id, entry);
    }
    return entry;
  }

  #set(entry: Entry, patch: Partial<Member>): void {
    entry.member = { ...entry.member, ...patch };
    this.emit("change");
  }

  /** Follows the room's members: one entry per viewer; makes room for the QR laptop when the room is full. */
  #sync(notify = true): void {
    const viewers = this.#session.members.filter((p) => p.type === "viewer").map((p) => p.id);
    const present = new Set(viewers);
    let changed = false;
    for (const [id, entry] of this.#entries) {
      if (present.has(id)) continue;
      clearTimeout(entry.timer);
      this.#entries.delete(id);
      changed = true;
    }
    for (const id of viewers) {
      if (!this.#entries.has(id)) {
        this.#entry(id);
        changed = true;
      }
    }
    if (!notify) return;
    if (changed) this.emit("change");
    this.#makeRoom();
  }

  /**
   * A camera opened from a QR link keeps a slot for that laptop: when the room is full and the laptop is not in
   * it, the oldest viewer nobody verified leaves (room-space.ts).
   */
  #makeRoom(): void {
    clearTimeout(this.#roomCheck);
    const code = this.#session.code;
    const qr = code ? this.#d.qrLaptop(code) : undefined;
    if (!qr) return;
    const viewers = [...this.#entries.values()].map((e) => ({
      id: e.member.id,
      joinedAt: e.joinedAt,
      verified: e.member.status === "verified",
      fingerprint: e.fingerprint,
    }));
    const { drop, recheckInMs } = roomCheck(viewers, qr, this.#d.maxViewers(), this.#now());
    if (drop) this.remove(drop);
    else if (recheckInMs !== undefined) this.#roomCheck = setTimeout(() => this.#makeRoom(), recheckInMs);
  }
}
