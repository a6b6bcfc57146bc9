// Which sentence a failed connection gets: no relay configured, a relay that refused, one that was not reached.
import { describe, expect, it } from "vitest";
import { noPathText, relayTrouble } from "./ice-failure.js";

const TURN = "turn:turn.example.org:3478?transport=udp";

describe("relayTrouble", () => {
  it("is refused when a TURN server answered 401 (wrong or expired credentials)", () => {
    expect(relayTrouble([{ url: TURN, errorCode: 401 }], 0)).toBe("refused");
  });

  it("is unreachable when a TURN server did not answer (701)", () => {
    expect(relayTrouble([{ url: TURN, errorCode: 701 }], 0)).toBe("unreachable");
  });

  it("says refused when one URL refused and another was unreachable: the relay was there", () => {
    const errors = [
      { url: "turns:turn.example.org:5349?transport=tcp", errorCode: 701 },
      { url: TURN, errorCode: 401 },
    ];
    expect(relayTrouble(errors, 0)).toBe("refused");
  });

  it("is nothing once a relay candidate was gathered, whatever else failed", () => {
    expect(relayTrouble([{ url: TURN, errorCode: 701 }], 1)).toBeUndefined();
  });

  it("ignores STUN servers' errors: they say nothing about the relay", () => {
    expect(relayTrouble([{ url: "stun:stun.example.org:3478", errorCode: 701 }], 0)).toBeUndefined();
  });

  it("is nothing without errors", () => {
    expect(relayTrouble([], 0)).toBeUndefined();
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
