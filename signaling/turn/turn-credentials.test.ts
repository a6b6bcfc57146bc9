// coturn's REST-API credentials: the username format, the HMAC against vectors computed elsewhere, and expiry.
import { describe, expect, it } from "vitest";
import { restCredential, restPassword } from "./turn-credentials.js";

describe("restPassword", () => {
  it("is base64(HMAC-SHA1(secret, username)): RFC 2202 test case 2", () => {
    // RFC 2202 §3, test case 2: HMAC-SHA1("Jefe", "what do ya want for nothing?") = effcdf6a…259a7c79.
    expect(restPassword("Jefe", "what do ya want for nothing?")).toBe("7/zfauXrL6LSdBbV8YTfnCWafHk=");
  });

  it("matches what `openssl dgst -sha1 -hmac SECRET -binary | base64` prints for a REST username", () => {
    // printf %s "1700000000:codecam" | openssl dgst -sha1 -hmac "north-wind-secret-0123" -binary | base64
    expect(restPassword("north-wind-secret-0123", "1700000000:codecam")).toBe("j7+u+XT3mzvm96nEkplTMoCcVwg=");
  });
});

describe("restCredential", () => {
  const secret = "north-wind-secret-0123";
  const now = Date.UTC(2026, 11, 1, 20, 0, 0, 250);

  it("names `<expiry unix seconds>:<id>` and signs that whole name", () => {
    const c = restCredential(secret, 3600, now, "codecam");
    const expiry = Math.floor(now / 1000) + 3600;
    expect(c.username).toBe(`${expiry}:codecam`);
    expect(c.credential).toBe(restPassword(secret, c.username));
    expect(c.expiresAt).toBe(expiry * 1000);
  });

  it("expires ttlSeconds after now (whole seconds, as coturn reads them)", () => {
    for (const ttl of [60, 3600, 86_400]) {
      const c = restCredential(secret, ttl, now);
      expect(Number(c.username.split(":")[0])).toBe(Math.floor(now / 1000) + ttl);
      expect(c.expiresAt - now).toBeGreaterThan((ttl - 1) * 1000);
      expect(c.expiresAt - now).toBeLessThanOrEqual(ttl * 1000);
    }
  });

  it("draws a fresh random id each time, with no ':' in it (coturn splits the name at the first ':')", () => {
    const names = new Set(Array.from({ length: 50 }, () => restCredential(secret, 3600, now).username));
    expect(names.size).toBe(50);
    for (const name of names) expect(name).toMatch(/^\d+:[A-Za-z0-9_-]{12}$/);
  });

  it("gives different passwords for different secrets", () => {
    const a = restCredential(secret, 3600, now, "x");
    const b = restCredential(`${secret}!`, 3600, now, "x");
    expect(a.username).toBe(b.username);
    expect(a.credential).not.toBe(b.credential);
  });
});
