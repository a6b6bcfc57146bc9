// The hot path's front for `offer` / `answer` / `ice_candidate` sent without an ack: the decoder hands it each
// admitted packet's text, and a signal it recognises is parsed and validated here and relayed by
// rooms/signal-relay.ts (relayFastSignal), skipping Socket.IO's packet objects, emitters and encoder. Anything
// else (another event, an ack id, a namespace, a payload that fails validation) is left to the ordinary decoder,
// which refuses it as Socket.IO does, with the ordinary path's message. rooms/signal-relay.ts walks the whole path.
import type { HandlerContext } from "../rooms/context.js";
import { relayFastSignal } from "../rooms/signal-relay.js";
import { isValidSignal } from "../rooms/validate.js";
import { SIGNAL_EVENTS, type SignalEvent, type SignalPayloads } from "../protocol.js";
import type { SignalingSocket } from "../types.js";

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
    // The ordinary path handles an event one tick after decoding (Client.ondecoded defers to process.nextTick,
    // then the routing middleware of rooms/handlers.ts runs at once): the same depth keeps a connection's
    // packets in the order they came, whichever path each takes.
    process.nextTick(deliverLater, this, event, payload);
    return true;
  }

  deliver(event: SignalEvent, msg: SignalPayloads[SignalEvent]): void {
    relayFastSignal(this.ctx, this.socket, event, msg);
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
