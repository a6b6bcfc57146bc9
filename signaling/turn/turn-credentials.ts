// Short-lived TURN credentials in coturn's `use-auth-secret` scheme ("TURN REST API"): the server and coturn
// share a secret, so coturn can check a credential it never stored, and a leaked one stops working by itself.
import { createHmac } from "node:crypto";
import { nanoid } from "nanoid";

export interface TurnCredential {
  /** `<expiry unix seconds>:<random id>`: coturn reads the expiry from the name and refuses it after then. */
  username: string;
  /** base64(HMAC-SHA1(secret, username)). */
  credential: string;
  /** ms since the epoch. */
  expiresAt: number;
}

/**
 * A credential valid for `ttlSeconds` from `now`. The random part keeps two credentials issued in the same
 * second apart in coturn's log and quota accounting; it carries no meaning.
 */
export function restCredential(secret: string, ttlSeconds: number, now = Date.now(), id = nanoid(12)): TurnCredential {
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  const username = `${expiry}:${id}`;
  return { username, credential: restPassword(secret, username), expiresAt: expiry * 1000 };
}

/** The password coturn derives for `username` from the shared secret. */
export function restPassword(secret: string, username: string): string {
  return createHmac("sha1", secret).update(username).digest("base64");
}
