// Candidate lines as Chromium sends them (recorded in the e2e network namespace and on a plain host).
import { describe, expect, it } from "vitest";
import { countCandidates, iceServerUrls, parseCandidate, totalCandidates } from "./candidates.js";

const RECORDED = [
  "candidate:2070343792 1 udp 2122260223 127.0.0.1 46141 typ host generation 0 ufrag oBD+ network-id 2 network-cost 50",
  "candidate:3963273226 1 udp 2122194687 10.200.0.1 47616 typ host generation 0 ufrag oBD+ network-id 1",
  "candidate:94966504 1 tcp 1518280447 127.0.0.1 9 typ host tcptype active generation 0 ufrag oBD+ network-id 2",
  "candidate:2961620407 1 udp 58597631 127.0.0.1 31427 typ relay raddr 0.0.0.0 rport 0 generation 0 ufrag xmFV",
  "candidate:1439921148 1 udp 2113937151 bd6b4ff8-6aba-487e-a5ea-aa2170115835.local 35508 typ host generation 0 ufrag mtqi network-cost 999",
  "candidate:842163049 1 udp 1677729535 198.51.100.7 61000 typ srflx raddr 10.0.0.5 rport 50000 generation 0",
];

describe("parseCandidate", () => {
  it("reads type, protocol, address and port, with or without `a=`", () => {
    expect(parseCandidate(RECORDED[3]!)).toEqual({ type: "relay", protocol: "udp", address: "127.0.0.1", port: 31427 });
    expect(parseCandidate(`a=${RECORDED[2]}`)).toMatchObject({ type: "host", protocol: "tcp", port: 9 });
  });

  it("is undefined for the end-of-candidates marker and anything else", () => {
    for (const line of [
      "",
      "candidate:1 1 udp 1 1.2.3.4 x typ host",
      "candidate:1 1 udp 1 1.2.3.4 5 typ weird",
      "hello",
    ]) {
      expect(parseCandidate(line), line).toBeUndefined();
    }
  });
});

describe("countCandidates", () => {
  it("counts each type once per address and port, and notes mDNS host names", () => {
    const counts = countCandidates([...RECORDED, RECORDED[0]!, ""]);
    expect(counts).toEqual({ host: 4, srflx: 1, prflx: 0, relay: 1, mdns: 1 });
    expect(totalCandidates(counts)).toBe(6);
  });

  it("is all zeros for nothing", () => {
    expect(countCandidates([])).toEqual({ host: 0, srflx: 0, prflx: 0, relay: 0, mdns: 0 });
  });
});

describe("iceServerUrls", () => {
  it("splits an RTCConfiguration's servers into TURN and STUN URLs", () => {
    const servers = [
      { urls: "stun:stun.example.org:3478" },
      {
        urls: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
        username: "u",
        credential: "c",
      },
    ];
    expect(iceServerUrls(servers)).toEqual({
      stun: ["stun:stun.example.org:3478"],
      turn: ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"],
    });
    expect(iceServerUrls(undefined)).toEqual({ stun: [], turn: [] });
  });
});
