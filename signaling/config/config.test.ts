// loadConfig(env): defaults, parsing, and one ConfigError naming every bad variable.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";
import { testConfig } from "../testing/config.js";

/** The error loadConfig throws for `env`; fails the test when it does not throw a ConfigError. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw new Error(`expected a ConfigError, got ${String(err)}`);
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}, but loadConfig accepted it`);
}

describe("loadConfig defaults", () => {
  it("uses the documented defaults for an empty environment", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 5000,
      host: "0.0.0.0",
      httpsPort: 5443,
      tlsCertFile: undefined,
      tlsKeyFile: undefined,
      certDir: ".certs",
      publicUrl: undefined,
      staticDir: "dist/client",
      codeTtlSeconds: 600,
      roomGraceSeconds: 60,
      maxViewers: 4,
      joinFailuresPerMinute: 10,
      codesPerMinute: 30,
      socketEventsPerSecond: 50,
      socketEventBurst: 200,
      corsOrigins: [],
      trustProxy: false,
      iceServers: [],
      maxHttpBufferSize: 131_072,
      logLevel: "info",
    });
  });

  it("treats an empty variable as unset", () => {
    const c = loadConfig({ PORT: "", MAX_VIEWERS: "", ICE_SERVERS: "", TRUST_PROXY: "" });
    expect(c.port).toBe(5000);
    expect(c.maxViewers).toBe(4);
    expect(c.iceServers).toEqual([]);
    expect(c.trustProxy).toBe(false);
  });

  it("returns a frozen object", () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  it("ignores variables it does not know", () => {
    expect(loadConfig({ HOME: "/root", PATH: "/usr/bin", SOMETHING_ELSE: "x" }).port).toBe(5000);
  });
});

describe("loadConfig parsing", () => {
  it("reads numbers, lists and JSON from the environment", () => {
    const c = loadConfig({
      PORT: "8080",
      HTTPS_PORT: "0",
      CODE_TTL_SECONDS: "30",
      ROOM_GRACE_SECONDS: "0",
      MAX_VIEWERS: "2",
      JOIN_FAILURES_PER_MINUTE: "3",
      CODES_PER_MINUTE: "7",
      CORS_ORIGINS: " https://a.example , ,https://b.example ",
      ICE_SERVERS:
        '[{"urls":"stun:stun.example.org:3478"},{"urls":["turn:t.example:3478"],"username":"u","credential":"p"}]',
      MAX_HTTP_BUFFER_SIZE: String(100 * 1024),
      PUBLIC_URL: "https://cam.example.org/",
    });
    expect(c).toMatchObject({
      port: 8080,
      httpsPort: 0,
      codeTtlSeconds: 30,
      roomGraceSeconds: 0,
      maxViewers: 2,
      joinFailuresPerMinute: 3,
      codesPerMinute: 7,
      corsOrigins: ["https://a.example", "https://b.example"],
      maxHttpBufferSize: 102_400,
      publicUrl: "https://cam.example.org",
    });
    expect(c.iceServers).toEqual([
      { urls: "stun:stun.example.org:3478" },
      { urls: ["turn:t.example:3478"], username: "u", credential: "p" },
    ]);
  });

  it("accepts TLS_CERT and TLS_KEY together", () => {
    const c = loadConfig({ TLS_CERT: "/etc/cert.pem", TLS_KEY: "/etc/key.pem" });
    expect(c.tlsCertFile).toBe("/etc/cert.pem");
    expect(c.tlsKeyFile).toBe("/etc/key.pem");
  });

  it.each([
    ["true", true],
    ["false", false],
    ["2", 2],
    ["0", 0],
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["loopback, 10.0.0.0/8", "loopback, 10.0.0.0/8"],
  ] as const)("reads TRUST_PROXY=%s as %j", (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });
});

describe("loadConfig refusals", () => {
  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["HTTPS_PORT", "1.5"],
    ["MAX_VIEWERS", "0"],
    ["MAX_VIEWERS", "four"],
    ["CODE_TTL_SECONDS", "0"],
    ["ROOM_GRACE_SECONDS", "-5"],
    ["JOIN_FAILURES_PER_MINUTE", "0"],
    ["CODES_PER_MINUTE", "x"],
    ["ICE_SERVERS", "notjson"],
    ["ICE_SERVERS", '{"urls":"stun:x"}'],
    ["ICE_SERVERS", '[{"url":"stun:x"}]'],
    ["MAX_HTTP_BUFFER_SIZE", "1000"],
    ["MAX_HTTP_BUFFER_SIZE", String(100 * 1024 - 1)],
    ["LOG_LEVEL", "loud"],
    ["PUBLIC_URL", "ftp://example.org"],
    ["PUBLIC_URL", "not a url"],
  ])("refuses %s=%s with a ConfigError that names it", (name, value) => {
    const err = configError({ [name]: value });
    expect(err.message).toContain(name);
    expect(err.problems.some((p) => new RegExp(`^${name}[.:]`).test(p))).toBe(true);
    expect(err.problems).toHaveLength(1);
  });

  it("names every bad variable in one error", () => {
    const err = configError({
      PORT: "abc",
      MAX_VIEWERS: "0",
      ICE_SERVERS: "notjson",
      MAX_HTTP_BUFFER_SIZE: "1000",
      HTTPS_PORT: "443", // fine: must not be named
    });
    for (const name of ["PORT", "MAX_VIEWERS", "ICE_SERVERS", "MAX_HTTP_BUFFER_SIZE"]) {
      expect(
        err.problems.some((p) => new RegExp(`^${name}[.:]`).test(p)),
        `${name} is named`,
      ).toBe(true);
    }
    expect(err.problems.some((p) => p.startsWith("HTTPS_PORT:"))).toBe(false);
    expect(err.problems).toHaveLength(4);
  });

  it("refuses TLS_CERT without TLS_KEY, and TLS_KEY without TLS_CERT", () => {
    expect(configError({ TLS_CERT: "/etc/cert.pem" }).message).toMatch(/TLS_CERT.*TLS_KEY|TLS_KEY.*TLS_CERT/);
    expect(configError({ TLS_KEY: "/etc/key.pem" }).message).toMatch(/TLS_CERT.*TLS_KEY|TLS_KEY.*TLS_CERT/);
  });

  it("names a lone TLS_CERT alongside the other bad variables in the same error", () => {
    const err = configError({ TLS_CERT: "/etc/cert.pem", PORT: "abc" });
    expect(err.message).toContain("PORT");
    expect(err.message).toContain("TLS_KEY");
  });

  it("refuses a TRUST_PROXY that is neither a boolean, a hop count nor addresses", () => {
    const err = configError({ TRUST_PROXY: "yes please" });
    expect(err.message).toContain("TRUST_PROXY");
  });
});

describe("loadConfig: abuse limits, metrics access, drain", () => {
  it("reads the hardening settings, with defaults a household or office never reaches", () => {
    const d = loadConfig({});
    expect(d).toMatchObject({
      maxConnectionsPerAddress: 256,
      maxQueuedBytes: 1_048_576,
      shutdownDrainMs: 2_000,
      allowedHosts: [],
    });
    expect(d.metricsPort).toBeUndefined();
    expect(d.maxConnections).toBeGreaterThanOrEqual(64);
    const c = loadConfig({
      ALLOWED_HOSTS: "cam.example.org, .example.net",
      MAX_CONNECTIONS_PER_ADDRESS: "10",
      MAX_CONNECTIONS: "500",
      METRICS_PORT: "9464",
      METRICS_TOKEN: "0123456789abcdef",
      SHUTDOWN_DRAIN_MS: "0",
    });
    expect(c).toMatchObject({
      allowedHosts: ["cam.example.org", ".example.net"],
      maxConnectionsPerAddress: 10,
      maxConnections: 500,
      metricsPort: 9464,
      metricsHost: "127.0.0.1",
      metricsToken: "0123456789abcdef",
      shutdownDrainMs: 0,
    });
  });

  it("refuses a short METRICS_TOKEN and a drain as long as the shutdown deadline", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
    expect(() => loadConfig({ SHUTDOWN_DRAIN_MS: "10000", SHUTDOWN_TIMEOUT_MS: "10000" })).toThrow(/SHUTDOWN_DRAIN_MS/);
  });
});

describe("testConfig", () => {
  it("listens on loopback only, on a free port, without HTTPS, silently", () => {
    const c = testConfig({ maxViewers: 2 });
    expect(c).toMatchObject({ host: "127.0.0.1", port: 0, httpsPort: 0, logLevel: "silent", maxViewers: 2 });
    expect(c.codeTtlSeconds).toBe(600);
  });
});
