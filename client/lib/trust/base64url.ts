// base64url (RFC 4648 §5, no padding) for the 32-byte values of verified pairing: a laptop's fingerprint in the
// QR link, and the nonces and commitments of the words exchange on the data channel.

/** Characters in the base64url form of 32 bytes: 256 bits in 6-bit characters, the last two bits zero. */
export const BASE64URL_32_LENGTH = 43;

/**
 * 42 free characters, then one whose two low bits are zero (index a multiple of 4), so each 32-byte value has
 * exactly one accepted spelling.
 */
const BASE64URL_32 = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** True for the canonical base64url form of exactly 32 bytes. */
export function isBase64Url32(value: unknown): value is string {
  return typeof value === "string" && BASE64URL_32.test(value);
}

export function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The 32 bytes of a canonical base64url string (see isBase64Url32); anything else is undefined. */
export function base64UrlToBytes32(text: string): Uint8Array | undefined {
  if (!isBase64Url32(text)) return undefined;
  const binary = atob(`${text.replace(/-/g, "+").replace(/_/g, "/")}=`);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
