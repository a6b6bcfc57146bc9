// Socket.IO packet coding for a JSON-only protocol: binary attachments are dropped instead of reassembled, and
// outgoing packets are never searched for binary.
import { Decoder, Encoder, type Packet } from "socket.io-parser";

/** "51-/nsp,7[...]": a binary event (5) or ack (6) that announces 1 attachment. */
const BINARY_HEADER = /^([56])(\d{1,2})-/;
const MAX_ATTACHMENTS = 10;

/**
 * docs/PROTOCOL.md payloads are JSON. The stock decoder reassembles binary packets and closes the connection when
 * one is inconsistent (a placeholder naming an attachment that never comes), so a malformed payload would cut
 * off its sender. This decoder reads a binary packet as the plain packet it wraps, with the placeholders left
 * as plain objects that no payload schema accepts (BAD_REQUEST), and drops the attachment frames that follow.
 */
class JsonOnlyDecoder extends Decoder {
  #attachmentsToDrop = 0;

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
    if (header && count >= 1 && count <= MAX_ATTACHMENTS) {
      this.#attachmentsToDrop = count;
      // EVENT is 2 and ACK is 3: the binary types minus three.
      super.add(`${Number(header[1]) - 3}${obj.slice(header[0].length)}`);
      return;
    }
    super.add(obj);
  }
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
