// Unit tests of the diagnostic page's pure helpers: log lines, durations, the fake offer.
import { describe, expect, it } from "vitest";
import {
  describeIncoming,
  describeOutgoing,
  describeReply,
  formatWireError,
  isFailure,
  isIncomingEvent,
  isOutgoingEvent,
} from "./describe.js";
import { buildTestOffer } from "./fake-offer.js";

describe("describeIncoming", () => {
  it("names the sender of a relayed offer and the SDP size", () => {
    const offer = { room_code: "123456", offer: { type: "offer", sdp: "v=0\r\n" }, from: "abc" };
    const d = describeIncoming("offer", offer);
    expect(d).toEqual({ summary: "offer (5-character SDP) from abc in 123456", tone: "neutral" });
  });

  it("shows an end-of-candidates ICE message as such", () => {
    const d = describeIncoming("ice_candidate", { room_code: "123456", candidate: { candidate: "" }, from: "abc" });
    expect(d.summary).toBe("end-of-candidates from abc in 123456");
  });

  it("puts the error code first for join_room_error and signal_error", () => {
    const full = { code: "ROOM_FULL", message: "room 123456 already has a camera" };
    const join = describeIncoming("join_room_error", { ok: false, error: full });
    expect(join).toEqual({ summary: "ROOM_FULL — room 123456 already has a camera", tone: "error" });
    const notInRoom = { code: "NOT_IN_ROOM", message: "join a room first" };
    const signal = describeIncoming("signal_error", { ok: false, event: "answer", error: notInRoom });
    expect(signal).toEqual({ summary: "answer refused: NOT_IN_ROOM — join a room first", tone: "error" });
  });

  it("flags an error event whose payload is not an error object", () => {
    expect(describeIncoming("signal_error", { nope: true }).tone).toBe("error");
  });

  it("lists the peers already in a room", () => {
    const d = describeIncoming("join_room_success", {
      ok: true,
      code: "123456",
      type: "viewer",
      id: "v1",
      token: "t",
      peers: [
        { id: "c1", type: "camera" },
        { id: "v0", type: "viewer" },
      ],
    });
    expect(d.summary).toBe("joined 123456 as viewer · 2 peers: camera c1, viewer v0");
  });
});

describe("describeOutgoing", () => {
  it("says whether a signal goes to one peer or the whole room", () => {
    expect(describeOutgoing("offer", { room_code: "123456", offer: { type: "offer", sdp: "x" } }).summary).toBe(
      "offer (1-character SDP) for 123456, to the room",
    );
    const answer = { room_code: "123456", answer: { type: "answer", sdp: "xy" }, to: "c1" };
    expect(describeOutgoing("answer", answer).summary).toBe("answer (2-character SDP) for 123456, to c1");
  });
});

describe("describeReply", () => {
  it("reports an ack failure as an error with its code", () => {
    const invalid = { ok: false, error: { code: "INVALID_CODE", message: "code must be six digits" } };
    const d = describeReply("join_room", invalid, 3.25);
    expect(d).toEqual({ summary: "INVALID_CODE — code must be six digits (3.3 ms)", tone: "error" });
  });

  it("reports a forwarded signal and a pong as successes", () => {
    expect(describeReply("offer", { ok: true }, 12.4)).toEqual({ summary: "forwarded (12 ms)", tone: "success" });
    expect(describeReply("ping", { message: "Pong!", serverTime: 0 }, 0.5).summary).toBe("pong after 0.5 ms");
  });
});

describe("event names", () => {
  it("knows exactly the protocol's events in each direction", () => {
    expect(isIncomingEvent("peer_left")).toBe(true);
    expect(isIncomingEvent("join_room")).toBe(false);
    expect(isIncomingEvent("toString")).toBe(false);
    expect(isOutgoingEvent("leave_room")).toBe(true);
    expect(isOutgoingEvent("pong")).toBe(false);
  });
});

describe("isFailure / formatWireError", () => {
  it("accepts only {ok:false, error:{code, message}}", () => {
    expect(isFailure({ ok: false, error: { code: "X", message: "y" } })).toBe(true);
    expect(isFailure({ ok: false, error: "X" })).toBe(false);
    expect(isFailure({ ok: true })).toBe(false);
    expect(isFailure(null)).toBe(false);
    expect(formatWireError({ code: "INTERNAL", message: "" })).toBe("INTERNAL");
  });
});

describe("buildTestOffer", () => {
  it("is an offer with CRLF-terminated SDP lines well under the server's size limit", () => {
    const offer = buildTestOffer("42");
    expect(offer.type).toBe("offer");
    expect(offer.sdp.startsWith("v=0\r\no=- 42 2 IN IP4 127.0.0.1\r\n")).toBe(true);
    expect(offer.sdp.endsWith("\r\n")).toBe(true);
    expect(offer.sdp).toContain("m=video 9 UDP/TLS/RTP/SAVPF 96");
    expect(offer.sdp.length).toBeLessThan(65_536);
  });
});
