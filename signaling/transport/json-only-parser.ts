// Socket.IO packet coding for a JSON-only protocol: binary attachments are dropped instead of reassembled, and
// outgoing packets are never searched for binary.
import { Decoder, Encoder, type Packet } from "socket.io-parser";
import type { Verdict } from "../guards/event-budget.js";
import { markOverBudget } from "./engine-internals.js";

/** "51-/nsp,7[...]": a binary event (5) or ack (6) that announces 1 attachment. */
const BINARY_HEADER = /^([56])(\d{1,2})-/;
const MAX_ATTACHMENTS = 10;

/**
 * docs/PROTOCOL.md payloads are JSON. The stock decoder reassembles binary packets and closes the connection when
 * one is inconsistent (a placeholder naming an attachment that never comes), so a malformed payload would cut
 * off its sender. This decoder reads a binary packet as the plain packet it wraps, with the placeholders left
 * as plain objects that no payload schema accepts (BAD_REQUEST), and drops the attachment frames that follow.
 */
export class JsonOnlyDecoder extends Decoder {
  #attachmentsToDrop = 0;
  /** While a packet judged "refuse" is decoded: when the budget admits one again. */
  #retryMs: number | undefined;
  /**
   * The connection's event budget (guards/event-budget.ts), set once the socket exists. Socket.IO creates one decoder per
   * connection and feeds it every frame synchronously as the transport reads it, so this is the first place a
   * packet can be judged, and a dropped one is never parsed.
   */
  budget: { judge(): Verdict; msUntilNext(): number } | undefined;
  /** The hot path for signals (signal-fast-path.ts), set with the budget: an admitted packet it takes is not decoded here. */
  fastPath: { take(text: string): boolean } | undefined;

  override add(obj: unknown): void {
    if (typeof obj !== "string") {
      if (this.#attachmentsToDrop > 0) {
        this.#attachmentsToDrop--;
        return;
      }
      super.add(obj); // binary with no binary packet before it: a broken stream, closed as Socket.IO does
      return;
    }
    this.#attachmentsToDrop = 0;
    const header = BINARY_HEADER.exec(obj);
    const count = header ? Number(header[2]) : 0;
    const attachments = header && count >= 1 && count <= MAX_ATTACHMENTS ? count : 0;
    const verdict = this.budget?.judge() ?? "admit";
    if (verdict === "drop") {
      this.#attachmentsToDrop = attachments;
      return;
    }
    if (verdict === "admit" && attachments === 0 && this.fastPath?.take(obj)) return;
    this.#retryMs = verdict === "refuse" ? this.budget!.msUntilNext() : undefined;
    try {
      if (header && attachments > 0) {
        this.#attachmentsToDrop = attachments;
        // EVENT is 2 and ACK is 3: the binary types minus three.
        super.add(`${Number(header[1]) - 3}${obj.slice(header[0].length)}`);
        return;
      }
      super.add(obj);
    } finally {
      this.#retryMs = undefined;
    }
  }

  constructor() {
    super();
    // Registered before Socket.IO's own listener, so every decoded packet passes here first (synchronously,
    // inside add). The parser emits through Emitter's method directly, so overriding emitReserved would not see it.
    // One function for every decoder (the emitter calls it with the decoder as `this`), not a closure each.
    this.on("decoded", markDecoded);
  }

  /** See markDecoded. */
  mark(packet: Packet): void {
    // The stock decoder reads any run of digits as the ack id, so 400 of them become Infinity and the reply
    // would go out as "43Infinity[...]". An id that is not a safe integer is no ack: the handler answers with
    // an event instead, as it does for a client that asked for none.
    if (packet.id !== undefined && !(Number.isSafeInteger(packet.id) && packet.id >= 0)) delete packet.id;
    if (this.#retryMs !== undefined) markOverBudget(packet, this.#retryMs);
  }
}

function markDecoded(this: JsonOnlyDecoder, packet: Packet): void {
  this.mark(packet);
}

/**
 * The text of an EVENT packet on the main namespace without an ack id: exactly what JsonOnlyEncoder makes of
 * `{ type: 2, nsp: "/", data: [event, payload] }`. The signal hot path writes it to a connection directly.
 */
export function encodeEvent(event: string, payload: unknown): string {
  return `2${JSON.stringify([event, payload])}`;
}

/**
 * Everything the server sends is JSON it built itself (validated strings, numbers, ids), so the stock encoder's
 * deep search for binary values in every outgoing packet finds nothing and only costs time on each forward.
 * Produces the same text as the stock encoder for a packet without binary.
 */
class JsonOnlyEncoder extends Encoder {
  override encode(packet: Packet): string[] {
    let text = String(packet.type);
    if (packet.nsp && packet.nsp !== "/") text += `${packet.nsp},`;
    if (packet.id !== undefined && packet.id !== null) text += packet.id;
    if (packet.data !== undefined && packet.data !== null) text += JSON.stringify(packet.data);
    return [text];
  }
}

export const jsonOnlyParser = { Encoder: JsonOnlyEncoder, Decoder: JsonOnlyDecoder };
