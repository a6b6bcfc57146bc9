import { Decoder, Encoder, PacketType, type Packet } from "socket.io-parser";
import { describe, expect, it } from "vitest";
import { jsonOnlyParser } from "./json-only-parser.js";

const packets: Packet[] = [
  { type: PacketType.CONNECT, nsp: "/", data: { sid: "abc" } },
  {
    type: PacketType.EVENT,
    nsp: "/",
    data: ["ice_candidate", { room_code: "123456", candidate: { candidate: "" }, from: "x" }],
  },
  { type: PacketType.EVENT, nsp: "/", id: 7, data: ["pong", { message: "Pong!", serverTime: 1 }] },
  { type: PacketType.ACK, nsp: "/", id: 0, data: [{ ok: true }] },
  { type: PacketType.EVENT, nsp: "/admin", data: ["x", 'quote " and \u2028 and 🎥'] },
  { type: PacketType.DISCONNECT, nsp: "/" },
];

describe("json-only parser", () => {
  it("encodes every packet without binary exactly as the stock encoder does", () => {
    const stock = new Encoder();
    const ours = new jsonOnlyParser.Encoder();
    for (const packet of packets) expect(ours.encode(packet)).toEqual(stock.encode(packet));
  });

  it("decodes what it encodes, through the stock decoder as a client would", () => {
    const ours = new jsonOnlyParser.Encoder();
    for (const packet of packets) {
      const decoder = new Decoder();
      const decoded: Packet[] = [];
      decoder.on("decoded", (p: Packet) => decoded.push(p));
      for (const part of ours.encode(packet)) decoder.add(part);
      expect(decoded).toEqual([packet]);
    }
  });

  it("reads a binary event as the plain event it wraps, its placeholder left as a plain object", () => {
    const decoder = new jsonOnlyParser.Decoder();
    const decoded: Packet[] = [];
    decoder.on("decoded", (p: Packet) => decoded.push(p));
    decoder.add('51-["offer",{"_placeholder":true,"num":0}]');
    decoder.add(Buffer.from([1, 2, 3])); // the attachment: dropped
    decoder.add('2["ping"]');
    expect(decoded.map((p) => p.data)).toEqual([["offer", { _placeholder: true, num: 0 }], ["ping"]]);
  });
});
