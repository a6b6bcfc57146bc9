// The camera page's console indicator (issue 18) through the page's own state flow: applyChange → present.
import { describe, expect, it } from "vitest";
import { newMember } from "../lib/rtc/member.js";
import { present } from "./present.js";
import { applyChange, initialCameraState, type CameraState } from "./state.js";

const NOW = 1_000_000;
const verified = { ...newMember("v1"), status: "verified" as const, how: "qr" as const };
const asking = { ...newMember("v2"), status: "pending" as const };

function camera(patch: Partial<CameraState> = {}): CameraState {
  return {
    ...initialCameraState({ pageOrigin: "https://192.0.2.2:5443", settingsOpen: false }),
    connection: "online",
    code: "483920",
    camera: "on",
    ...patch,
  };
}

describe("camera console indicator", () => {
  it("hidden until a verified laptop is in the room; a laptop still asking does not count", () => {
    expect(present(camera({ members: [asking] }), NOW).indicator.shown).toBe(false);
    expect(present(camera({ members: [asking, verified] }), NOW).indicator).toMatchObject({
      shown: true,
      text: "The laptop can adjust this camera",
      button: "Lock",
    });
    expect(present(camera({ members: [verified], camera: "off" }), NOW).indicator.shown).toBe(false);
  });

  it("says what a laptop changed, and the lock the holder tapped", () => {
    let s = applyChange(camera({ members: [verified] }), {
      type: "console-changed",
      last: { label: "Focus", by: "the laptop", at: NOW - 1_000 },
    });
    expect(present(s, NOW).indicator).toMatchObject({ text: "Focus set from the laptop", fresh: true });
    s = applyChange(s, { type: "console-locked", locked: true });
    expect(present(s, NOW).indicator).toMatchObject({ text: "Laptop controls locked", button: "Unlock" });
    s = applyChange(s, { type: "console-locked", locked: false });
    expect(present(s, NOW).indicator.button).toBe("Lock");
  });
});
