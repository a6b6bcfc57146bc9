import { describe, expect, it } from "vitest";
import { decodeLinkMessage, encodeLinkMessage } from "./link-messages.js";

describe("link messages", () => {
  it("round-trips a room move and a goodbye, as text or bytes", () => {
    for (const msg of [{ t: "room", code: "483920" }, { t: "bye" }] as const) {
      expect(decodeLinkMessage(encodeLinkMessage(msg))).toEqual(msg);
      expect(decodeLinkMessage(new TextEncoder().encode(encodeLinkMessage(msg)))).toEqual(msg);
    }
  });

  it("ignores malformed, unknown and oversized messages", () => {
    expect(decodeLinkMessage("not json")).toBeUndefined();
    expect(decodeLinkMessage(JSON.stringify({ t: "room", code: "12345" }))).toBeUndefined();
    expect(decodeLinkMessage(JSON.stringify({ t: "launch" }))).toBeUndefined();
    expect(decodeLinkMessage(JSON.stringify({ t: "bye", pad: "x".repeat(2_000) }))).toBeUndefined();
  });
});
