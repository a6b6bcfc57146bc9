// The signaling server's checks, each `{ name, run(log) }`: together they walk one pairing through the server
// (connect, ping, issue a code, camera and viewer join, relay an offer, leave) on connections of their own.
import type { Socket } from "socket.io-client";
import type {
  ClientToServerEvents,
  GeneratedCode,
  JoinRoomReply,
  JoinRoomSuccess,
  LeaveRoomReply,
  Offer,
  PeerInfo,
  Pong,
  Relayed,
  ServerToClientEvents,
  SignalReply,
} from "../../signaling/protocol.js";
import { emitWithAck } from "./ack.js";
import type { Check } from "./check.js";
import { formatWireError } from "./describe.js";
import { buildTestOffer } from "./fake-offer.js";

type CheckSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CheckDeps {
  /** Opens a new signaling connection (connecting at once). */
  connect: () => CheckSocket;
  requestCode: () => Promise<GeneratedCode>;
  /** The longest any one step waits for the server. */
  timeoutMs?: number;
}

/** One chain, in the order it runs: later checks use what earlier ones set up. `close()` ends their connections. */
export function createServerChecks(deps: CheckDeps): { checks: Check[]; close: () => void } {
  const timeoutMs = deps.timeoutMs ?? 5_000;
  const sockets: CheckSocket[] = [];
  let camera: CheckSocket | undefined;
  let viewer: CheckSocket | undefined;
  let code: string | undefined;

  const open = async (): Promise<CheckSocket> => {
    const socket = deps.connect();
    sockets.push(socket);
    await waitFor(socket, "connect", timeoutMs);
    return socket;
  };
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`needs ${what} from an earlier check`);
    return value;
  };
  const join = async (socket: CheckSocket, type: "camera" | "viewer"): Promise<JoinRoomSuccess> => {
    const request = { code: need(code, "a code"), type };
    const { reply } = await emitWithAck<JoinRoomReply>(
      "join_room",
      (ack) => socket.emit("join_room", request, ack),
      timeoutMs,
    );
    if (!reply.ok) throw new Error(formatWireError(reply.error));
    return reply;
  };

  const checks: Check[] = [
    {
      name: "Connect to the signaling server",
      async run(log) {
        camera = await open();
        const transport = camera.io.engine.transport.name;
        log(`connected as ${camera.id} over ${transport}`);
        return `over ${transport}`;
      },
    },
    {
      name: "Ping round trip",
      async run() {
        const socket = need(camera, "a connection");
        const { reply, roundTripMs } = await emitWithAck<Pong>("ping", (ack) => socket.emit("ping", ack), timeoutMs);
        if (reply.message !== "Pong!") throw new Error(`unexpected pong ${JSON.stringify(reply)}`);
        return `${roundTripMs.toFixed(1)} ms`;
      },
    },
    {
      name: "Issue a code (POST /api/code/generate)",
      async run(log) {
        const issued = await deps.requestCode();
        code = issued.code;
        log(`code ${code}, joinable for ${issued.ttlSeconds} s`);
        return `code ${code}`;
      },
    },
    {
      name: "Join as the camera",
      async run() {
        const reply = await join(need(camera, "a connection"), "camera");
        if (reply.peers.length !== 0) throw new Error(`a fresh code already has ${reply.peers.length} members`);
        return `in ${reply.code}, alone`;
      },
    },
    {
      name: "Join as a viewer on a second connection",
      async run(log) {
        viewer = await open();
        const announced = waitFor<PeerInfo>(need(camera, "the camera"), "peer_joined", timeoutMs);
        const reply = await join(viewer, "viewer");
        const cameraId = need(camera, "the camera").id;
        if (!reply.peers.some((p) => p.id === cameraId && p.type === "camera")) {
          throw new Error("the viewer's peer list does not name the camera");
        }
        const peer = await announced;
        if (peer.id !== viewer.id) throw new Error(`the camera heard of ${peer.id}, not the viewer ${viewer.id}`);
        log(`viewer ${viewer.id} joined; the camera was told`);
        return "the camera heard peer_joined";
      },
    },
    {
      name: "Relay an offer from the camera to the viewer",
      async run() {
        const from = need(camera, "the camera");
        const to = need(viewer, "a viewer");
        const received = waitFor<Relayed<Offer>>(to, "offer", timeoutMs);
        const message = { room_code: need(code, "a code"), offer: buildTestOffer(), to: need(to.id, "the viewer id") };
        const { reply } = await emitWithAck<SignalReply>("offer", (ack) => from.emit("offer", message, ack), timeoutMs);
        if (!reply.ok) throw new Error(formatWireError(reply.error));
        const relayed = await received;
        if (relayed.from !== from.id) throw new Error(`the offer arrived from ${relayed.from}, not ${from.id}`);
        if (relayed.offer.sdp !== message.offer.sdp) throw new Error("the SDP changed on the way");
        return `arrived with from = ${relayed.from}`;
      },
    },
    {
      name: "Leave the room",
      async run() {
        const socket = need(camera, "the camera");
        const announced = waitFor<PeerInfo>(need(viewer, "a viewer"), "peer_left", timeoutMs);
        const { reply } = await emitWithAck<LeaveRoomReply>(
          "leave_room",
          (ack) => socket.emit("leave_room", { code: need(code, "a code") }, ack),
          timeoutMs,
        );
        if (!reply.ok) throw new Error(formatWireError(reply.error));
        const peer = await announced;
        if (peer.id !== socket.id) throw new Error(`the viewer heard ${peer.id} leave, not the camera`);
        return "the viewer heard peer_left";
      },
    },
  ];

  return {
    checks,
    close() {
      for (const s of sockets.splice(0)) s.disconnect();
      camera = viewer = code = undefined;
    },
  };
}

/** The next `event` on `socket` (its first argument), or an Error after `timeoutMs`. */
function waitFor<T = void>(socket: CheckSocket, event: string, timeoutMs: number): Promise<T> {
  // The event name is a parameter here, so the typed map cannot follow it; callers name the payload type.
  const untyped = socket as unknown as {
    once(event: string, listener: (value: T) => void): void;
    off(event: string, listener: (value: T) => void): void;
  };
  return new Promise((resolve, reject) => {
    const listener = (value: T) => {
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => {
      untyped.off(event, listener);
      reject(new Error(`no ${event} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    untyped.once(event, listener);
  });
}
