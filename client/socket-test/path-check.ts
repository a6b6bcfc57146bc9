// The check between two devices that both opened /socket-test and joined one code (Room panel): this device
// offers a probe connection to the other over the signaling room (offer, answer and ice_candidate, each with
// `to`), and the other answers it by itself and shows the result in its own list. The verdict names the path:
// direct on the LAN, through the TURN relay, or no path and why.
import type { Answer, IceCandidate, Offer, Relayed, Role, SignalReply } from "../../signaling/protocol.js";
import {
  isProbeOffer,
  PathProbe,
  ProbeClosed,
  type ProbeOutcome,
  type ProbeSignals,
} from "../lib/diagnostics/path-probe.js";
import type { SignalingSocket } from "../lib/room/signaling.js";
import { emitWithAck } from "./ack.js";
import { type Check, CheckSkipped, type CheckLog, type CheckOutcome } from "./check.js";
import { formatWireError } from "./describe.js";
import type { Membership } from "./state.js";

export const PATH_CHECK_NAME = "Peer-to-peer path to the other device";

/** How long the answering side keeps its probe open after the verdict, so the last message gets across. */
const ANSWER_LINGER_MS = 5_000;

export interface PathCheckDeps {
  /** The page's own socket: the one the Room panel joins with. */
  socket: SignalingSocket;
  room: () => Membership | undefined;
  rtcConfig: (code: string) => Promise<RTCConfiguration>;
  /** Lines for the event log when this device answers a check the other one started. */
  log: CheckLog;
  /** The row's status when this device answers a check the other one started. */
  report: (status: CheckOutcome, detail: string) => void;
  ackTimeoutMs: number;
  probeTimeoutMs?: number;
}

/** The check, and the socket listeners that answer the other device's probes (registered here, once). */
export function createPathCheck(deps: PathCheckDeps): Check {
  const { socket } = deps;
  // One probe per peer; a promise, because an answering probe first fetches its RTCConfiguration and the peer's
  // candidates must queue behind it in order.
  const probes = new Map<string, Promise<PathProbe>>();
  // Peers this device is offering a probe to now: a probe of theirs that crosses ours is settled by role.
  const offering = new Set<string>();

  const signalsTo = (peer: string, code: string): ProbeSignals => ({
    async offer(sdp) {
      const message: Offer = { room_code: code, offer: { type: "offer", sdp: sdp.sdp ?? "" }, to: peer };
      const { reply } = await emitWithAck<SignalReply>(
        "offer",
        (ack) => socket.emit("offer", message, ack),
        deps.ackTimeoutMs,
      );
      if (!reply.ok) throw new Error(`the server did not forward the offer: ${formatWireError(reply.error)}`);
    },
    answer(sdp) {
      const message: Answer = { room_code: code, answer: { type: "answer", sdp: sdp.sdp ?? "" }, to: peer };
      socket.emit("answer", message);
    },
    candidate(c) {
      const message: IceCandidate = {
        room_code: code,
        candidate: {
          candidate: c.candidate ?? "",
          sdpMid: c.sdpMid ?? null,
          sdpMLineIndex: c.sdpMLineIndex ?? null,
          usernameFragment: c.usernameFragment ?? null,
        },
        to: peer,
      };
      socket.emit("ice_candidate", message);
    },
  });

  const open = (peer: string, make: () => Promise<PathProbe>): Promise<PathProbe> => {
    void probes.get(peer)?.then((old) => old.close("replaced"));
    const probe = make();
    probes.set(peer, probe);
    return probe;
  };
  const closeAll = (reason: string) => {
    for (const probe of probes.values()) void probe.then((p) => p.close(reason)).catch(() => {});
    for (const peer of [...probes.keys()]) probes.delete(peer);
  };

  socket.on("offer", (msg: Relayed<Offer>) => void answerProbe(msg));
  socket.on("answer", (msg: Relayed<Answer>) => {
    void probes
      .get(msg.from)
      ?.then((p) => p.acceptAnswer(msg.answer))
      .catch(() => {});
  });
  socket.on("ice_candidate", (msg: Relayed<IceCandidate>) => {
    const candidate: RTCIceCandidateInit = { ...msg.candidate };
    void probes.get(msg.from)?.then((p) => p.addRemoteCandidate(candidate));
  });
  socket.on("peer_left", (peer) => {
    void probes.get(peer.id)?.then((p) => p.close("the other device left the room"));
    probes.delete(peer.id);
  });
  socket.on("disconnect", () => closeAll("this page lost its connection to the server"));

  async function answerProbe(msg: Relayed<Offer>): Promise<void> {
    const room = deps.room();
    // Only the other /socket-test's probes: a real camera's offer (or a test offer) stays a line in the log.
    if (!room || !isProbeOffer(msg.offer.sdp)) return;
    const role = room.peers.get(msg.from) ?? "peer";
    // Both pressed at once: the camera's probe goes on, as the camera makes the offers in the app (PROTOCOL.md);
    // the viewer drops its own and answers (its check then reports this one).
    if (offering.has(msg.from) && room.role === "camera") {
      deps.log(`ignored the ${role}'s offer: this device's own path check to it is under way`);
      return;
    }
    deps.report("running", `answering a path check from the ${role}`);
    deps.log(`answering a path check from the ${role} ${msg.from}`);
    const probe = open(
      msg.from,
      async () => new PathProbe(await deps.rtcConfig(room.code), signalsTo(msg.from, room.code), deps.probeTimeoutMs),
    );
    try {
      const outcome = await (await probe).answerOffer(msg.offer);
      deps.log(`path to the ${role}: ${outcome.words}`);
      deps.report(outcome.ok ? "passed" : "failed", `${verdict(outcome)} (started by the ${role})`);
    } catch (err) {
      if (err instanceof ProbeClosed && err.message !== "replaced") deps.report("failed", `no path: ${err.message}`);
    } finally {
      setTimeout(() => {
        if (probes.get(msg.from) === probe) probes.delete(msg.from);
        void probe.then((p) => p.close());
      }, ANSWER_LINGER_MS);
    }
  }

  return {
    name: PATH_CHECK_NAME,
    async run(log) {
      const room = deps.room();
      if (!room) {
        throw new CheckSkipped(
          "needs a second device: join one code on both (Room, above), one as camera and one as viewer, then run the checks on either",
        );
      }
      const peer = pickPeer(room);
      if (!peer) {
        const other: Role = room.role === "camera" ? "viewer" : "camera";
        throw new CheckSkipped(
          `nobody else is in ${room.code}: open /socket-test on the other device, Connect, and join ${room.code} as ${other}`,
        );
      }
      log(`probing the ${peer.role} ${peer.id} in ${room.code}`);
      offering.add(peer.id);
      const entry = open(
        peer.id,
        async () => new PathProbe(await deps.rtcConfig(room.code), signalsTo(peer.id, room.code), deps.probeTimeoutMs),
      );
      let outcome: ProbeOutcome;
      try {
        outcome = await (await entry).start();
      } catch (err) {
        const taken = probes.get(peer.id);
        if (!(err instanceof ProbeClosed) || !taken || taken === entry) throw new Error(`no path: ${errorText(err)}`);
        // The other device's probe crossed ours and won: its result is ours too.
        log("the other device started a path check at the same moment; reporting that one");
        outcome = await (await taken).result;
      } finally {
        offering.delete(peer.id);
        void entry.then((p) => p.close());
        if (probes.get(peer.id) === entry) probes.delete(peer.id);
      }
      log(outcome.words);
      if (!outcome.ok) throw new Error(outcome.words);
      return verdict(outcome);
    },
  };
}

/** The member to probe: one of the other role first (camera ↔ viewer, as the app pairs them), else anyone. */
function pickPeer(room: Membership): { id: string; role: Role } | undefined {
  const members = [...room.peers].map(([id, role]) => ({ id, role }));
  return members.find((m) => m.role !== room.role) ?? members[0];
}

function verdict(outcome: ProbeOutcome): string {
  return outcome.ok && outcome.pingMs !== undefined
    ? `${outcome.words} · data channel ping ${outcome.pingMs} ms`
    : outcome.words;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
