import { describe, expect, it } from "vitest";
import { relayRequested, toRtcConfiguration } from "./rtc-config.js";

describe("relayRequested", () => {
  it.each([
    ["?code=123456&relay=1", true],
    ["?relay=true", true],
    ["?relay=0", false],
    ["?relay=", false],
    ["?code=123456", false],
    ["", false],
  ])("%s → %s", (search, expected) => {
    expect(relayRequested(search)).toBe(expected);
  });
});

describe("toRtcConfiguration", () => {
  const iceServers = [{ urls: "turn:t.example.org", username: "u", credential: "p" }];

  it("passes the ICE servers and leaves the policy to the browser by default", () => {
    expect(toRtcConfiguration({ iceServers }, false)).toEqual({ iceServers });
  });

  it("is relay-only when the page asks or the server says so", () => {
    expect(toRtcConfiguration({ iceServers }, true)).toEqual({ iceServers, iceTransportPolicy: "relay" });
    expect(toRtcConfiguration({ iceServers, iceTransportPolicy: "relay" }, false)).toEqual({
      iceServers,
      iceTransportPolicy: "relay",
    });
    expect(toRtcConfiguration({ iceServers, iceTransportPolicy: "all" }, false)).toEqual({ iceServers });
  });
});
