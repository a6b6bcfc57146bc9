// The phone's console host with two laptops, one verified and one not, over a scripted track with the fake
// camera's capabilities whose applyConstraints can be held open (a slider dragged while the camera works).
import { describe, expect, it } from "vitest";
import type { ConsoleTrack } from "./applier.js";
import { CHROMIUM_FAKE } from "./fixtures/chromium-fake.js";
import { encodeConsoleMessage, type ConsoleMessage } from "./messages.js";
import {
  LOCKED_ERROR,
  PhoneConsole,
  RATE_ERROR,
  type CameraChoiceChange,
  type ConsoleChange,
} from "./phone-console.js";

function setup() {
  const applied: MediaTrackConstraints[] = [];
  const gates: (() => void)[] = [];
  let hold = false;
  let settings: Record<string, unknown> = { ...CHROMIUM_FAKE.settings };
  const track: ConsoleTrack = {
    readyState: "live",
    getCapabilities: () => CHROMIUM_FAKE.capabilities,
    getSettings: () => settings,
    applyConstraints: async (c) => {
      applied.push(c ?? {});
      if (hold) await new Promise<void>((resolve) => gates.push(resolve));
      settings = { ...settings, ...c?.advanced?.[0] };
    },
  };
  const sent: { to: string; msg: ConsoleMessage }[] = [];
  const changes: ConsoleChange[] = [];
  const choices: CameraChoiceChange[] = [];
  const verified = new Set(["laptop", "other"]);
  let now = 0;
  const host = new PhoneConsole({
    send: (to, msg) => sent.push({ to, msg: JSON.parse(encodeConsoleMessage(msg)) }),
    isVerified: (peer) => verified.has(peer),
    peers: () => ["laptop", "other", "stranger"],
    track: () => track,
    lenses: async () => [
      { id: CHROMIUM_FAKE.settings.deviceId, label: "fake_device_0" },
      { id: "second", label: "fake_device_1" },
    ],
    choose: async (choice) => {
      choices.push(choice);
      return undefined;
    },
    base: () => ({ width: { ideal: 1280 } }),
    supported: () => CHROMIUM_FAKE.supported,
    onChange: (c) => changes.push(c),
    now: () => now,
  });
  const set = (peer: string, id: number, prop: string, value: unknown) =>
    host.receive(peer, JSON.stringify({ t: "console-set", id, prop, value }));
  const to = (peer: string) => sent.filter((s) => s.to === peer).map((s) => s.msg);
  const release = async () => {
    gates.shift()?.();
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return {
    host,
    applied,
    sent,
    changes,
    choices,
    verified,
    set,
    to,
    release,
    hold: (on: boolean) => {
      hold = on;
    },
    tick: (ms: number) => {
      now += ms;
    },
  };
}

describe("PhoneConsole", () => {
  it("announces capabilities, settings, lenses and the lock to verified laptops only", async () => {
    const t = setup();
    await t.host.announce();
    expect(t.to("laptop").map((m) => m.t)).toEqual(["console-caps", "console-lock"]);
    expect(t.to("laptop")[0]).toMatchObject({
      caps: { focusDistance: { min: 10, max: 100, step: 5 }, pointsOfInterest: true },
      settings: { focusDistance: 50 },
      lenses: [{ label: "fake_device_0" }, { label: "fake_device_1" }],
    });
    expect(t.to("other")).toHaveLength(2);
    expect(t.to("stranger")).toEqual([]);
  });

  it("applies a verified laptop's command, answers it, tells the other laptops and the holder", async () => {
    const t = setup();
    expect(t.set("laptop", 1, "focusDistance", 25)).toBe(true);
    await t.host.idle();
    expect(t.applied).toEqual([{ width: { ideal: 1280 }, advanced: [{ focusDistance: 25, focusMode: "manual" }] }]);
    expect(t.to("laptop")).toEqual([
      { t: "console-result", id: 1, settings: expect.objectContaining({ focusDistance: 25 }) },
    ]);
    expect(t.to("other")).toEqual([
      { t: "console-settings", settings: expect.objectContaining({ focusDistance: 25 }) },
    ]);
    expect(t.to("stranger")).toEqual([]);
    expect(t.changes).toEqual([{ prop: "focusDistance", label: "Focus", peer: "laptop" }]);
  });

  it("an unapproved viewer's commands change nothing and get no answer", async () => {
    const t = setup();
    expect(t.set("stranger", 1, "focusDistance", 25)).toBe(true);
    expect(t.host.receive("stranger", "{bad json")).toBe(false);
    expect(t.set("stranger", 2, "nonsense", 1)).toBe(true);
    await t.host.idle();
    expect(t.applied).toEqual([]);
    expect(t.sent).toEqual([]);
    expect(t.changes).toEqual([]);
  });

  it("refuses bad values with a message and changes nothing", async () => {
    const t = setup();
    t.set("laptop", 1, "focusDistance", "closer");
    t.set("laptop", 2, "zoom", 2);
    t.set("laptop", 3, "focusMode", "single-shot");
    await t.host.idle();
    expect(t.applied).toEqual([]);
    expect(t.to("laptop").map((m) => (m.t === "console-result" ? m.error : m.t))).toEqual([
      'Focus needs a number, not "closer".',
      "This camera has no Zoom control.",
      "Focus can't be set to Once on this camera.",
    ]);
    expect(t.changes).toEqual([]);
  });

  it("locked by the holder: commands are refused until unlocked, and laptops are told", async () => {
    const t = setup();
    t.host.setLocked(true);
    expect(t.to("laptop")).toEqual([{ t: "console-lock", locked: true }]);
    t.set("laptop", 1, "focusDistance", 25);
    await t.host.idle();
    expect(t.applied).toEqual([]);
    expect(t.to("laptop")[1]).toMatchObject({ id: 1, error: LOCKED_ERROR });
    t.host.setLocked(false);
    t.set("laptop", 2, "focusDistance", 25);
    await t.host.idle();
    expect(t.applied).toHaveLength(1);
  });

  it("a dragged slider: one applyConstraints in flight, then only the newest value; every command answered", async () => {
    const t = setup();
    t.hold(true);
    t.set("laptop", 1, "focusDistance", 20);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    for (let id = 2; id <= 7; id++) t.set("laptop", id, "focusDistance", 20 + id * 5);
    await t.release();
    await t.release();
    await t.host.idle();
    expect(t.applied.map((c) => c.advanced)).toEqual([
      [{ focusDistance: 20, focusMode: "manual" }],
      [{ focusDistance: 55, focusMode: "manual" }],
    ]);
    const answered = t.to("laptop").map((m) => (m.t === "console-result" ? m.id : 0));
    expect(answered.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("rate-limits each laptop on its own: a burst past the limit is refused in words", async () => {
    const t = setup();
    for (let id = 1; id <= 10; id++) t.set("laptop", id, "exposureTime", 10 + id * 5);
    t.set("other", 11, "exposureTime", 70);
    await t.host.idle();
    const errors = t.to("laptop").filter((m) => m.t === "console-result" && m.error === RATE_ERROR);
    expect(errors.map((m) => (m.t === "console-result" ? m.id : 0))).toEqual([9, 10]);
    expect(t.to("other").filter((m) => m.t === "console-result")).toEqual([
      expect.not.objectContaining({ error: expect.anything() }),
    ]);
    t.tick(1_000);
    t.set("laptop", 12, "exposureTime", 20);
    await t.host.idle();
    expect(t.to("laptop").at(-1)).toMatchObject({ id: 12, settings: { exposureTime: 20 } });
  });

  it("lens, resolution and frame rate go to the page as a camera choice", async () => {
    const t = setup();
    await t.host.announce();
    t.set("laptop", 1, "lens", "second");
    await t.host.idle();
    t.tick(1_000);
    t.set("laptop", 2, "resolution", "1080p");
    t.set("laptop", 3, "lens", "not-a-camera");
    await t.host.idle();
    expect(t.choices).toEqual([{ lens: "second" }, { resolution: "1080p" }]);
    expect(t.to("laptop").at(-1)).toMatchObject({ id: 3, error: "That camera is not on the phone." });
    expect(t.changes.map((c) => c.label)).toEqual(["Camera", "Resolution"]);
  });
});
