// Certificate fingerprints for verified pairing: read from SDP, from an RTCCertificate,
// and carried in the QR link. In code a fingerprint is its SHA-256 digest as 64 lowercase hex characters without
// colons ("fingerprint hex"); in a link it is the base64url of the 32 bytes (43 characters).
import { base64UrlToBytes32, bytesToBase64Url } from "./base64url.js";

const FINGERPRINT_HEX = /^[0-9a-f]{64}$/;
/** Any `a=fingerprint` line, however spelt: what a browser might accept must never slip past the check. */
const FINGERPRINT_LINE = /^\s*a\s*=\s*fingerprint\s*:/i;
/**
 * The one form the check accepts: `a=fingerprint:sha-256 AB:CD:…` (RFC 8122; the hash name and hex in any case,
 * with colons or none), the attribute name spelt as SDP requires.
 */
const SHA256_LINE =
  /^a=fingerprint:[sS][hH][aA]-256[ \t]+((?:[0-9a-fA-F]{2}:){31}[0-9a-fA-F]{2}|[0-9a-fA-F]{64})[ \t]*$/;

/** True for a fingerprint hex: 64 lowercase hex characters, no colons. */
export function isFingerprint(value: unknown): value is string {
  return typeof value === "string" && FINGERPRINT_HEX.test(value);
}

/**
 * Every distinct SHA-256 fingerprint in an SDP, session-level and media-level alike (Firefox writes one at session
 * level, Chromium one in each m-section), as fingerprint hex in order of appearance. Lines with another hash
 * algorithm (sha-1, sha-512) and malformed lines are ignored; see peerFingerprint for why the SDP given to the
 * browser must then not carry them either.
 */
export function sdpFingerprints(sdp: string): string[] {
  const found = new Set<string>();
  for (const line of sdp.split(/\r\n|\n|\r/)) {
    const match = SHA256_LINE.exec(line);
    if (match) found.add(match[1]!.replace(/:/g, "").toLowerCase());
  }
  return [...found];
}

/**
 * The peer an SDP names, with the SDP to give the browser in its place; or why it names no peer that could be
 * verified: no SHA-256 fingerprint at all, or more than one distinct value.
 */
export type PeerFingerprint =
  | { ok: true; fingerprint: string; sdp: string }
  | { ok: false; reason: "none" | "several" };

/**
 * The one certificate the remote side of this SDP must present, or why there is none. Fails closed: an SDP with
 * no SHA-256 fingerprint, or with two different ones, names no peer that could be verified.
 *
 * Hand the browser `sdp` (stripUncheckedFingerprints of the input), never the original: Chromium 156 accepts an
 * answer whose sha-256 line names one certificate and whose sha-512 line names another, and completes DTLS with
 * the sha-512 one (trust.integration.test.ts), so a relay could otherwise pass the check with the QR laptop's
 * fingerprint and connect its own certificate.
 */
export function peerFingerprint(sdp: string): PeerFingerprint {
  const all = sdpFingerprints(sdp);
  if (all.length === 0) return { ok: false, reason: "none" };
  if (all.length > 1) return { ok: false, reason: "several" };
  return { ok: true, fingerprint: all[0]!, sdp: stripUncheckedFingerprints(sdp) };
}

/**
 * The SDP without every `a=fingerprint` line that sdpFingerprints did not count (other hash algorithms, malformed
 * lines), all else unchanged: what the browser may see once the check has passed. A browser's DTLS check may use
 * a sha-512 line rather than the sha-256 one (RFC 8122 lets it pick), so a line the check ignored could otherwise
 * name the certificate that is actually accepted.
 */
export function stripUncheckedFingerprints(sdp: string): string {
  const eol = sdp.includes("\r\n") ? "\r\n" : "\n";
  return sdp
    .split(/\r\n|\n|\r/)
    .filter((line) => !FINGERPRINT_LINE.test(line) || SHA256_LINE.test(line))
    .join(eol);
}

/**
 * The SHA-256 fingerprint of one of this page's own certificates. Uses RTCCertificate.getFingerprints() where the
 * browser has it (Chromium, Firefox and Safari do), else the fingerprint a throwaway connection with the
 * certificate puts into its own offer.
 */
export async function certificateFingerprint(cert: RTCCertificate): Promise<string> {
  if (typeof cert.getFingerprints === "function") {
    for (const { algorithm, value } of cert.getFingerprints()) {
      const hex = value?.replace(/:/g, "").toLowerCase();
      if (algorithm?.toLowerCase() === "sha-256" && isFingerprint(hex)) return hex;
    }
  }
  const pc = new RTCPeerConnection({ certificates: [cert] });
  try {
    pc.createDataChannel("fingerprint");
    const offer = await pc.createOffer();
    const found = peerFingerprint(offer.sdp ?? "");
    if (!found.ok) throw new Error(`this browser's certificate has no single sha-256 fingerprint (${found.reason})`);
    return found.fingerprint;
  } finally {
    pc.close();
  }
}

/** The fingerprint as it goes into the QR link's fragment: base64url of its 32 bytes, 43 characters. */
export function fingerprintToUrl(hex: string): string {
  if (!isFingerprint(hex)) throw new Error(`not a fingerprint: ${JSON.stringify(hex)}`);
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytesToBase64Url(bytes);
}

/** The fingerprint hex a link's `v=` names, or undefined for anything that is not exactly 32 bytes' base64url. */
export function fingerprintFromUrl(text: string): string | undefined {
  const bytes = base64UrlToBytes32(text);
  if (!bytes) return undefined;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
