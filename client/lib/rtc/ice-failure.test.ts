// Which sentence a failed connection gets: no relay configured, a relay that refused, one that was not reached.
import { describe, expect, it } from "vitest";
import { noPathText, RELAY_SILENCE_MS, relayTrouble, type RelayObservation } from "./ice-failure.js";

const TURN = "turn:turn.example.org:3478?transport=udp";

describe("relayTrouble", () => {
  const seen = (o: Partial<RelayObservation>): RelayObservation => ({
    errors: [],
    relayCandidates: 0,
    turnConfigured: true,
    gatheringMs: 1_000,
    ...o,
  });

  it("is refused when a TURN server answered 401 (wrong or expired credentials)", () => {
    expect(relayTrouble(seen({ errors: [{ url: TURN, errorCode: 401 }] }))).toBe("refused");
  });

  it("is unreachable when a TURN server did not answer (701)", () => {
    expect(relayTrouble(seen({ errors: [{ url: TURN, errorCode: 701 }] }))).toBe("unreachable");
  });

  it("is unreachable when the relay stayed silent past RELAY_SILENCE_MS after gathering began", () => {
    expect(relayTrouble(seen({ gatheringMs: RELAY_SILENCE_MS }))).toBe("unreachable");
    expect(relayTrouble(seen({ gatheringMs: RELAY_SILENCE_MS - 1 }))).toBeUndefined();
    expect(relayTrouble(seen({ gatheringMs: RELAY_SILENCE_MS, turnConfigured: false }))).toBeUndefined();
  });

  it("says refused when one URL refused and another was unreachable: the relay was there", () => {
    const errors = [
      { url: "turns:turn.example.org:5349?transport=tcp", errorCode: 701 },
      { url: TURN, errorCode: 401 },
    ];
    expect(relayTrouble(seen({ errors, gatheringMs: 60_000 }))).toBe("refused");
  });

  it("is nothing once a relay candidate was gathered, whatever else failed", () => {
    expect(
      relayTrouble(seen({ errors: [{ url: TURN, errorCode: 701 }], relayCandidates: 1, gatheringMs: 60_000 })),
    ).toBeUndefined();
  });

  it("ignores STUN servers' errors: they say nothing about the relay", () => {
    expect(relayTrouble(seen({ errors: [{ url: "stun:stun.example.org:3478", errorCode: 701 }] }))).toBeUndefined();
  });

  it("is nothing without errors while gathering is young", () => {
    expect(relayTrouble(seen({}))).toBeUndefined();
  });
});

describe("noPathText", () => {
  it("asks for a TURN relay when none is configured", () => {
    expect(noPathText(false, undefined)).toMatch(/^No direct path between the devices: a TURN relay is needed/);
  });

  it("names refused credentials and an unreachable relay apart", () => {
    expect(noPathText(true, "refused")).toMatch(/refused this device's credentials/);
    expect(noPathText(true, "unreachable")).toMatch(/can't be reached from this device/);
    expect(noPathText(true, undefined)).toMatch(/even through the relay/);
  });
});
