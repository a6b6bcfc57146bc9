import { describe, expect, it } from "vitest";
import {
  ACCESS_STATES,
  decodeLinkMessage,
  encodeLinkMessage,
  type LinkMessage,
  MAX_FRAME_TIMES,
} from "./link-messages.js";

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

describe("glass-to-glass link messages", () => {
  // Recorded from a Chromium call: epoch-ms clocks and 32-bit RTP timestamps.
  const times = [880932289, 1796621041794.2, 880934809, 1796621041822.7];
  const messages: LinkMessage[] = [
    { t: "clock-ping", t0: 1796621041790.5 },
    { t: "clock-pong", t0: 1796621041790.5, t1: 1796621041791.1, t2: 1796621041791.2 },
    { t: "frame-times", f: times },
    { t: "frame-times", f: [] },
  ];

  it("round-trips the clock exchange and the capture times", () => {
    for (const msg of messages) expect(decodeLinkMessage(encodeLinkMessage(msg))).toEqual(msg);
  });

  it("keeps a full batch of epoch-ms capture times under the size limit", () => {
    const f: number[] = [];
    for (let i = 0; i < MAX_FRAME_TIMES; i++) f.push(0xffffffff - i, 1796621041794.123 + i * 33.3);
    expect(decodeLinkMessage(encodeLinkMessage({ t: "frame-times", f }))).toEqual({ t: "frame-times", f });
  });

  it.each([
    ["a ping without a time", { t: "clock-ping" }],
    ["a ping with a negative time", { t: "clock-ping", t0: -1 }],
    ["a ping with a string time", { t: "clock-ping", t0: "5" }],
    ["a ping with another field", { t: "clock-ping", t0: 5, t1: 6 }],
    ["a reply missing t2", { t: "clock-pong", t0: 1, t1: 2 }],
    ["a reply with t2 under another name", { t: "clock-pong", t0: 1, t1: 2, t3: 3 }],
    ["a reply with an extra field", { t: "clock-pong", t0: 1, t1: 2, t2: 3, t3: 4 }],
    ["capture times of odd length", { t: "frame-times", f: [1, 2, 3] }],
    ["capture times with a fractional RTP timestamp", { t: "frame-times", f: [1.5, 2] }],
    ["capture times with an RTP timestamp past 32 bits", { t: "frame-times", f: [2 ** 32, 2] }],
    ["capture times with a null time", { t: "frame-times", f: [1, null] }],
    ["capture times that are not an array", { t: "frame-times", f: { 1: 2 } }],
    ["too many capture times", { t: "frame-times", f: Array.from({ length: 2 * MAX_FRAME_TIMES + 2 }, () => 1) }],
  ])("ignores %s", (_, raw) => {
    expect(decodeLinkMessage(json(raw))).toBeUndefined();
  });
});

describe("low delay link message", () => {
  it("round-trips either setting, as text or bytes", () => {
    for (const msg of [
      { t: "delay-mode", low: true },
      { t: "delay-mode", low: false },
    ] as const) {
      expect(decodeLinkMessage(encodeLinkMessage(msg))).toEqual(msg);
      expect(decodeLinkMessage(new TextEncoder().encode(encodeLinkMessage(msg)))).toEqual(msg);
    }
  });

  it.each([
    ["no setting", { t: "delay-mode" }],
    ["a setting as a string", { t: "delay-mode", low: "true" }],
    ["a setting as a number", { t: "delay-mode", low: 1 }],
    ["a null setting", { t: "delay-mode", low: null }],
    ["the setting under another name", { t: "delay-mode", on: true }],
    ["an extra field", { t: "delay-mode", low: true, height: 360 }],
  ])("ignores %s", (_, raw) => {
    expect(decodeLinkMessage(json(raw))).toBeUndefined();
  });
});
