// The sentences /socket-test shows for ICE gathering, a working path, and no path.
import { describe, expect, it } from "vitest";
import type { CandidateCounts } from "./candidates.js";
import {
  describeRoute,
  explainNoPath,
  formatCounts,
  judgeGathering,
  type NoPathFacts,
  relayTroubleFrom,
} from "./path-words.js";

const counts = (c: Partial<CandidateCounts>): CandidateCounts => ({
  host: 0,
  srflx: 0,
  prflx: 0,
  relay: 0,
  mdns: 0,
  ...c,
});

describe("judgeGathering", () => {
  const base = { stunUrls: 0, turnUrls: 0, relayOnly: false };

  it("passes with host addresses only and says there is no TURN to fall back on", () => {
    expect(judgeGathering({ ...base, counts: counts({ host: 2 }) })).toEqual({
      passed: true,
      detail: "2 host · 0 srflx · 0 relay · no TURN server configured: direct paths only · no STUN server configured",
    });
  });

  it("passes when the TURN server gave a relay address, and notes a silent STUN server and hidden addresses", () => {
    const v = judgeGathering({ ...base, stunUrls: 1, turnUrls: 2, counts: counts({ host: 1, mdns: 1, relay: 2 }) });
    expect(v.passed).toBe(true);
    expect(v.detail).toBe(
      "1 host · 0 srflx · 2 relay · TURN relay reachable · the STUN server did not answer · host addresses hidden as .local names until the camera is allowed",
    );
  });

  it("fails with no address at all", () => {
    expect(judgeGathering({ ...base, counts: counts({}) })).toEqual({
      passed: false,
      detail: "0 host · 0 srflx · 0 relay: no network address at all. Is this device on a network?",
    });
  });

  it("fails when TURN is configured and gave no relay address, saying refused or unreachable", () => {
    const refused = judgeGathering({ ...base, turnUrls: 1, relayTrouble: "refused", counts: counts({ host: 1 }) });
    expect(refused).toEqual({
      passed: false,
      detail:
        "1 host · 0 srflx · 0 relay: the TURN server refused this device's credentials (check TURN_SECRET on the server and coturn)",
    });
    const silent = judgeGathering({ ...base, turnUrls: 1, relayTrouble: "unreachable", counts: counts({ host: 1 }) });
    expect(silent.passed).toBe(false);
    expect(silent.detail).toContain("the TURN server can't be reached from this network");
  });

  it("says TURN went unchecked, not that there is none, when no code could be had for its credentials", () => {
    const v = judgeGathering({
      ...base,
      relayOnly: true,
      turnUnchecked: "POST /api/code/generate failed: 401",
      counts: counts({ host: 1 }),
    });
    expect(v).toEqual({
      passed: true,
      detail:
        "1 host · 0 srflx · 0 relay · TURN not checked: POST /api/code/generate failed: 401 · no STUN server configured",
    });
  });

  it("fails relay-only without any TURN server", () => {
    const v = judgeGathering({ ...base, relayOnly: true, counts: counts({ host: 1 }) });
    expect(v).toEqual({
      passed: false,
      detail: "1 host · 0 srflx · 0 relay · relay-only, but no TURN server configured · no STUN server configured",
    });
  });
});

describe("relayTroubleFrom", () => {
  it("is refused for an authentication error on a TURN URL, else unreachable", () => {
    expect(relayTroubleFrom([{ url: "turn:t:3478?transport=udp", errorCode: 401 }])).toBe("refused");
    expect(relayTroubleFrom([{ url: "turn:t:3478", errorCode: 701 }])).toBe("unreachable");
    expect(relayTroubleFrom([{ url: "stun:s:3478", errorCode: 401 }])).toBe("unreachable");
    expect(relayTroubleFrom([])).toBe("unreachable");
  });
});

describe("formatCounts", () => {
  it("shows prflx only when there is one", () => {
    expect(formatCounts(counts({ host: 1 }))).toBe("1 host · 0 srflx · 0 relay");
    expect(formatCounts(counts({ host: 1, prflx: 2 }))).toBe("1 host · 0 srflx · 0 relay · 2 prflx");
  });
});

describe("describeRoute", () => {
  it("names the path, the candidate types, the protocol and the round trip", () => {
    const pair = {
      local: { type: "host" as const, address: "10.0.0.2", protocol: "udp" },
      remote: { type: "prflx" as const, address: "10.0.0.3", protocol: "udp" },
      rttMs: 2.6,
    };
    expect(describeRoute("lan", pair)).toBe("direct on the LAN · host ↔ prflx over udp, 3 ms round trip");
  });

  it("says how this device reaches the relay", () => {
    const pair = {
      local: { type: "relay" as const, address: "203.0.113.9", protocol: "udp", relayProtocol: "tcp" },
      remote: { type: "host" as const, address: "", protocol: "udp" },
    };
    expect(describeRoute("relay", pair)).toBe("through the TURN relay · relay ↔ host over udp (to the relay over tcp)");
    expect(describeRoute("internet", { ...pair, local: { ...pair.local, type: "srflx" } })).toBe(
      "direct across networks (through NAT) · srflx ↔ host over udp",
    );
  });
});

describe("explainNoPath", () => {
  const both: NoPathFacts = {
    answered: true,
    local: counts({ host: 2 }),
    remote: counts({ host: 1 }),
    turnConfigured: false,
    relayOnly: false,
  };

  it("the other device never answered", () => {
    expect(explainNoPath({ ...both, answered: false })).toBe(
      "no path: the other device did not answer. Is /socket-test still open there, connected and in the room?",
    );
  });

  it("one side has no address", () => {
    expect(explainNoPath({ ...both, local: counts({}) })).toMatch(/^no path: this device found no network address/);
    expect(explainNoPath({ ...both, remote: counts({}) })).toMatch(
      /^no path: the other device sent no network address/,
    );
  });

  it("no TURN relay to fall back on", () => {
    expect(explainNoPath(both)).toBe(
      "no path: the devices can't reach each other directly (different networks, or a Wi-Fi that keeps devices apart), and the server has no TURN relay to fall back on. Put both on one network, or configure TURN.",
    );
  });

  it("the relay refused, could not be reached here, or could not be reached there", () => {
    expect(explainNoPath({ ...both, turnConfigured: true, relayTrouble: "refused" })).toBe(
      "no path: the TURN relay refused this device's credentials, and the devices can't reach each other directly.",
    );
    expect(explainNoPath({ ...both, turnConfigured: true, relayTrouble: "unreachable" })).toMatch(
      /^no path: the TURN relay can't be reached from this device/,
    );
    expect(explainNoPath({ ...both, turnConfigured: true, local: counts({ host: 1, relay: 1 }) })).toMatch(
      /^no path: the other device got no relay address/,
    );
  });

  it("relays on both sides that never met", () => {
    const relays = { ...both, turnConfigured: true, local: counts({ relay: 1 }), remote: counts({ relay: 1 }) };
    expect(explainNoPath(relays)).toMatch(/^no path: both devices have relay addresses, yet no pair worked/);
  });

  it("relay-only: blames the relay, not the network, when no address came at all", () => {
    const relayOnly = { ...both, relayOnly: true, turnConfigured: true, local: counts({}), remote: counts({}) };
    expect(explainNoPath(relayOnly)).toBe(
      "no path: the TURN relay can't be reached from this device, and the pages use the relay only.",
    );
    expect(explainNoPath({ ...relayOnly, relayTrouble: "refused" })).toBe(
      "no path: the TURN relay refused this device's credentials, and the pages use the relay only.",
    );
    expect(explainNoPath({ ...relayOnly, local: counts({ relay: 2 }) })).toBe(
      "no path: the other device got no relay address, and the pages use the relay only.",
    );
    expect(explainNoPath({ ...relayOnly, turnConfigured: false })).toBe(
      "no path: the pages use the relay only, but the server has no TURN server configured.",
    );
  });
});
