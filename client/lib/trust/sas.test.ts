import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decodeLinkMessage, encodeLinkMessage, type LinkMessage } from "../rtc/link-messages.js";
import { isBase64Url32 } from "./base64url.js";
import {
  CameraSas,
  checkCommitment,
  commitmentOf,
  createCommitment,
  createNonce,
  type SasInput,
  sasWords,
  ViewerSas,
} from "./sas.js";
import { SAS_WORDS } from "./words.js";

const CAMERA = "c7039f96cf58ac64f94316ee02c3301091320236ded860ce259a0085d11a8c46";
const VIEWER = "d6004a9f80e2e6e991a5e3c528a00c381458db741cc9960cf4ca566d886f58fb";
const RELAY_1 = "ab".repeat(32);
const RELAY_2 = "cd".repeat(32);
const base64url = (bytes: number[]) => Buffer.from(bytes).toString("base64url");
const NONCE_C = base64url(Array.from({ length: 32 }, (_, i) => i)); // AAECAwQF…
const NONCE_V = base64url(Array.from({ length: 32 }, (_, i) => 255 - i)); // __79_Pv6…
const VECTOR: SasInput = {
  cameraFingerprint: CAMERA,
  viewerFingerprint: VIEWER,
  cameraNonce: NONCE_C,
  viewerNonce: NONCE_V,
};

/** The derivation written again with Node's own hash, as a second implementation to compare against. */
function nodeWords(input: SasInput): string[] {
  const text = `codecam-sas\0${input.cameraFingerprint}\0${input.viewerFingerprint}\0${input.cameraNonce}\0${input.viewerNonce}`;
  const digest = createHash("sha256").update(text).digest();
  return [SAS_WORDS[digest[0]!]!, SAS_WORDS[digest[1]!]!, SAS_WORDS[digest[2]!]!];
}

/** Sends a message the way the pages do: encoded, then decoded (and so validated) on the other side. */
function wire<T extends LinkMessage>(msg: T): T {
  const decoded = decodeLinkMessage(encodeLinkMessage(msg));
  expect(decoded).toEqual(msg);
  return decoded as T;
}

/** Flips one bit of a fingerprint hex's bytes or of a nonce's 32 bytes. */
function flipHex(hex: string, bit: number): string {
  const bytes = Buffer.from(hex, "hex");
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  return bytes.toString("hex");
}
function flipNonce(nonce: string, bit: number): string {
  const bytes = Buffer.from(nonce, "base64url");
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  return bytes.toString("base64url");
}

describe("sasWords", () => {
  it("derives a fixed vector: the first three bytes of the labelled hash pick the words", async () => {
    expect(await sasWords(VECTOR)).toEqual(["planet", "hat", "bacon"]);
    expect(nodeWords(VECTOR)).toEqual(["planet", "hat", "bacon"]);
  });

  it("depends on the order of the fingerprints and of the nonces", async () => {
    const words = await sasWords(VECTOR);
    const swappedFingerprints = { ...VECTOR, cameraFingerprint: VIEWER, viewerFingerprint: CAMERA };
    const swappedNonces = { ...VECTOR, cameraNonce: NONCE_V, viewerNonce: NONCE_C };
    expect(await sasWords(swappedFingerprints)).not.toEqual(words);
    expect(await sasWords(swappedNonces)).not.toEqual(words);
    expect(await sasWords(swappedFingerprints)).toEqual(nodeWords(swappedFingerprints));
  });

  it("changes with every single bit of every input", async () => {
    const words = (await sasWords(VECTOR)).join(" ");
    const same: string[] = [];
    for (let bit = 0; bit < 256; bit++) {
      const variants: [string, SasInput][] = [
        ["camera fingerprint", { ...VECTOR, cameraFingerprint: flipHex(CAMERA, bit) }],
        ["viewer fingerprint", { ...VECTOR, viewerFingerprint: flipHex(VIEWER, bit) }],
        ["camera nonce", { ...VECTOR, cameraNonce: flipNonce(NONCE_C, bit) }],
        ["viewer nonce", { ...VECTOR, viewerNonce: flipNonce(NONCE_V, bit) }],
      ];
      for (const [what, input] of variants) {
        if ((await sasWords(input)).join(" ") === words) same.push(`${what} bit ${bit}`);
      }
    }
    expect(same).toEqual([]);
  });

  it("refuses malformed fingerprints and nonces instead of deriving words from them", async () => {
    await expect(sasWords({ ...VECTOR, cameraFingerprint: CAMERA.toUpperCase() })).rejects.toThrow(/fingerprints/);
    await expect(sasWords({ ...VECTOR, viewerFingerprint: "" })).rejects.toThrow(/fingerprints/);
    await expect(sasWords({ ...VECTOR, cameraNonce: NONCE_C.slice(1) })).rejects.toThrow(/nonces/);
    await expect(sasWords({ ...VECTOR, viewerNonce: `${NONCE_V}=` })).rejects.toThrow(/nonces/);
  });
});

describe("commitments", () => {
  it("commits to a nonce with the labelled SHA-256, base64url", async () => {
    const expected = createHash("sha256").update(`codecam-sas-commit\0${NONCE_V}`).digest("base64url");
    expect(await commitmentOf(NONCE_V)).toBe(expected);
    expect(expected).toBe("-jzvcjfCUY4AjrB31OeICbHbXJw9JzCQra13zxDwBfo");
  });

  it("makes a fresh 32-byte nonce each time, and a commitment that checks against it only", async () => {
    const a = await createCommitment();
    const b = await createCommitment();
    for (const value of [a.nonce, a.commit, b.nonce, b.commit]) expect(isBase64Url32(value)).toBe(true);
    expect(a.nonce).not.toBe(b.nonce);
    expect(createNonce()).not.toBe(createNonce());
    expect(await checkCommitment(a.commit, a.nonce)).toBe(true);
    expect(await checkCommitment(a.commit, b.nonce)).toBe(false);
    expect(await checkCommitment(b.commit, a.nonce)).toBe(false);
    expect(await checkCommitment(a.commit, flipNonce(a.nonce, 0))).toBe(false);
  });

  it("never matches malformed values", async () => {
    const { nonce, commit } = await createCommitment();
    expect(await checkCommitment(commit, `${nonce}=`)).toBe(false);
    expect(await checkCommitment(`${commit}=`, nonce)).toBe(false);
    expect(await checkCommitment("", "")).toBe(false);
  });
});

describe("the exchange between ViewerSas and CameraSas", () => {
  const link = () => ({
    viewer: new ViewerSas({ camera: CAMERA, viewer: VIEWER }),
    camera: new CameraSas({ camera: CAMERA, viewer: VIEWER }),
  });

  it("gives both sides the same words, the ones sasWords derives from the nonces that crossed", async () => {
    const { viewer, camera } = link();
    const commit = wire(await viewer.start());
    const nonce = camera.onCommit(commit);
    if (!nonce.ok) throw new Error(nonce.reason);
    const revealed = await viewer.onNonce(wire(nonce.nonce));
    if (!revealed.ok) throw new Error(revealed.reason);
    const checked = await camera.onReveal(wire(revealed.reveal));
    expect(checked).toEqual({ ok: true, words: revealed.words });
    expect(camera.words).toEqual(revealed.words);
    expect(await checkCommitment(commit.c, revealed.reveal.n)).toBe(true);
    const input = { ...VECTOR, cameraNonce: nonce.nonce.n, viewerNonce: revealed.reveal.n };
    expect(revealed.words).toEqual(await sasWords(input));
    expect(revealed.words).toEqual(nodeWords(input));
  });

  it("shows different words when a relay in the middle presents its own certificates", async () => {
    // The viewer sees the relay's certificate as the camera's, the camera sees the relay's other one as the
    // viewer's; the relay forwards every words message unchanged. (Same words: a 1 in 16.7 million chance.)
    const viewer = new ViewerSas({ camera: RELAY_1, viewer: VIEWER });
    const camera = new CameraSas({ camera: CAMERA, viewer: RELAY_2 });
    const nonce = camera.onCommit(wire(await viewer.start()));
    if (!nonce.ok) throw new Error(nonce.reason);
    const revealed = await viewer.onNonce(wire(nonce.nonce));
    if (!revealed.ok) throw new Error(revealed.reason);
    const checked = await camera.onReveal(wire(revealed.reveal));
    if (!checked.ok) throw new Error(checked.reason);
    expect(checked.words).not.toEqual(revealed.words);
  });

  it("closes when the viewer reveals a nonce other than the one it committed to, with no second try", async () => {
    const { viewer, camera } = link();
    const commit = await viewer.start();
    const nonce = camera.onCommit(commit);
    if (!nonce.ok) throw new Error(nonce.reason);
    // A viewer (or a relay) that has now seen the camera's nonce tries another value of its own.
    const honest = await viewer.onNonce(nonce.nonce);
    if (!honest.ok) throw new Error(honest.reason);
    const ground = createNonce();
    expect(await camera.onReveal({ t: "sas-reveal", n: ground })).toEqual({
      ok: false,
      reason: "commitment mismatch",
    });
    expect(camera.words).toBeUndefined();
    // The honest reveal after a failed one is too late: the exchange is over.
    expect(await camera.onReveal(honest.reveal)).toEqual({ ok: false, reason: "out of order" });
    expect(camera.words).toBeUndefined();
  });

  it("closes on a reveal that is no nonce at all", async () => {
    const { viewer, camera } = link();
    const nonce = camera.onCommit(await viewer.start());
    if (!nonce.ok) throw new Error(nonce.reason);
    expect(await camera.onReveal({ t: "sas-reveal", n: "not a nonce" })).toEqual({
      ok: false,
      reason: "commitment mismatch",
    });
  });

  it("camera: a reveal before any commitment is out of order, and ends the exchange", async () => {
    const { viewer, camera } = link();
    expect(await camera.onReveal({ t: "sas-reveal", n: createNonce() })).toEqual({ ok: false, reason: "out of order" });
    expect(camera.onCommit(await viewer.start())).toEqual({ ok: false, reason: "out of order" });
  });

  it("camera: a second commitment is out of order, so a viewer cannot re-commit after seeing the nonce", async () => {
    const { viewer, camera } = link();
    const first = await viewer.start();
    const nonce = camera.onCommit(first);
    if (!nonce.ok) throw new Error(nonce.reason);
    const second = await createCommitment();
    expect(camera.onCommit({ t: "sas-commit", c: second.commit })).toEqual({ ok: false, reason: "out of order" });
    // Neither the new nor the original commitment's nonce opens it again.
    expect(await camera.onReveal({ t: "sas-reveal", n: second.nonce })).toEqual({ ok: false, reason: "out of order" });
    const revealed = await viewer.onNonce(nonce.nonce);
    if (!revealed.ok) throw new Error(revealed.reason);
    expect(await camera.onReveal(revealed.reveal)).toEqual({ ok: false, reason: "out of order" });
  });

  it("camera: anything after a finished exchange is out of order, and the words stay", async () => {
    const { viewer, camera } = link();
    const nonce = camera.onCommit(await viewer.start());
    if (!nonce.ok) throw new Error(nonce.reason);
    const revealed = await viewer.onNonce(nonce.nonce);
    if (!revealed.ok) throw new Error(revealed.reason);
    const checked = await camera.onReveal(revealed.reveal);
    expect(checked.ok).toBe(true);
    expect(await camera.onReveal(revealed.reveal)).toEqual({ ok: false, reason: "out of order" });
    expect(camera.onCommit({ t: "sas-commit", c: (await createCommitment()).commit })).toEqual({
      ok: false,
      reason: "out of order",
    });
    expect(camera.words).toEqual(revealed.words);
  });

  it("camera: two reveals at once give no words", async () => {
    const { viewer, camera } = link();
    const nonce = camera.onCommit(await viewer.start());
    if (!nonce.ok) throw new Error(nonce.reason);
    const revealed = await viewer.onNonce(nonce.nonce);
    if (!revealed.ok) throw new Error(revealed.reason);
    const both = await Promise.all([camera.onReveal(revealed.reveal), camera.onReveal(revealed.reveal)]);
    expect(both).toEqual([
      { ok: false, reason: "out of order" },
      { ok: false, reason: "out of order" },
    ]);
    expect(camera.words).toBeUndefined();
  });

  it("viewer: a nonce before the commitment went out is out of order, and ends the exchange", async () => {
    const viewer = new ViewerSas({ camera: CAMERA, viewer: VIEWER });
    expect(await viewer.onNonce({ t: "sas-nonce", n: createNonce() })).toEqual({ ok: false, reason: "out of order" });
    await expect(viewer.start()).rejects.toThrow(/already failed/);
    expect(await viewer.onNonce({ t: "sas-nonce", n: createNonce() })).toEqual({ ok: false, reason: "out of order" });
  });

  it("viewer: a second nonce is out of order (the camera does not get to pick again)", async () => {
    const viewer = new ViewerSas({ camera: CAMERA, viewer: VIEWER });
    await viewer.start();
    expect((await viewer.onNonce({ t: "sas-nonce", n: createNonce() })).ok).toBe(true);
    expect(await viewer.onNonce({ t: "sas-nonce", n: createNonce() })).toEqual({ ok: false, reason: "out of order" });
  });

  it("viewer: a malformed nonce ends the exchange", async () => {
    const viewer = new ViewerSas({ camera: CAMERA, viewer: VIEWER });
    await viewer.start();
    expect(await viewer.onNonce({ t: "sas-nonce", n: "short" })).toEqual({ ok: false, reason: "malformed" });
    expect(await viewer.onNonce({ t: "sas-nonce", n: createNonce() })).toEqual({ ok: false, reason: "out of order" });
  });

  it("viewer: start() runs once per link", async () => {
    const viewer = new ViewerSas({ camera: CAMERA, viewer: VIEWER });
    const commit = await viewer.start();
    expect(isBase64Url32(commit.c)).toBe(true);
    await expect(viewer.start()).rejects.toThrow(/once per link/);
  });

  it("refuses to start with malformed fingerprints", () => {
    expect(() => new ViewerSas({ camera: CAMERA.toUpperCase(), viewer: VIEWER })).toThrow(/fingerprints/);
    expect(() => new CameraSas({ camera: CAMERA, viewer: `${VIEWER}00` })).toThrow(/fingerprints/);
  });
});
