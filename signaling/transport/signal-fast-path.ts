// The hot path for `offer` / `answer` / `ice_candidate` sent without an ack to one member on this process: the
// packet text is parsed and validated here, the packet for the target is written to its connection already
// encoded, and Socket.IO's packet objects, emitters and encoder are skipped on both sides. Everything else
// (acks, broadcasts without `to`, members on another process, every refusal) takes the ordinary path of
// signal-relay.ts, which the same validation and the same outgoing shape (outgoingSignal) serve.
//
// What it keeps, and how:
// - The event budget and the flood defences: the decoder (json-only-parser.ts) judges every packet before it
//   comes here, and only admitted ones do.
// - The slow-reader cap and the order of a connection's packets: the packet goes out through writeEncoded
//   (engine-guards.ts), which writes to the websocket at once when nothing waits in Engine.IO's buffer and
//   joins that buffer otherwise, and checks the cap either way.
// - Order: the ordinary path handles an event one tick after decoding (Client.ondecoded defers to
//   process.nextTick, then the routing middleware of handlers.ts runs at once); the hot path delivers at the same
//   depth, so packets of one connection are handled in the order they came whichever path each takes.
// - The contract: the room is the sender's room in server state, `to` must be another member of it, `from` is
//   the sender's id, unknown fields are dropped (validate.ts), and the bytes on the wire are the ordinary path's
//   (the same object from outgoingSignal, encoded as JsonOnlyEncoder encodes it).
import type { HandlerContext } from "../rooms/context.js";
import { writeEncoded } from "./engine-socket.js";
import { SIGNAL_EVENTS, type SignalEvent, type SignalPayloads } from "../protocol.js";
import { outgoingSignal, relaySignal } from "../rooms/signal-relay.js";
import type { SignalingSocket } from "../types.js";
import { isValidSignal } from "../rooms/validate.js";

/** `2["offer",…`: an EVENT packet (type 2) on the main namespace with no ack id, for each signal event. */
const PREFIXES = SIGNAL_EVENTS.map((event) => ({ event, prefix: `2["${event}",` }));

export class SignalFastPath {
  constructor(
    private readonly ctx: HandlerContext,
    private readonly socket: SignalingSocket,
  ) {}

  /**
   * Takes one admitted packet's text if it is a signal this path handles, and says so; a false answer leaves
   * the packet to the ordinary decoder untouched.
   */
  take(text: string): boolean {
    const event = signalEventOf(text);
    if (event === undefined) return false;
    let data: unknown;
    try {
      data = JSON.parse(text.slice(1));
    } catch {
      return false; // the ordinary decoder refuses it as Socket.IO does
    }
    if (!Array.isArray(data) || data.length !== 2) return false;
    const payload: unknown = data[1];
    if (!isValidSignal(event, payload)) return false; // refused on the ordinary path, with its message
    process.nextTick(deliverLater, this, event, payload);
    return true;
  }

  /** One tick after decoding, as the ordinary path would handle it. */
  deliver(event: SignalEvent, msg: SignalPayloads[SignalEvent]): void {
    const { ctx, socket } = this;
    if (!socket.connected) return; // Socket.IO ignores packets received after the disconnection
    const code = socket.data.code;
    const to = msg.to;
    const target =
      code !== undefined && msg.room_code === code && to !== undefined && to !== socket.id
        ? ctx.io.sockets.sockets.get(to)
        : undefined;
    if (target === undefined || target.data.code !== code) {
      // Not in a room, another room, no `to`, itself, or not on this process: the ordinary rule decides.
      relaySignal(ctx, socket, event, [msg]);
      return;
    }
    writeEncoded(target.conn, `2${JSON.stringify([event, outgoingSignal(event, code!, msg, socket.id)])}`);
    ctx.metrics.forwarded(event);
  }
}

function deliverLater(path: SignalFastPath, event: SignalEvent, msg: SignalPayloads[SignalEvent]): void {
  path.deliver(event, msg);
}

function signalEventOf(text: string): SignalEvent | undefined {
  // '2' then '[': anything else (another type, an ack id, a namespace) is not for this path.
  if (text.charCodeAt(0) !== 50 || text.charCodeAt(1) !== 91) return undefined;
  for (const { event, prefix } of PREFIXES) if (text.startsWith(prefix)) return event;
  return undefined;
}
