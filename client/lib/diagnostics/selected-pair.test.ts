// findSelectedPair / classifyRoute / mediaReceived over getStats() reports recorded from Chromium 14x (trimmed
// to the fields read), plus hand-written shapes for the cases a single machine cannot record.
import { describe, expect, it } from "vitest";
import { mediaReceived } from "./media-flow.js";
import { classifyRoute, findSelectedPair, isPrivateAddress, type SelectedPair } from "./selected-pair.js";

/** A loopback call inside the e2e network namespace (lo + a veth at 10.200.0.1), receiving side. */
const HOST_LOOPBACK = [
  // Nominated and succeeded, but not the pair in use: the transport's selectedCandidatePairId names the other.
  {
    id: "CP9nlpPZYl_7BFjWCOx",
    type: "candidate-pair",
    localCandidateId: "I9nlpPZYl",
    remoteCandidateId: "I7BFjWCOx",
    nominated: true,
    state: "succeeded",
    currentRoundTripTime: 0.002,
    writable: false,
  },
  {
    id: "CP9nlpPZYl_seRy/S+5",
    type: "candidate-pair",
    localCandidateId: "I9nlpPZYl",
    remoteCandidateId: "IseRy/S+5",
    nominated: true,
    state: "succeeded",
    currentRoundTripTime: 0.001,
    writable: true,
  },
  {
    id: "I7BFjWCOx",
    type: "remote-candidate",
    candidateType: "host",
    address: "127.0.0.1",
    port: 46141,
    protocol: "udp",
  },
  {
    id: "I9nlpPZYl",
    type: "local-candidate",
    candidateType: "host",
    address: "10.200.0.1",
    port: 46455,
    protocol: "udp",
  },
  {
    id: "IT01V1017762526",
    type: "inbound-rtp",
    kind: "video",
    bytesReceived: 2985,
    framesDecoded: 41,
    frameWidth: 160,
    frameHeight: 120,
  },
  {
    id: "IseRy/S+5",
    type: "remote-candidate",
    candidateType: "host",
    address: "10.200.0.1",
    port: 47616,
    protocol: "udp",
  },
  { id: "T01", type: "transport", selectedCandidatePairId: "CP9nlpPZYl_seRy/S+5" },
];

/** The same call with iceTransportPolicy "relay" through a local coturn. */
const RELAY_LOOPBACK = [
  {
    id: "CPlQi+mpW4_GDnyvlUt",
    type: "candidate-pair",
    localCandidateId: "IlQi+mpW4",
    remoteCandidateId: "IGDnyvlUt",
    nominated: true,
    state: "succeeded",
    currentRoundTripTime: 0.003,
    writable: true,
  },
  {
    id: "IGDnyvlUt",
    type: "remote-candidate",
    candidateType: "relay",
    address: "127.0.0.1",
    port: 31427,
    protocol: "udp",
  },
  {
    id: "IT01V3844604542",
    type: "inbound-rtp",
    kind: "video",
    bytesReceived: 2959,
    framesDecoded: 40,
    frameWidth: 160,
    frameHeight: 120,
  },
  {
    id: "IlQi+mpW4",
    type: "local-candidate",
    candidateType: "relay",
    address: "127.0.0.1",
    port: 31426,
    protocol: "udp",
    relayProtocol: "udp",
  },
  { id: "T01", type: "transport", selectedCandidatePairId: "CPlQi+mpW4_GDnyvlUt" },
];

/** Two browser contexts on one machine; this one had no camera permission, so its own address is hidden (mDNS, ""). */
const MDNS_LAN = [
  {
    id: "CPRl9v5XX8_9EQ7CPr3",
    type: "candidate-pair",
    localCandidateId: "IRl9v5XX8",
    remoteCandidateId: "I9EQ7CPr3",
    nominated: true,
    state: "succeeded",
    currentRoundTripTime: 0.001,
    writable: true,
  },
  {
    id: "I9EQ7CPr3",
    type: "remote-candidate",
    candidateType: "host",
    address: "192.0.2.2",
    port: 55981,
    protocol: "udp",
  },
  { id: "IRl9v5XX8", type: "local-candidate", candidateType: "host", address: "", port: 38548, protocol: "udp" },
  { id: "T01", type: "transport", selectedCandidatePairId: "CPRl9v5XX8_9EQ7CPr3" },
];

/** Hand-written: a pair of the given candidate types and addresses, Chromium's shape. */
function pairOf(local: [string, string], remote: [string, string]) {
  return [
    { id: "T", type: "transport", selectedCandidatePairId: "P" },
    {
      id: "P",
      type: "candidate-pair",
      localCandidateId: "L",
      remoteCandidateId: "R",
      nominated: true,
      state: "succeeded",
    },
    { id: "L", type: "local-candidate", candidateType: local[0], address: local[1], protocol: "udp" },
    { id: "R", type: "remote-candidate", candidateType: remote[0], address: remote[1], protocol: "udp" },
  ];
}

const route = (stats: unknown[]) => classifyRoute(findSelectedPair(stats) as SelectedPair);

describe("findSelectedPair", () => {
  it("follows the transport's selectedCandidatePairId, not the first nominated pair", () => {
    expect(findSelectedPair(HOST_LOOPBACK)).toEqual({
      local: { type: "host", address: "10.200.0.1", protocol: "udp" },
      remote: { type: "host", address: "10.200.0.1", protocol: "udp" },
      rttMs: 1,
    });
  });

  it("reads a relay pair with how this device reaches the relay", () => {
    expect(findSelectedPair(RELAY_LOOPBACK)).toMatchObject({
      local: { type: "relay", relayProtocol: "udp" },
      remote: { type: "relay" },
      rttMs: 3,
    });
  });

  it("takes Firefox's `selected: true` pair when there is no transport report", () => {
    const firefox = [
      {
        id: "P1",
        type: "candidate-pair",
        localCandidateId: "L",
        remoteCandidateId: "R",
        nominated: true,
        state: "succeeded",
        selected: false,
      },
      {
        id: "P2",
        type: "candidate-pair",
        localCandidateId: "L",
        remoteCandidateId: "R2",
        nominated: true,
        state: "succeeded",
        selected: true,
      },
      { id: "L", type: "local-candidate", candidateType: "host", address: "192.168.1.20", protocol: "udp" },
      { id: "R", type: "remote-candidate", candidateType: "host", address: "192.168.1.30", protocol: "udp" },
      { id: "R2", type: "remote-candidate", candidateType: "relay", address: "203.0.113.9", protocol: "udp" },
    ];
    expect(findSelectedPair(firefox)?.remote).toEqual({ type: "relay", address: "203.0.113.9", protocol: "udp" });
  });

  it("is undefined before any pair works (or after ICE failed), and ignores junk", () => {
    const checking = [
      {
        id: "P",
        type: "candidate-pair",
        localCandidateId: "L",
        remoteCandidateId: "R",
        nominated: false,
        state: "in-progress",
      },
      { id: "T", type: "transport", iceState: "checking" },
    ];
    expect(findSelectedPair(checking)).toBeUndefined();
    expect(findSelectedPair([null, 3, { type: "transport" }])).toBeUndefined();
  });
});

describe("classifyRoute", () => {
  it("recorded: host ↔ host is the LAN, relay ↔ relay is the TURN relay", () => {
    expect(route(HOST_LOOPBACK)).toBe("lan");
    expect(route(RELAY_LOOPBACK)).toBe("relay");
  });

  it("recorded: a hidden (mDNS) host address on one side is still the LAN", () => {
    expect(route(MDNS_LAN)).toBe("lan");
  });

  it("a relay at one end is enough for the relay", () => {
    expect(route(pairOf(["host", "192.168.1.2"], ["relay", "203.0.113.9"]))).toBe("relay");
  });

  it("a peer-reflexive private address is the LAN; a public one, or any srflx end, is across networks", () => {
    expect(route(pairOf(["host", "192.168.1.2"], ["prflx", "192.168.1.7"]))).toBe("lan");
    expect(route(pairOf(["host", ""], ["prflx", ""]))).toBe("lan");
    expect(route(pairOf(["prflx", "198.51.100.4"], ["host", "10.0.0.3"]))).toBe("internet");
    expect(route(pairOf(["srflx", "198.51.100.4"], ["srflx", "203.0.113.9"]))).toBe("internet");
  });
});

describe("isPrivateAddress", () => {
  it("knows the private, loopback, link-local and unique-local ranges and mDNS names", () => {
    for (const a of ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.9", "127.0.0.1", "169.254.3.4"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["::1", "fe80::1", "fd00::2", "[fc12::9]", "::ffff:192.168.1.1", "0b1c.local"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
  });

  it("counts public, carrier-grade NAT and malformed addresses as not private", () => {
    for (const a of ["8.8.8.8", "172.32.0.1", "100.64.0.1", "2001:db8::1", "203.0.113.9", "", "localhost"]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });
});

describe("mediaReceived", () => {
  it("recorded: frames decoded, bytes and the resolution of the received video", () => {
    expect(mediaReceived(HOST_LOOPBACK)).toEqual({ framesDecoded: 41, bytesReceived: 2985, width: 160, height: 120 });
    expect(mediaReceived(RELAY_LOOPBACK)).toMatchObject({ framesDecoded: 40 });
  });

  it("adds audio bytes to the total, and says 0 when nothing arrived", () => {
    const withAudio = [...HOST_LOOPBACK, { id: "A", type: "inbound-rtp", kind: "audio", bytesReceived: 1000 }];
    expect(mediaReceived(withAudio).bytesReceived).toBe(3985);
    expect(mediaReceived(MDNS_LAN)).toEqual({ framesDecoded: 0, bytesReceived: 0 });
  });
});
