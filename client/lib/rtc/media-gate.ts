// The sending side's tracks on one link, and the gate in front of them (design of issue 16, "Media gating"):
// a link to a peer nobody has allowed has its senders but no track on any of them, so not one RTP packet of
// camera or microphone reaches it. setTrack() records what to send; allow() puts it on the senders.
import type Peer from "@thaunknown/simple-peer";

export type TrackKind = "audio" | "video";

/** The sending side's options of a link (PeerLinkOptions). */
export interface MediaGateOptions {
  /**
   * Kinds to send from the start (the camera's video): their senders exist before the tracks do, so the first
   * offer already carries them and setTrack() later fills them in without another offer/answer round.
   */
  sends?: readonly TrackKind[];
  /**
   * No track goes on any sender until allowMedia(true), so a peer nobody has allowed gets no RTP at all;
   * setTrack() only records what to send (design of issue 16, "Media gating").
   */
  gated?: boolean;
  /** Called with each sender as it is made, before it carries a track (the delay's encoded transform). */
  onSender?: (kind: TrackKind, sender: RTCRtpSender) => void;
}

export class MediaGate {
  readonly #peer: Peer;
  /** Names the sent tracks' stream in the SDP (msid): the remote page gets them as one stream. */
  readonly #stream: MediaStream;
  readonly #senders = new Map<TrackKind, RTCRtpSender>();
  /** What setTrack() asked for, per kind: on the senders only while allowed. */
  readonly #wanted = new Map<TrackKind, MediaStreamTrack | null>();
  #allowed: boolean;
  readonly #onSender: MediaGateOptions["onSender"];

  constructor(peer: Peer, stream: MediaStream, opts: MediaGateOptions) {
    this.#peer = peer;
    this.#stream = stream;
    this.#allowed = !opts.gated;
    this.#onSender = opts.onSender;
    for (const kind of opts.sends ?? []) this.#sender(kind);
  }

  get allowed(): boolean {
    return this.#allowed;
  }

  /**
   * Sends `track` as the `kind` track while allowed. A kind without a sender yet gets one, which renegotiates
   * (the camera initiates, so simple-peer sends a new offer); the track itself goes in with replaceTrack, which
   * needs none. `null` keeps the sender but sends nothing (microphone off).
   */
  setTrack(kind: TrackKind, track: MediaStreamTrack | null): void {
    if (!track && !this.#senders.has(kind)) return;
    this.#wanted.set(kind, track);
    this.#apply(kind);
  }

  /** The `kind` sender, once made (low delay sets its parameters: rtc/low-delay.ts). */
  senderOf(kind: TrackKind): RTCRtpSender | undefined {
    return this.#senders.get(kind);
  }

  allow(allowed: boolean): void {
    if (this.#allowed === allowed) return;
    this.#allowed = allowed;
    for (const kind of this.#wanted.keys()) this.#apply(kind);
  }

  #apply(kind: TrackKind): void {
    // Always replaceTrack, even when sender.track looks right: it changes only once an earlier call resolves,
    // and replaceTrack calls apply in order, so the last call decides.
    const track = this.#allowed ? (this.#wanted.get(kind) ?? null) : null;
    try {
      this.#sender(kind)
        .replaceTrack(track)
        .catch((err: unknown) => console.warn(`codecam: could not set the ${kind} track`, err));
    } catch (err) {
      console.warn(`codecam: could not add a ${kind} sender`, err);
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
      try {
        this.#onSender?.(kind, sender);
      } catch (err) {
        console.warn(`codecam: the ${kind} sender's observer failed`, err);
      }
    }
    return sender;
  }
}
