// loadConfig for TURN, STUN, the ICE transport policy and access control: values, defaults and refusals.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

const SECRET = "coturn-static-auth-secret-0123";

describe("TURN and STUN settings", () => {
  it("are off by default", () => {
    expect(loadConfig({})).toMatchObject({
      stunUrls: [],
      turnUrls: [],
      turnSecret: undefined,
      turnTtlSeconds: 3600,
      turnUsername: undefined,
      turnPassword: undefined,
      iceTransportPolicy: undefined,
    });
  });

  it("reads TURN_URLS with TURN_SECRET and TURN_TTL_SECONDS, and STUN_URLS", () => {
    const c = loadConfig({
      TURN_URLS: "turn:turn.example.org:3478?transport=udp, turns:turn.example.org:5349?transport=tcp",
      TURN_SECRET: SECRET,
      TURN_TTL_SECONDS: "900",
      STUN_URLS: "stun:turn.example.org:3478",
      ICE_TRANSPORT_POLICY: "relay",
    });
    expect(c).toMatchObject({
      turnUrls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349?transport=tcp"],
      turnSecret: SECRET,
      turnTtlSeconds: 900,
      stunUrls: ["stun:turn.example.org:3478"],
      iceTransportPolicy: "relay",
    });
  });

  it("reads a fixed TURN user instead of a secret", () => {
    const c = loadConfig({ TURN_URLS: "turn:t.example.org", TURN_USERNAME: "cam", TURN_PASSWORD: "pw" });
    expect(c).toMatchObject({ turnUsername: "cam", turnPassword: "pw", turnSecret: undefined });
  });

  it("accepts relay-only with a TURN entry in ICE_SERVERS", () => {
    const ice = '[{"urls":"turn:t.example.org","username":"u","credential":"p"}]';
    expect(loadConfig({ ICE_SERVERS: ice, ICE_TRANSPORT_POLICY: "relay" }).iceTransportPolicy).toBe("relay");
  });

  it.each([
    [{ TURN_URLS: "stun:t.example.org", TURN_SECRET: SECRET }, /^TURN_URLS.*turn: or turns:/],
    [{ STUN_URLS: "turn:t.example.org" }, /^STUN_URLS.*stun: or stuns:/],
    [{ TURN_URLS: "turn:t.example.org" }, /^TURN_URLS: needs TURN_SECRET/],
    [{ TURN_SECRET: SECRET }, /set TURN_URLS too/],
    [{ TURN_URLS: "turn:t.example.org", TURN_SECRET: "short" }, /^TURN_SECRET: must be at least 16 characters/],
    [{ TURN_URLS: "turn:t.example.org", TURN_USERNAME: "cam" }, /^TURN_USERNAME and TURN_PASSWORD: set both/],
    [{ TURN_URLS: "turn:t.example.org", TURN_SECRET: SECRET, TURN_USERNAME: "a", TURN_PASSWORD: "b" }, /not both/],
    [{ TURN_URLS: "turn:t.example.org", TURN_SECRET: SECRET, TURN_TTL_SECONDS: "10" }, /^TURN_TTL_SECONDS/],
    [{ ICE_TRANSPORT_POLICY: "relay" }, /^ICE_TRANSPORT_POLICY: relay needs a TURN server/],
    [{ ICE_TRANSPORT_POLICY: "nohost" }, /^ICE_TRANSPORT_POLICY/],
  ])("refuses %j, saying why", (env, message) => {
    const found = problems(env);
    expect(
      found.some((p) => message.test(p)),
      found.join("\n"),
    ).toBe(true);
  });

  it("never puts a secret in its error messages", () => {
    const secretish = "a-secret-that-is-too-short"; // 26 characters: fine for TURN, too short for a JWT secret
    const found = problems({ TURN_SECRET: secretish, ACCESS_JWT_SECRET: secretish, ACCESS_KEYS: "short" });
    expect(found.length).toBeGreaterThan(0);
    expect(found.join("\n")).not.toContain(secretish);
    expect(found.join("\n")).not.toContain("short,");
  });
});

describe("access control settings", () => {
  it("are off by default", () => {
    expect(loadConfig({})).toMatchObject({ accessKeys: [], accessJwtSecret: undefined, accessFailuresPerMinute: 10 });
  });

  it("reads ACCESS_KEYS, ACCESS_JWT_SECRET and ACCESS_FAILURES_PER_MINUTE", () => {
    const c = loadConfig({
      ACCESS_KEYS: "first-key-0123456789, second-key-0123456789",
      ACCESS_JWT_SECRET: "j".repeat(32),
      ACCESS_FAILURES_PER_MINUTE: "5",
    });
    expect(c).toMatchObject({
      accessKeys: ["first-key-0123456789", "second-key-0123456789"],
      accessJwtSecret: "j".repeat(32),
      accessFailuresPerMinute: 5,
    });
  });

  it.each([
    [{ ACCESS_KEYS: "good-key-0123456789,tooshort" }, /^ACCESS_KEYS\.1: must be at least 16 characters/],
    [{ ACCESS_JWT_SECRET: "j".repeat(31) }, /^ACCESS_JWT_SECRET: must be at least 32 characters/],
    [{ ACCESS_FAILURES_PER_MINUTE: "0" }, /^ACCESS_FAILURES_PER_MINUTE/],
  ])("refuses %j, saying why", (env, message) => {
    const found = problems(env);
    expect(
      found.some((p) => message.test(p)),
      found.join("\n"),
    ).toBe(true);
  });
});
