// One probe connection between two devices, over whatever carries their signals (the signaling room): the
// offering side opens a data channel and sends "ping", the answering side replies "pong", and each side then
// reads the candidate pair it uses. When ICE finds no path, it says why from what both sides offered.
import { countCandidates, iceServerUrls } from "./candidates.js";
import { describeRoute, explainNoPath, relayTroubleFrom } from "./path-words.js";
import { classifyRoute, findSelectedPair, type Route } from "./selected-pair.js";

/** How the probe's messages reach the other device. `offer` rejects when the server refuses to forward it. */
export interface ProbeSignals {
  offer(sdp: RTCSessionDescriptionInit): Promise<void>;
  answer(sdp: RTCSessionDescriptionInit): void;
  candidate(candidate: RTCIceCandidateInit): void;
}

export type ProbeOutcome = { ok: true; route: Route; words: string; pingMs?: number } | { ok: false; words: string };

/** The probe's data channel, by name, so the answering side knows the offer is a probe and not the app's. */
export const PROBE_CHANNEL = "codecam-path-check";

/**
 * A probe's offer carries a data channel and no media (one `m=application` line); the app's camera offers video,
 * and /socket-test's "Send test offer" a fake video line. Only a probe's offer is answered.
 */
export function isProbeOffer(sdp: string): boolean {
  const media = sdp.match(/^m=\w+/gm) ?? [];
  return media.length > 0 && media.every((line) => line === "m=application");
}

/** How long a probe waits for a path before it gives up and explains. */
export const PROBE_TIMEOUT_MS = 20_000;

/** Thrown into `result` when the session was closed before it had one (replaced, or the peer left). */
export class ProbeClosed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "ProbeClosed";
  }
}

export class PathProbe {
  readonly result: Promise<ProbeOutcome>;
  readonly #pc: RTCPeerConnection;
  readonly #signals: ProbeSignals;
  readonly #local: string[] = [];
  readonly #remote: string[] = [];
  readonly #pending: RTCIceCandidateInit[] = [];
  readonly #errors: Array<{ url: string; errorCode: number }> = [];
  readonly #config: RTCConfiguration;
  #answered = false;
  #settle!: (outcome: ProbeOutcome) => void;
  #fail!: (err: Error) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #done = false;

  constructor(config: RTCConfiguration, signals: ProbeSignals, timeoutMs = PROBE_TIMEOUT_MS) {
    this.#config = config;
    this.#signals = signals;
    this.#pc = new RTCPeerConnection(config);
    this.result = new Promise((resolve, reject) => {
      this.#settle = resolve;
      this.#fail = reject;
    });
    // Nobody may be listening yet when a ProbeClosed lands; the caller reads it through `result` when it does.
    this.result.catch(() => {});
    this.#pc.addEventListener("icecandidate", ({ candidate }) => {
      if (!candidate) return;
      if (candidate.candidate) this.#local.push(candidate.candidate);
      this.#signals.candidate(candidate.toJSON());
    });
    this.#pc.addEventListener("icecandidateerror", (event) => {
      const e = event as RTCPeerConnectionIceErrorEvent;
      this.#errors.push({ url: e.url ?? "", errorCode: e.errorCode });
    });
    this.#pc.addEventListener("connectionstatechange", () => {
      if (this.#pc.connectionState === "failed") this.#noPath();
    });
    this.#timer = setTimeout(() => this.#noPath(), timeoutMs);
  }

  /** The offering side: opens the probe channel, sends the offer, and pings once the channel opens. */
  async start(): Promise<ProbeOutcome> {
    if (this.#done) return this.result;
    const channel = this.#pc.createDataChannel(PROBE_CHANNEL);
    let sentAt = 0;
    channel.addEventListener("open", () => {
      sentAt = performance.now();
      channel.send("ping");
    });
    channel.addEventListener("message", (event) => {
      if (event.data === "pong") void this.#connected(performance.now() - sentAt);
    });
    try {
      await this.#pc.setLocalDescription();
      await this.#signals.offer(this.#pc.localDescription!.toJSON());
    } catch (err) {
      this.#finish({ ok: false, words: `no path: ${err instanceof Error ? err.message : String(err)}` });
    }
    return this.result;
  }

  /** The answering side: answers a probe's `offer` (see isProbeOffer) and replies to its ping. */
  async answerOffer(offer: RTCSessionDescriptionInit): Promise<ProbeOutcome> {
    if (this.#done) return this.result;
    this.#answered = true;
    this.#pc.addEventListener("datachannel", ({ channel }) => {
      if (channel.label !== PROBE_CHANNEL) return;
      channel.addEventListener("message", (event) => {
        if (event.data !== "ping") return;
        channel.send("pong");
        void this.#connected();
      });
    });
    try {
      await this.#pc.setRemoteDescription(offer);
      this.#flushCandidates();
      await this.#pc.setLocalDescription();
      this.#signals.answer(this.#pc.localDescription!.toJSON());
    } catch (err) {
      this.#finish({ ok: false, words: `no path: this device could not answer (${errorText(err)})` });
    }
    return this.result;
  }

  async acceptAnswer(answer: RTCSessionDescriptionInit): Promise<void> {
    if (this.#done || this.#pc.signalingState !== "have-local-offer") return;
    this.#answered = true;
    await this.#pc.setRemoteDescription(answer);
    this.#flushCandidates();
  }

  /** A candidate from the other device; kept until the description it belongs to is applied. */
  addRemoteCandidate(candidate: RTCIceCandidateInit): void {
    if (candidate.candidate) this.#remote.push(candidate.candidate);
    if (this.#done) return;
    if (this.#pc.remoteDescription) void this.#pc.addIceCandidate(candidate).catch(() => {});
    else this.#pending.push(candidate);
  }

  /** Ends the probe. Without a result yet, `result` rejects with ProbeClosed(reason). */
  close(reason = "closed"): void {
    if (!this.#done) {
      this.#done = true;
      clearTimeout(this.#timer);
      this.#fail(new ProbeClosed(reason));
    }
    this.#pc.close();
  }

  #flushCandidates(): void {
    for (const c of this.#pending.splice(0)) void this.#pc.addIceCandidate(c).catch(() => {});
  }

  /** The path works: read which pair carries it (Chromium may need a moment to report it). */
  async #connected(pingMs?: number): Promise<void> {
    for (let attempt = 0; attempt < 10 && !this.#done; attempt++) {
      const pair = findSelectedPair((await this.#pc.getStats()).values());
      if (pair) {
        const route = classifyRoute(pair);
        const rounded = pingMs === undefined ? undefined : Math.round(pingMs);
        this.#finish({
          ok: true,
          route,
          words: describeRoute(route, pair),
          ...(rounded === undefined ? {} : { pingMs: rounded }),
        });
        return;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    this.#finish({ ok: true, route: "lan", words: "connected, but the browser did not say which path it used" });
  }

  #noPath(): void {
    if (this.#done) return;
    const turnConfigured = iceServerUrls(this.#config.iceServers).turn.length > 0;
    const local = countCandidates(this.#local);
    this.#finish({
      ok: false,
      words: explainNoPath({
        answered: this.#answered,
        local,
        remote: countCandidates(this.#remote),
        turnConfigured,
        ...(turnConfigured && local.relay === 0 ? { relayTrouble: relayTroubleFrom(this.#errors) } : {}),
        relayOnly: this.#config.iceTransportPolicy === "relay",
      }),
    });
  }

  #finish(outcome: ProbeOutcome): void {
    if (this.#done) return;
    this.#done = true;
    clearTimeout(this.#timer);
    this.#settle(outcome);
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
