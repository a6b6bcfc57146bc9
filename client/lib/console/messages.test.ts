// The console's data-channel messages: round trips, and strict refusals that keep the command's id.
import { describe, expect, it } from "vitest";
import { decodeLinkMessage } from "../rtc/link-messages.js";
import { decodeConsoleMessage, encodeConsoleMessage, type ConsoleMessage } from "./messages.js";

const raw = (x: unknown) => decodeConsoleMessage(JSON.stringify(x));

describe("console messages", () => {
  it("round-trips every message, as text or bytes", () => {
    const messages: ConsoleMessage[] = [
      {
        t: "console-caps",
        caps: { focusDistance: { min: 10, max: 100, step: 5 }, focusMode: ["manual", "continuous"], torch: true },
        settings: { focusDistance: 50, focusMode: "manual", deviceId: "d1", width: 1280 },
        lenses: [
          { id: "d1", label: "Back camera", facing: "back" },
          { id: "d2", label: "fake_device_1" },
        ],
      },
      { t: "console-settings", settings: { zoom: 2 } },
      { t: "console-set", id: 1, prop: "focusDistance", value: 35 },
      { t: "console-set", id: 2, prop: "focusMode", value: "continuous" },
      { t: "console-set", id: 3, prop: "torch", value: true },
      { t: "console-set", id: 4, prop: "pointsOfInterest", value: { x: 0.25, y: 0.75 } },
      { t: "console-set", id: 5, prop: "lens", value: "d2" },
      { t: "console-set", id: 6, prop: "resolution", value: "1080p" },
      { t: "console-set", id: 7, prop: "frameRate", value: 24 },
      { t: "console-result", id: 1, settings: { focusDistance: 35 } },
      {
        t: "console-result",
        id: 2,
        settings: {},
        error: "The phone's camera can't set Focus to that; nothing changed.",
      },
      { t: "console-lock", locked: true },
    ];
    for (const msg of messages) {
      expect(decodeConsoleMessage(encodeConsoleMessage(msg))).toEqual({ ok: true, msg });
      expect(decodeConsoleMessage(new TextEncoder().encode(encodeConsoleMessage(msg)))).toEqual({ ok: true, msg });
    }
  });

  it("leaves other modules' messages alone, and the link's decoder passes console ones on", () => {
    expect(decodeConsoleMessage("not json")).toBeUndefined();
    expect(raw({ t: "bye" })).toBeUndefined();
    expect(raw({ t: "sas-commit", c: "x" })).toBeUndefined();
    expect(raw([1, 2])).toBeUndefined();
    expect(decodeLinkMessage(encodeConsoleMessage({ t: "console-lock", locked: false }))).toEqual({
      t: "console-lock",
      locked: false,
    });
  });

  it("refuses a command for an unknown property or with a wrong value type, keeping its id to answer", () => {
    expect(raw({ t: "console-set", id: 9, prop: "shutterSound", value: 1 })).toEqual({
      ok: false,
      id: 9,
      error: 'The phone has no setting called "shutterSound".',
    });
    expect(raw({ t: "console-set", id: 9, prop: "focusDistance", value: "near" })).toEqual({
      ok: false,
      id: 9,
      error: 'Focus needs a number, not "near".',
    });
    expect(raw({ t: "console-set", id: 9, prop: "zoom", value: null })).toMatchObject({ ok: false, id: 9 });
    expect(raw({ t: "console-set", id: 9, prop: "focusMode", value: "auto" })).toEqual({
      ok: false,
      id: 9,
      error: 'Focus has no mode "auto".',
    });
    expect(raw({ t: "console-set", id: 9, prop: "torch", value: "on" })).toMatchObject({ ok: false, id: 9 });
    expect(raw({ t: "console-set", id: 9, prop: "pointsOfInterest", value: { x: 1 } })).toMatchObject({ ok: false });
    expect(raw({ t: "console-set", id: 9, prop: "pointsOfInterest", value: [{ x: 1, y: 1 }] })).toMatchObject({
      ok: false,
    });
    expect(raw({ t: "console-set", id: 9, prop: "resolution", value: "4k" })).toMatchObject({ ok: false, id: 9 });
    expect(raw({ t: "console-set", id: 9, prop: "frameRate", value: -5 })).toMatchObject({ ok: false, id: 9 });
    expect(raw({ t: "console-set", id: 9, prop: "lens", value: "" })).toMatchObject({ ok: false, id: 9 });
    expect(raw({ t: "console-set", id: 9, prop: "toString", value: 1 })).toMatchObject({ ok: false, id: 9 });
  });

  it("refuses a command without a usable id, and unknown console message types", () => {
    expect(raw({ t: "console-set", prop: "zoom", value: 2 })).toEqual({ ok: false, error: "console-set needs an id" });
    expect(raw({ t: "console-set", id: -1, prop: "zoom", value: 2 })).toMatchObject({ ok: false });
    expect(raw({ t: "console-set", id: 1.5, prop: "zoom", value: 2 })).toMatchObject({ ok: false });
    expect(raw({ t: "console-reboot" })).toEqual({ ok: false, error: 'unknown console message "console-reboot"' });
  });

  it("refuses capabilities, settings, results and locks with a wrong type", () => {
    const caps = { t: "console-caps", caps: {}, settings: {}, lenses: [] };
    expect(raw(caps)).toMatchObject({ ok: true });
    expect(raw({ ...caps, caps: { zoom: { min: "1", max: 2 } } })).toMatchObject({ ok: false });
    expect(raw({ ...caps, settings: { torch: "yes" } })).toMatchObject({ ok: false });
    expect(raw({ ...caps, lenses: [{ id: "a", label: 3 }] })).toMatchObject({ ok: false });
    expect(raw({ ...caps, lenses: [{ id: "a", label: "A", facing: "up" }] })).toMatchObject({ ok: false });
    expect(raw({ ...caps, lenses: Array.from({ length: 17 }, (_, i) => ({ id: `${i}`, label: "" })) })).toMatchObject({
      ok: false,
    });
    expect(raw({ t: "console-settings", settings: { zoom: "2" } })).toMatchObject({ ok: false });
    expect(raw({ t: "console-result", id: 3, settings: {}, error: 5 })).toEqual({
      ok: false,
      id: 3,
      error: "bad error text",
    });
    expect(raw({ t: "console-lock", locked: "yes" })).toMatchObject({ ok: false });
  });

  it("refuses an oversized message before parsing it", () => {
    const big = JSON.stringify({ t: "console-settings", settings: {}, pad: "x".repeat(20_000) });
    expect(decodeConsoleMessage(big)).toEqual({ ok: false, error: "console message too long" });
  });
});
