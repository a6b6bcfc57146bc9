// rateLimitKey (what per-address limits count by) and compileTrust (Express's trust-proxy forms).
import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress, compileTrust, rateLimitKey } from "./client-ip.js";

describe("rateLimitKey", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(rateLimitKey("203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitKey("127.0.0.1")).toBe("127.0.0.1");
  });

  it("turns an IPv4-mapped IPv6 address into the plain IPv4 address", () => {
    expect(rateLimitKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitKey("::FFFF:203.0.113.7")).toBe("203.0.113.7");
  });

  it("turns the hex and fully expanded spellings of an IPv4-mapped address into that IPv4 address", () => {
    expect(rateLimitKey("::ffff:cb00:7107")).toBe("203.0.113.7");
    expect(rateLimitKey("0:0:0:0:0:ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(rateLimitKey("0000:0000:0000:0000:0000:ffff:cb00:7107")).toBe("203.0.113.7");
    expect(rateLimitKey("::ffff:cb00:7108")).not.toBe(rateLimitKey("::ffff:cb00:7107"));
  });

  it("gives every address of one IPv6 /64 the same key, in compressed and expanded forms", () => {
    const key = rateLimitKey("2001:db8::1");
    for (const addr of [
      "2001:db8:0:0:ffff::2",
      "2001:0db8:0000:0000:0000:0000:0000:0001",
      "2001:DB8::abcd:ef01:2345:6789",
      "2001:db8:0:0:1:2:3:4",
      "2001:db8::",
      "2001:db8::1%eth0",
    ]) {
      expect(rateLimitKey(addr), addr).toBe(key);
    }
  });

  it("gives different IPv6 /64s different keys", () => {
    const keys = [
      "2001:db8::1",
      "2001:db8:0:1::1",
      "2001:db8:1::1",
      "2001:db9::1",
      "2001:db8:0:ffff::1",
      "fe80::1",
      "::1",
    ].map(rateLimitKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("does not give an IPv6 address the key of an IPv4 address", () => {
    expect(rateLimitKey("::1")).not.toBe(rateLimitKey("127.0.0.1"));
    expect(rateLimitKey("2001:db8::1")).toMatch(/\/64$/);
  });

  it("keys the /64 by its first four groups, whatever the zero compression", () => {
    // The /64 is decided by the first four groups; "::" in the second half must not shift them.
    expect(rateLimitKey("2001:db8:aaaa:bbbb::1")).toBe(rateLimitKey("2001:db8:aaaa:bbbb:1:2:3:4"));
    expect(rateLimitKey("2001:db8:aaaa::bbbb")).not.toBe(rateLimitKey("2001:db8:aaaa:bbbb::"));
  });
});

describe("compileTrust", () => {
  it("trusts no hop by default (false)", () => {
    const trust = compileTrust(false);
    expect(trust("127.0.0.1", 0)).toBe(false);
    expect(trust("10.1.2.3", 1)).toBe(false);
  });

  it("trusts every hop with true", () => {
    const trust = compileTrust(true);
    expect(trust("198.51.100.1", 0)).toBe(true);
    expect(trust("198.51.100.1", 5)).toBe(true);
  });

  it("trusts the first n hops with a hop count", () => {
    const trust = compileTrust(2);
    expect(trust("198.51.100.1", 0)).toBe(true);
    expect(trust("198.51.100.1", 1)).toBe(true);
    expect(trust("198.51.100.1", 2)).toBe(false);
  });

  it("trusts listed subnets only, with a comma-separated list", () => {
    const trust = compileTrust("10.0.0.0/8, loopback");
    expect(trust("10.200.3.4", 0)).toBe(true);
    expect(trust("127.0.0.1", 0)).toBe(true);
    expect(trust("::1", 0)).toBe(true);
    expect(trust("11.0.0.1", 0)).toBe(false);
    expect(trust("192.168.1.1", 0)).toBe(false);
  });
});

describe("clientAddress", () => {
  function fakeRequest(remote: string, forwarded?: string): IncomingMessage {
    return {
      headers: forwarded === undefined ? {} : { "x-forwarded-for": forwarded },
      socket: { remoteAddress: remote },
      connection: { remoteAddress: remote },
    } as unknown as IncomingMessage;
  }

  it("ignores X-Forwarded-For unless the proxy is trusted", () => {
    const req = fakeRequest("127.0.0.1", "203.0.113.9");
    expect(clientAddress(req, compileTrust(false))).toBe("127.0.0.1");
    expect(clientAddress(req, compileTrust("loopback"))).toBe("203.0.113.9");
  });

  it("does not believe an address forwarded by an untrusted hop", () => {
    // 198.51.100.1 (untrusted) claims to forward for 203.0.113.9: the client is 198.51.100.1.
    const req = fakeRequest("127.0.0.1", "203.0.113.9, 198.51.100.1");
    expect(clientAddress(req, compileTrust("loopback"))).toBe("198.51.100.1");
  });
});
