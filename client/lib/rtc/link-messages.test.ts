import { describe, expect, it } from "vitest";
import { ACCESS_STATES, decodeLinkMessage, encodeLinkMessage, type LinkMessage } from "./link-messages.js";

// 32 bytes in base64url: 43 characters, the last one's two unused bits zero.
const B64 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
const json = (value: unknown) => JSON.stringify(value);

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
    for (const text of ["null", "42", '"bye"', '["bye"]', "{}"]) expect(decodeLinkMessage(text)).toBeUndefined();
  });

  it("carries why the phone's camera did not open, or that it did (issue 19)", () => {
    for (const msg of [
      { t: "camera", problem: "denied" },
      { t: "camera", problem: "in-use" },
      { t: "camera", problem: null },
    ] as const)
      expect(decodeLinkMessage(encodeLinkMessage(msg))).toEqual(msg);
    for (const bad of [{ t: "camera" }, { t: "camera", problem: "toString" }, { t: "camera", problem: null, x: 1 }])
      expect(decodeLinkMessage(json(bad))).toBeUndefined();
  });
});

describe("verified-pairing link messages", () => {
  const messages: LinkMessage[] = [
    { t: "sas-commit", c: B64 },
    { t: "sas-nonce", n: B64 },
    { t: "sas-reveal", n: B64 },
    ...ACCESS_STATES.map((state) => ({ t: "access", state }) as const),
  ];

  it("round-trips the words exchange and every access state, as text or bytes", () => {
    expect(ACCESS_STATES).toEqual(["verified", "pending", "allowed", "denied", "removed"]);
    for (const msg of messages) {
      expect(decodeLinkMessage(encodeLinkMessage(msg))).toEqual(msg);
      expect(decodeLinkMessage(new TextEncoder().encode(encodeLinkMessage(msg)))).toEqual(msg);
    }
  });

  it.each([
    ["a commitment one character short", { t: "sas-commit", c: B64.slice(1) }],
    ["a commitment one character long", { t: "sas-commit", c: `${B64}A` }],
    ["a padded commitment", { t: "sas-commit", c: `${B64}=` }],
    ["a commitment in plain base64", { t: "sas-commit", c: `${B64.slice(0, 10)}+${B64.slice(11)}` }],
    ["a commitment whose last character has spare bits set", { t: "sas-commit", c: `${B64.slice(0, 42)}B` }],
    ["a commitment that is a number", { t: "sas-commit", c: 42 }],
    ["a commitment under the nonce's name", { t: "sas-commit", n: B64 }],
    ["a commitment without a value", { t: "sas-commit" }],
    ["a nonce that is short", { t: "sas-nonce", n: "abc" }],
    ["a nonce that is null", { t: "sas-nonce", n: null }],
    ["a nonce under the commitment's name", { t: "sas-nonce", c: B64 }],
    ["a reveal with a 44-character value", { t: "sas-reveal", n: `${B64}A` }],
    ["a reveal that is an array", { t: "sas-reveal", n: [B64] }],
    ["an unknown access state", { t: "access", state: "granted" }],
    ["an access state in capitals", { t: "access", state: "ALLOWED" }],
    ["an access message without a state", { t: "access" }],
    ["an access state that is not a string", { t: "access", state: 1 }],
  ])("ignores %s", (_, raw) => {
    expect(decodeLinkMessage(json(raw))).toBeUndefined();
  });

  it.each([
    { t: "sas-commit", c: B64, n: B64 },
    { t: "sas-nonce", n: B64, from: "camera" },
    { t: "sas-reveal", n: B64, c: B64 },
    { t: "access", state: "allowed", words: ["a", "b", "c"] },
  ])("ignores a message with a field it does not have: %j", (raw) => {
    expect(decodeLinkMessage(json(raw))).toBeUndefined();
  });
});

describe("console messages on the link", () => {
  it("passes a console message on as it is, past the 1,024-character limit of the others", () => {
    const lenses = Array.from({ length: 8 }, (_, i) => ({
      id: `${"d".repeat(100)}${i}`,
      label: `Back camera ${i + 1}`,
    }));
    const caps = { t: "console-caps", caps: { zoom: { min: 1, max: 8, step: 0.1 } }, settings: { zoom: 1 }, lenses };
    expect(json(caps).length).toBeGreaterThan(1_024);
    expect(decodeLinkMessage(json(caps))).toEqual(caps);
    const set = { t: "console-set", id: 3, prop: "focusDistance", value: 0.5 };
    expect(decodeLinkMessage(new TextEncoder().encode(json(set)))).toEqual(set);
  });

  it("hands on a malformed console message as a fault with the command's id, so the phone can answer it", () => {
    expect(decodeLinkMessage(json({ t: "console-set", id: 4, prop: "focusDistance", value: "far" }))).toEqual({
      t: "console-fault",
      id: 4,
      error: 'Focus needs a number, not "far".',
    });
    expect(decodeLinkMessage(json({ t: "console-launch" }))).toEqual({
      t: "console-fault",
      error: 'unknown console message "console-launch"',
    });
  });
});
