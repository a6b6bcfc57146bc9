// Access control for code creation: the key and JWT checks on their own, then the gate on a real server.
import { SignJWT, UnsecuredJWT } from "jose";
import { describe, expect, it } from "vitest";
import { AccessCheck, bearerToken } from "./code-access.js";
import { join, startTestServer } from "../testing/support.js";

const KEY = "operator-key-0123456789";
const OTHER_KEY = "second-operator-key-abcdef";
const JWT_SECRET = "jwt-secret-that-is-long-enough-0123456789";
const encoded = (s: string) => new TextEncoder().encode(s);

function mint(opts: { secret?: string; alg?: string; exp?: number | null } = {}): Promise<string> {
  const jwt = new SignJWT({ sub: "user-42" }).setProtectedHeader({ alg: opts.alg ?? "HS256" }).setIssuedAt();
  const exp = opts.exp === undefined ? Math.floor(Date.now() / 1000) + 300 : opts.exp;
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(encoded(opts.secret ?? JWT_SECRET));
}

describe("AccessCheck", () => {
  const check = new AccessCheck({ accessKeys: [KEY, OTHER_KEY], accessJwtSecret: JWT_SECRET });

  it("is off with neither keys nor a JWT secret", () => {
    expect(new AccessCheck({ accessKeys: [], accessJwtSecret: undefined }).enabled).toBe(false);
    expect(new AccessCheck({ accessKeys: [KEY], accessJwtSecret: undefined }).enabled).toBe(true);
    expect(new AccessCheck({ accessKeys: [], accessJwtSecret: JWT_SECRET }).enabled).toBe(true);
  });

  it("accepts each configured key", async () => {
    expect(await check.verify(KEY)).toEqual({ ok: true, via: "key" });
    expect(await check.verify(OTHER_KEY)).toEqual({ ok: true, via: "key" });
  });

  it.each([
    ["a wrong key", "operator-key-0123456780"],
    ["a prefix of a key", KEY.slice(0, -1)],
    ["a key with more after it", `${KEY}x`],
    ["no key", ""],
    ["an absurdly long value", "k".repeat(10_000)],
  ])("refuses %s", async (_what, token) => {
    expect(await check.verify(token)).toEqual({ ok: false, reason: "the access key is not valid" });
  });

  it("accepts an unexpired HS256 JWT signed with the secret", async () => {
    expect(await check.verify(await mint())).toEqual({ ok: true, via: "jwt" });
  });

  it("refuses an expired JWT and says so", async () => {
    const token = await mint({ exp: Math.floor(Date.now() / 1000) - 3600 });
    expect(await check.verify(token)).toEqual({ ok: false, reason: "the access token has expired" });
  });

  it("refuses a JWT without exp: a token that never expires is not short-lived", async () => {
    expect(await check.verify(await mint({ exp: null }))).toEqual({
      ok: false,
      reason: "the access token has no expiry (exp)",
    });
  });

  it("refuses a JWT signed with another secret, without saying more", async () => {
    const token = await mint({ secret: `${JWT_SECRET}-not` });
    expect(await check.verify(token)).toEqual({ ok: false, reason: "the access key is not valid" });
    // Even an expired one: "expired" would be said only of a token whose signature checked out.
    const expired = await mint({ secret: `${JWT_SECRET}-not`, exp: Math.floor(Date.now() / 1000) - 3600 });
    expect(await check.verify(expired)).toEqual({ ok: false, reason: "the access key is not valid" });
  });

  it("refuses a JWT with a changed payload", async () => {
    const [header, , signature] = (await mint()).split(".");
    const payload = Buffer.from(JSON.stringify({ sub: "admin", exp: 9_999_999_999 })).toString("base64url");
    expect((await check.verify(`${header}.${payload}.${signature}`)).ok).toBe(false);
  });

  it("refuses other algorithms: HS512 with the same secret, and alg none", async () => {
    expect((await check.verify(await mint({ alg: "HS512" }))).ok).toBe(false);
    const unsigned = new UnsecuredJWT({ sub: "x" }).setExpirationTime("5m").encode();
    expect((await check.verify(unsigned)).ok).toBe(false);
  });

  it("refuses any JWT when only keys are configured", async () => {
    const keysOnly = new AccessCheck({ accessKeys: [KEY], accessJwtSecret: undefined });
    expect((await keysOnly.verify(await mint())).ok).toBe(false);
  });
});

describe("bearerToken", () => {
  it.each([
    ["Bearer abc", "abc"],
    ["bearer abc", "abc"],
    ["Bearer   abc ", "abc"],
    [undefined, undefined],
    ["", undefined],
    ["Basic abc", undefined],
    ["Bearer", undefined],
    ["Bearer a b", undefined],
    ["abc", undefined],
  ])("%j → %j", (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});

describe("POST /api/code/generate with access control on", () => {
  const generate = (url: string, authorization?: string) =>
    fetch(`${url}/api/code/generate`, { method: "POST", headers: authorization ? { authorization } : {} });

  async function expectUnauthorized(res: Response, message: RegExp): Promise<void> {
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("UNAUTHORIZED");
    expect(body.error.message).toMatch(message);
  }

  it("is open when access control is off", async () => {
    const s = await startTestServer();
    expect((await generate(s.url)).status).toBe(201);
    expect((await generate(s.url, "Bearer anything-at-all-here")).status).toBe(201);
  });

  it("answers 401 UNAUTHORIZED without a key or with a wrong one, 201 with a key or a JWT", async () => {
    const s = await startTestServer({ accessKeys: [KEY], accessJwtSecret: JWT_SECRET });
    await expectUnauthorized(await generate(s.url), /needs an access key/);
    await expectUnauthorized(await generate(s.url, `Basic ${KEY}`), /needs an access key/);
    await expectUnauthorized(await generate(s.url, "Bearer not-the-key-at-all"), /not valid/);
    await expectUnauthorized(await generate(s.url, `Bearer ${await mint({ exp: 1 })}`), /expired/);
    const byKey = await generate(s.url, `Bearer ${KEY}`);
    expect(byKey.status).toBe(201);
    expect(((await byKey.json()) as { code: string }).code).toMatch(/^\d{6}$/);
    expect((await generate(s.url, `Bearer ${await mint()}`)).status).toBe(201);
  });

  it("counts wrong keys per address: past the limit even the right key is refused until the window passes", async () => {
    const s = await startTestServer({ accessKeys: [KEY], accessFailuresPerMinute: 3 });
    // Requests without a key are what a page sends before its user typed one: not counted.
    for (let i = 0; i < 5; i++) expect((await generate(s.url)).status).toBe(401);
    // Right keys give their reservation back: not counted either.
    for (let i = 0; i < 5; i++) expect((await generate(s.url, `Bearer ${KEY}`)).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await generate(s.url, `Bearer wrong-key-number-${i}`)).status).toBe(401);
    const limited = await generate(s.url, `Bearer ${KEY}`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/codecam_rate_limited_total\{scope="access"\} 1/);
  });

  it("lets a camera and a viewer join a live code without any key", async () => {
    const s = await startTestServer({ accessKeys: [KEY] });
    const code = ((await (await generate(s.url, `Bearer ${KEY}`)).json()) as { code: string }).code;
    const camera = await s.connect();
    const viewer = await s.connect();
    expect((await join(camera, code, "camera")).ok).toBe(true);
    expect((await join(viewer, code, "viewer")).ok).toBe(true);
  });
});
