import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  certificateFingerprint,
  fingerprintFromUrl,
  fingerprintToUrl,
  isFingerprint,
  peerFingerprint,
  sdpFingerprints,
  stripUncheckedFingerprints,
} from "./fingerprint.js";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}.sdp`, import.meta.url), "utf8");

// Each captured SDP's certificate fingerprint as RTCCertificate.getFingerprints() gave it at capture time
// (fixtures/README.md): a second source, so the test does not just read back what the parser found.
const CAPTURED = {
  "chromium-offer": "c7039f96cf58ac64f94316ee02c3301091320236ded860ce259a0085d11a8c46",
  "chromium-answer": "b93b41cb952e5fb25a0b7fd452261426fb96743bfa9ffcd775d077e9ef3a9f1a",
  "firefox-offer": "3eee3fc079b13dc3d0a9a812c3164d7c0fb16fb3287df42de47daa800622ad89",
  "firefox-answer": "d6004a9f80e2e6e991a5e3c528a00c381458db741cc9960cf4ca566d886f58fb",
} as const;

const A = "ab".repeat(32);
const B = "cd".repeat(32);
const colons = (hex: string) => hex.match(/../g)!.join(":");
const line = (algorithm: string, value: string) => `a=fingerprint:${algorithm} ${value}`;
/** A minimal SDP: session lines, then one video and one data m-section, each with its own extra lines. */
function sdp(session: string[], video: string[] = [], data: string[] = []): string {
  return [
    "v=0",
    "o=- 1 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    ...session,
    "m=video 9 UDP/TLS/RTP/SAVPF 96",
    "c=IN IP4 0.0.0.0",
    ...video,
    "a=mid:0",
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
    ...data,
    "a=mid:1",
    "",
  ].join("\r\n");
}

describe("sdpFingerprints and peerFingerprint on real browsers' SDPs", () => {
  it.each(Object.entries(CAPTURED))("%s names its certificate's fingerprint", (name, expected) => {
    const text = fixture(name);
    expect(sdpFingerprints(text)).toEqual([expected]);
    // Nothing to strip from what a browser wrote: the SDP for the browser is the SDP as it came.
    expect(peerFingerprint(text)).toEqual({ ok: true, fingerprint: expected, sdp: text });
  });

  it("finds Chromium's fingerprints at media level (one per m-section) and Firefox's at session level", () => {
    const where = (text: string) => {
      const lines = text.split("\r\n");
      const firstMedia = lines.findIndex((l) => l.startsWith("m="));
      const at = lines.flatMap((l, i) =>
        l.startsWith("a=fingerprint:") ? [i < firstMedia ? "session" : "media"] : [],
      );
      return at;
    };
    expect(where(fixture("chromium-answer"))).toEqual(["media", "media"]);
    expect(where(fixture("chromium-offer"))).toEqual(["media", "media"]);
    expect(where(fixture("firefox-answer"))).toEqual(["session"]);
    expect(where(fixture("firefox-offer"))).toEqual(["session"]);
  });

  it("reads an SDP with bare LF line ends as well", () => {
    const text = fixture("chromium-answer").replace(/\r\n/g, "\n");
    expect(peerFingerprint(text)).toEqual({ ok: true, fingerprint: CAPTURED["chromium-answer"], sdp: text });
  });

  it("fails closed when a relay adds a second, different fingerprint to a real answer", () => {
    const firefox = fixture("firefox-answer").replace("m=video", `${line("sha-256", colons(A))}\r\nm=video`);
    expect(peerFingerprint(firefox)).toEqual({ ok: false, reason: "several" });
    const chromium = fixture("chromium-answer");
    const swapped = chromium.replace(/(a=fingerprint:sha-256 )\S+(\r\na=setup:active\r\na=mid:1)/, `$1${colons(A)}$2`);
    expect(swapped).not.toBe(chromium);
    expect(sdpFingerprints(swapped)).toEqual([CAPTURED["chromium-answer"], A]);
    expect(peerFingerprint(swapped)).toEqual({ ok: false, reason: "several" });
  });
});

describe("sdpFingerprints", () => {
  it("counts the same value at session and media level once", () => {
    const text = sdp([line("sha-256", colons(A))], [line("sha-256", colons(A))], [line("sha-256", colons(A))]);
    expect(sdpFingerprints(text)).toEqual([A]);
  });

  it("finds a fingerprint that is only at media level, in any m-section", () => {
    expect(sdpFingerprints(sdp([], [], [line("sha-256", colons(A))]))).toEqual([A]);
  });

  it("lists two different sha-256 values in order, at whatever level", () => {
    expect(sdpFingerprints(sdp([line("sha-256", colons(A))], [line("sha-256", colons(B))]))).toEqual([A, B]);
    expect(sdpFingerprints(sdp([], [line("sha-256", colons(B))], [line("sha-256", colons(A))]))).toEqual([B, A]);
  });

  it("ignores sha-1 and sha-512 lines beside a sha-256 one", () => {
    const sha1 = line("sha-1", colons("12".repeat(20)));
    const sha512 = line("sha-512", colons("34".repeat(64)));
    const text = sdp([sha1, line("sha-256", colons(A)), sha512], [sha512], [line("SHA-1", colons("56".repeat(20)))]);
    expect(sdpFingerprints(text)).toEqual([A]);
  });

  it("normalises upper and lower case hex, colons or none, and the algorithm's case", () => {
    const upper = colons(A).toUpperCase();
    for (const value of [upper, colons(A), A, A.toUpperCase()]) {
      expect(sdpFingerprints(sdp([line("sha-256", value)]))).toEqual([A]);
      expect(sdpFingerprints(sdp([], [line("SHA-256", value)]))).toEqual([A]);
    }
    expect(sdpFingerprints(sdp([line("sha-256", upper)], [line("Sha-256", colons(A))]))).toEqual([A]);
  });

  it("ignores malformed sha-256 lines", () => {
    for (const bad of [
      line("sha-256", colons(A).slice(3)), // 31 bytes
      line("sha-256", `${colons(A)}:EF`), // 33 bytes
      line("sha-256", colons(A).replace(/^ab/, "ag")), // not hex
      line("sha-256", colons(A).replace(/:/, "")), // colons in some places only
      line("sha-256", `${colons(A)} extra`),
      "a=fingerprint:sha-256",
      `a=fingerprint:sha-256${colons(A)}`,
      ` ${line("sha-256", colons(A))}`,
      `a=fingerprint:sha-2567 ${colons(A)}`,
      `A=FINGERPRINT:sha-256 ${colons(A)}`, // SDP's attribute names are lowercase
    ]) {
      expect(sdpFingerprints(sdp([bad])), bad).toEqual([]);
    }
  });

  it("finds nothing in an SDP without fingerprints, or in no SDP at all", () => {
    expect(sdpFingerprints(sdp([]))).toEqual([]);
    expect(sdpFingerprints("")).toEqual([]);
    expect(sdpFingerprints(fixture("chromium-answer").replace(/^a=fingerprint:.*$/gm, "a=setup:active"))).toEqual([]);
  });
});

describe("peerFingerprint", () => {
  it("names the one distinct sha-256 value", () => {
    const text = sdp([line("sha-256", colons(A))], [line("sha-256", A.toUpperCase())]);
    expect(peerFingerprint(text)).toEqual({ ok: true, fingerprint: A, sdp: text });
  });

  it("gives the SDP for the browser without the lines it did not check (a relay's sha-512 beside sha-256)", () => {
    const relay = line("sha-512", colons("34".repeat(64)));
    const checked = sdp([line("sha-256", colons(A))], [line("sha-256", colons(A))]);
    const tampered = sdp([line("sha-256", colons(A))], [line("sha-256", colons(A)), relay]);
    expect(peerFingerprint(tampered)).toEqual({ ok: true, fingerprint: A, sdp: checked });
  });

  it("fails closed with no sha-256 fingerprint: none, or only other algorithms", () => {
    expect(peerFingerprint(sdp([]))).toEqual({ ok: false, reason: "none" });
    expect(
      peerFingerprint(sdp([line("sha-1", colons("12".repeat(20)))], [line("sha-512", colons("34".repeat(64)))])),
    ).toEqual({ ok: false, reason: "none" });
  });

  it("fails closed with two different sha-256 values", () => {
    expect(peerFingerprint(sdp([line("sha-256", colons(A))], [], [line("sha-256", colons(B))]))).toEqual({
      ok: false,
      reason: "several",
    });
  });
});

describe("stripUncheckedFingerprints", () => {
  it("leaves real browsers' SDPs exactly as they are", () => {
    for (const name of Object.keys(CAPTURED)) expect(stripUncheckedFingerprints(fixture(name))).toBe(fixture(name));
  });

  it("removes every fingerprint line the check did not count, and nothing else", () => {
    const sha512 = line("sha-512", colons("34".repeat(64)));
    const checked = sdp([line("sha-256", colons(A))], [line("sha-256", A.toUpperCase())]);
    const tampered = sdp(
      [line("sha-256", colons(A)), sha512, ` ${line("sha-256", colons(B))}`],
      [line("sha-256", A.toUpperCase()), `A=FINGERPRINT:sha-256 ${colons(B)}`, line("sha-1", colons("12".repeat(20)))],
      [line("sha-256", colons(B).slice(3))],
    );
    expect(stripUncheckedFingerprints(tampered)).toBe(checked);
    expect(peerFingerprint(tampered)).toEqual({ ok: true, fingerprint: A, sdp: checked });
  });

  it("keeps bare LF line ends", () => {
    const text = sdp([line("sha-1", colons("12".repeat(20))), line("sha-256", colons(A))]).replace(/\r\n/g, "\n");
    expect(stripUncheckedFingerprints(text)).toBe(sdp([line("sha-256", colons(A))]).replace(/\r\n/g, "\n"));
  });
});

describe("fingerprints in links", () => {
  it("is the base64url of the 32 bytes, 43 characters, and back", () => {
    for (const hex of [...Object.values(CAPTURED), "00".repeat(32), "ff".repeat(32)]) {
      const url = fingerprintToUrl(hex);
      // Node's own base64url as the reference.
      expect(url).toBe(Buffer.from(hex, "hex").toString("base64url"));
      expect(url).toHaveLength(43);
      expect(fingerprintFromUrl(url)).toBe(hex);
    }
    expect(fingerprintToUrl("ff".repeat(32))).toBe(`${"_".repeat(42)}8`);
  });

  it("refuses anything but a fingerprint hex to encode", () => {
    for (const bad of [A.toUpperCase(), colons(A), A.slice(2), `${A}00`, ""]) {
      expect(() => fingerprintToUrl(bad)).toThrow(/not a fingerprint/);
    }
  });

  it("reads nothing from a value that is not exactly 32 bytes' canonical base64url", () => {
    const good = fingerprintToUrl(CAPTURED["chromium-answer"]);
    for (const bad of [
      "",
      good.slice(1), // 42 characters
      `${good}A`, // 44
      `${good}=`, // padded
      Buffer.from(CAPTURED["chromium-answer"], "hex").toString("base64"), // plain base64 with + / or =
      `${good.slice(0, 42)}B`, // last character with its unused low bits set
      `${good.slice(0, 10)}+${good.slice(11)}`,
      `${good.slice(0, 10)}%${good.slice(11)}`,
      Buffer.from("ab".repeat(31), "hex").toString("base64url"), // 31 bytes
      Buffer.from("ab".repeat(33), "hex").toString("base64url"), // 33 bytes
    ]) {
      expect(fingerprintFromUrl(bad), bad).toBeUndefined();
    }
  });
});

describe("certificateFingerprint", () => {
  it("takes the certificate's sha-256 fingerprint, whatever else it lists", async () => {
    const cert = {
      expires: 0,
      getFingerprints: () => [
        { algorithm: "sha-1", value: colons("12".repeat(20)) },
        { algorithm: "SHA-256", value: colons(A).toUpperCase() },
      ],
    } as unknown as RTCCertificate;
    expect(await certificateFingerprint(cert)).toBe(A);
    expect(isFingerprint(await certificateFingerprint(cert))).toBe(true);
  });
});

describe("isFingerprint", () => {
  it("accepts 64 lowercase hex characters only", () => {
    expect(isFingerprint(A)).toBe(true);
    for (const bad of [A.toUpperCase(), colons(A), A.slice(1), `${A}a`, 42, undefined, null]) {
      expect(isFingerprint(bad)).toBe(false);
    }
  });
});
