// The hot path for `offer` / `answer` / `ice_candidate` sent without an ack to one member on this process: the
// packet text is parsed and validated here, the packet for the target is written to its connection already
// encoded, and Socket.IO's packet objects, emitters and encoder are skipped on both sides. Everything else
// (acks, broadcasts without `to`, members on another process, every refusal) takes the ordinary path of
// signal-relay.ts, which the same validation and the same outgoing shape (outgoingSignal) serve.
//
// What it keeps, and how:
// - The event budget and the flood defences: the decoder (json-only-parser.ts) judges every packet before it
//   comes here, and only admitted ones do.
// - The slow-reader cap: the packet goes out through Engine.IO's write (writeToEngine, as Socket.IO's adapter
//   sends broadcasts), which emits "packetCreate" for capQueuedBytes like any other packet.
// - Order: Socket.IO runs a handler two ticks after decoding (Client.ondecoded, then Socket.dispatch, each
//   process.nextTick); the hot path delivers at the same depth, so packets of one connection are handled in the
//   order they came whichever path each takes.
// - The contract: the room is the sender's room in server state, `to` must be another member of it, `from` is
//   the sender's id, unknown fields are dropped (validate.ts), and the bytes on the wire are the ordinary path's
//   (the same object from outgoingSignal, encoded as JsonOnlyEncoder encodes it).
import type { HandlerContext } from "./context.js";
import { SIGNAL_EVENTS, type SignalEvent, type SignalPayloads } from "./protocol.js";
import { outgoingSignal, relaySignal } from "./signal-relay.js";
import type { SignalingSocket } from "./types.js";
import { isValidSignal } from "./validate.js";

/** `2["offer",…`: an EVENT packet (type 2) on the main namespace with no ack id, for each signal event. */
const PREFIXES = SIGNAL_EVENTS.map((event) => ({ event, prefix: `2["${event}",` }));

/** The parts of Socket.IO's Client used to write an encoded packet (as its in-memory adapter does). */
interface EngineWriter {
  conn: { readyState: string };
  writeToEngine(encoded: string[], opts: { preEncoded: boolean }): void;
}

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

  /** Two ticks after decoding, as Socket.IO would call the handler. */
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
    const client = target.client as unknown as EngineWriter;
    if (client.conn.readyState === "open") {
      client.writeToEngine([`2${JSON.stringify([event, outgoingSignal(event, code!, msg, socket.id)])}`], {
        preEncoded: true,
      });
    }
    ctx.metrics.forwarded(event);
  }
}

function deliverLater(path: SignalFastPath, event: SignalEvent, msg: SignalPayloads[SignalEvent]): void {
  process.nextTick(() => path.deliver(event, msg));
}

function signalEventOf(text: string): SignalEvent | undefined {
  // '2' then '[': anything else (another type, an ack id, a namespace) is not for this path.
  if (text.charCodeAt(0) !== 50 || text.charCodeAt(1) !== 91) return undefined;
  for (const { event, prefix } of PREFIXES) if (text.startsWith(prefix)) return event;
  return undefined;
}
