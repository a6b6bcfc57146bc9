// The words both screens show for a link (short authentication string of verified pairing), agreed by
// commit-then-reveal over the data channel so that a man in the middle cannot grind for colliding words:
//   1. viewer -> camera  sas-commit  c = base64url(SHA-256("codecam-sas-commit\0" + nV))
//   2. camera -> viewer  sas-nonce   nC   (only once the commitment has arrived)
//   3. viewer -> camera  sas-reveal  nV   (the camera checks it against c)
// Words = SAS_WORDS[b0], [b1], [b2] of SHA-256("codecam-sas\0" + fpCamera + "\0" + fpViewer + "\0" + nC + "\0" + nV),
// strings UTF-8 encoded, nonces in their base64url form, fingerprints as hex. Each side uses its own certificate's
// fingerprint and the one in the remote SDP, so a relay with its own certificates makes the two screens differ.
import type { SasCommit, SasNonce, SasReveal } from "../rtc/link-messages.js";
import { bytesToBase64Url, isBase64Url32 } from "./base64url.js";
import { isFingerprint } from "./fingerprint.js";
import { SAS_WORDS } from "./words.js";

const COMMIT_LABEL = "codecam-sas-commit\0";
const WORDS_LABEL = "codecam-sas\0";

/** The three words, in the order both pages show them. */
export type SasWords = readonly [string, string, string];

/** Why an exchange ended without words; the page closes the link for either. */
export type SasFailure = "commitment mismatch" | "out of order";

/** A fresh nonce: 32 random bytes, base64url (43 characters). */
export function createNonce(): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The commitment to a nonce: base64url(SHA-256("codecam-sas-commit\0" + nonce)). */
export async function commitmentOf(nonce: string): Promise<string> {
  return bytesToBase64Url(await sha256(COMMIT_LABEL + nonce));
}

/** A new nonce and the commitment to it: the commitment goes out first, the nonce only once the peer's arrived. */
export async function createCommitment(): Promise<{ nonce: string; commit: string }> {
  const nonce = createNonce();
  return { nonce, commit: await commitmentOf(nonce) };
}

/** True when `nonce` is a well-formed nonce and the one `commit` was made for. */
export async function checkCommitment(commit: string, nonce: string): Promise<boolean> {
  if (!isBase64Url32(commit) || !isBase64Url32(nonce)) return false;
  return (await commitmentOf(nonce)) === commit;
}

export interface SasInput {
  /** The camera's fingerprint hex (the camera: its own local SDP's; the viewer: the one in the camera's offer). */
  cameraFingerprint: string;
  /** The viewer's fingerprint hex (the viewer: its certificate's; the camera: the one in the viewer's answer). */
  viewerFingerprint: string;
  cameraNonce: string;
  viewerNonce: string;
}

/** The three words for one link; throws on a malformed fingerprint or nonce (callers pass validated values). */
export async function sasWords(input: SasInput): Promise<SasWords> {
  const { cameraFingerprint, viewerFingerprint, cameraNonce, viewerNonce } = input;
  if (!isFingerprint(cameraFingerprint) || !isFingerprint(viewerFingerprint)) {
    throw new Error("sasWords needs two fingerprints as 64 lowercase hex characters");
  }
  if (!isBase64Url32(cameraNonce) || !isBase64Url32(viewerNonce)) {
    throw new Error("sasWords needs two nonces of 32 bytes in base64url");
  }
  const digest = await sha256(
    `${WORDS_LABEL}${cameraFingerprint}\0${viewerFingerprint}\0${cameraNonce}\0${viewerNonce}`,
  );
  return [SAS_WORDS[digest[0]!]!, SAS_WORDS[digest[1]!]!, SAS_WORDS[digest[2]!]!];
}

/** The fingerprints one link's exchange binds: its own certificate's and the one the remote SDP names. */
export interface LinkFingerprints {
  camera: string;
  viewer: string;
}

/**
 * The viewer's half of one link's exchange. The viewer always runs it (it cannot know whether the camera will
 * ask): start() once the data channel is open, send what it returns, and hand the camera's sas-nonce to onNonce.
 */
export class ViewerSas {
  readonly #fingerprints: LinkFingerprints;
  #state: "new" | "committing" | "committed" | "done" | "failed" = "new";
  #nonce = "";

  constructor(fingerprints: LinkFingerprints) {
    this.#fingerprints = checkedFingerprints(fingerprints);
  }

  /**
   * The commitment to send first. Once per link: a second call throws, and so does a call after a message out of
   * turn ended the exchange (the page has closed that link by then).
   */
  async start(): Promise<SasCommit> {
    if (this.#state === "failed") throw new Error("ViewerSas.start(): this link's exchange has already failed");
    if (this.#state !== "new") throw new Error("ViewerSas.start() runs once per link");
    this.#state = "committing";
    const { nonce, commit } = await createCommitment();
    this.#nonce = nonce;
    if (this.#state === "committing") this.#state = "committed";
    return { t: "sas-commit", c: commit };
  }

  /**
   * The camera's nonce: returns the reveal to send and the words to show. A nonce before the commitment went
   * out, or a second one, ends the exchange ("out of order"): a camera does not get to pick its nonce twice.
   * A nonce that is not 32 bytes of base64url ends it too ("malformed").
   */
  async onNonce(
    msg: SasNonce,
  ): Promise<{ ok: true; reveal: SasReveal; words: SasWords } | { ok: false; reason: "out of order" | "malformed" }> {
    if (this.#state !== "committed") {
      this.#state = "failed";
      return { ok: false, reason: "out of order" };
    }
    // decodeLinkMessage lets no malformed nonce through; this keeps a hand-made message from throwing below.
    if (!isBase64Url32(msg.n)) {
      this.#state = "failed";
      return { ok: false, reason: "malformed" };
    }
    this.#state = "done";
    const words = await sasWords({
      cameraFingerprint: this.#fingerprints.camera,
      viewerFingerprint: this.#fingerprints.viewer,
      cameraNonce: msg.n,
      viewerNonce: this.#nonce,
    });
    return { ok: true, reveal: { t: "sas-reveal", n: this.#nonce }, words };
  }
}

/**
 * The camera's half of one link's exchange: hand it the viewer's sas-commit (send back what onCommit returns),
 * then its sas-reveal; onReveal gives the words to show, or why the link must close. Any message out of turn
 * (a reveal before a commit, a second commit, anything after the exchange ended) ends it: a viewer does not get
 * to commit twice, which is what would let it grind.
 */
export class CameraSas {
  readonly #fingerprints: LinkFingerprints;
  #state: "new" | "nonce sent" | "checking" | "done" | "failed" = "new";
  #commit = "";
  #nonce = "";
  #words: SasWords | undefined;

  constructor(fingerprints: LinkFingerprints) {
    this.#fingerprints = checkedFingerprints(fingerprints);
  }

  /** The words once the exchange succeeded, else undefined. */
  get words(): SasWords | undefined {
    return this.#words;
  }

  onCommit(msg: SasCommit): { ok: true; nonce: SasNonce } | { ok: false; reason: "out of order" } {
    if (this.#state !== "new") {
      this.#state = "failed";
      return { ok: false, reason: "out of order" };
    }
    this.#state = "nonce sent";
    this.#commit = msg.c;
    this.#nonce = createNonce();
    return { ok: true, nonce: { t: "sas-nonce", n: this.#nonce } };
  }

  /** A reveal that does not match the commitment (or is no nonce at all) is a "commitment mismatch". */
  async onReveal(msg: SasReveal): Promise<{ ok: true; words: SasWords } | { ok: false; reason: SasFailure }> {
    if (this.#state !== "nonce sent") {
      this.#state = "failed";
      return { ok: false, reason: "out of order" };
    }
    this.#state = "checking";
    if (!(await checkCommitment(this.#commit, msg.n))) {
      this.#state = "failed";
      return { ok: false, reason: "commitment mismatch" };
    }
    const words = await sasWords({
      cameraFingerprint: this.#fingerprints.camera,
      viewerFingerprint: this.#fingerprints.viewer,
      cameraNonce: this.#nonce,
      viewerNonce: msg.n,
    });
    // A message out of turn while the check ran has already ended the exchange.
    if (this.#state !== "checking") return { ok: false, reason: "out of order" };
    this.#state = "done";
    this.#words = words;
    return { ok: true, words };
  }
}

function checkedFingerprints(fingerprints: LinkFingerprints): LinkFingerprints {
  if (!isFingerprint(fingerprints.camera) || !isFingerprint(fingerprints.viewer)) {
    throw new Error("a words exchange needs both fingerprints as 64 lowercase hex characters");
  }
  return { camera: fingerprints.camera, viewer: fingerprints.viewer };
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}
